using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Registry;

/// <summary>The send path: one method that sends a call, answers authentication challenges, and translates network failures.</summary>
internal sealed partial class RegistryClient
{
    private readonly object _authGate = new();
    private readonly Dictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private bool _basicChallenged;
    private volatile string? _certificateError;

    /// <summary>
    /// Sends a call and answers one authentication challenge: the single place every call goes through,
    /// where a retry policy can be added later. Returns the response whatever its status.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        var response = await SendOnceAsync(request, CachedAuthorization(request), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        var challenges = response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values)
            ? values.SelectMany(AuthenticationChallenge.ParseAll).ToList()
            : [];
        AuthenticationHeaderValue? authorization = null;
        if (challenges.FirstOrDefault(c => c.IsBearer && c.Realm is not null) is { } bearer)
        {
            var token = await FetchTokenAsync(bearer, request, cancellationToken).ConfigureAwait(false);
            authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (challenges.Any(c => c.IsBasic) && _settings.Credentials.HasUsernamePassword)
        {
            lock (_authGate)
            {
                _basicChallenged = true;
            }

            authorization = BasicAuthorization();
        }

        if (authorization is null)
        {
            return response;
        }

        response.Dispose();
        return await SendOnceAsync(request, authorization, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(RegistryRequest request, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        var response = await TransmitAsync(
            () =>
            {
                var message = new HttpRequestMessage(request.Method, request.Path);
                foreach (var type in request.Accept)
                {
                    message.Headers.Accept.ParseAdd(type);
                }

                message.Headers.Authorization = authorization;
                if (request.Content is not null)
                {
                    message.Content = new ByteArrayContent(request.Content);
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType ?? "application/octet-stream");
                }

                return message;
            },
            request.Operation,
            new Uri(_settings.BaseAddress, request.Path),
            cancellationToken).ConfigureAwait(false);

        _log?.Verbose("{0} {1}{2} -> {3}", request.Method, _settings.BaseAddress, request.Path, (int)response.StatusCode);

        // Go's TLS server answers a plain HTTP request with this 400 instead of a handshake.
        if (_settings.Insecure && response.StatusCode == HttpStatusCode.BadRequest && request.Method != HttpMethod.Head)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (RegistryFailure.IsTlsServersReplyToPlainHttp(text))
            {
                response.Dispose();
                throw RegistryFailure.SpeaksHttps(_settings, request);
            }
        }

        return response;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, RegistryRequest request, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var failure = RegistryFailure.FromResponse(_settings, request, response.StatusCode, response.ReasonPhrase, RegistryErrorBody.Parse(body));

        // 429 and 5xx are worth another try (RetryPolicy reads these); a Retry-After the registry sent is honoured.
        var code = (int)response.StatusCode;
        if (code == 429 || code >= 500)
        {
            var retryAfter = response.Headers.RetryAfter is { } header
                ? header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null)
                : null;
            throw new MultiArchException(failure.Message) { TransientCause = $"HTTP {code}", RetryAfter = retryAfter };
        }

        throw failure;
    }

    private AuthenticationHeaderValue? CachedAuthorization(RegistryRequest request)
    {
        lock (_authGate)
        {
            if (_tokens.TryGetValue(request.Scope ?? "", out var cached) && cached.Expires > DateTimeOffset.UtcNow)
            {
                return new AuthenticationHeaderValue("Bearer", cached.Token);
            }

            return _basicChallenged ? BasicAuthorization() : null;
        }
    }

    private AuthenticationHeaderValue BasicAuthorization()
    {
        var credentials = _settings.Credentials;
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.Username}:{credentials.Password}"));
        SecretMasker.Register(encoded);
        return new AuthenticationHeaderValue("Basic", encoded);
    }

    /// <summary>
    /// The token flow of the Docker registry token specification: ask the realm for a token for the service and
    /// scope, with basic credentials if there are any (or, for an identity token, the OAuth2 refresh-token grant).
    /// </summary>
    private async Task<string> FetchTokenAsync(AuthenticationChallenge challenge, RegistryRequest request, CancellationToken cancellationToken)
    {
        var cacheKey = request.Scope ?? "";
        var scope = challenge.Scope ?? request.Scope;
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || realm.Scheme is not ("https" or "http"))
        {
            throw new MultiArchException(
                $"{request.Operation} on registry {Registry} failed: the registry asked for a token from '{challenge.Realm}', which is not an " +
                "HTTP(S) address. The registry's auth configuration is broken: check its token realm setting.");
        }

        var credentials = _settings.Credentials;
        var response = await TransmitAsync(
            () =>
            {
                HttpRequestMessage message;
                if (credentials.IdentityToken is not null)
                {
                    var form = new List<KeyValuePair<string, string>>
                    {
                        new("grant_type", "refresh_token"),
                        new("refresh_token", credentials.IdentityToken),
                        new("client_id", "cake-multiarch"),
                    };
                    if (challenge.Service is not null)
                    {
                        form.Add(new("service", challenge.Service));
                    }

                    if (scope is not null)
                    {
                        form.Add(new("scope", scope));
                    }

                    message = new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
                }
                else
                {
                    var query = new List<string>();
                    if (challenge.Service is not null)
                    {
                        query.Add("service=" + Uri.EscapeDataString(challenge.Service));
                    }

                    if (scope is not null)
                    {
                        query.Add("scope=" + Uri.EscapeDataString(scope));
                    }

                    if (credentials.HasUsernamePassword)
                    {
                        query.Add("account=" + Uri.EscapeDataString(credentials.Username!));
                    }

                    var builder = new UriBuilder(realm);
                    builder.Query = string.Join("&", new[] { builder.Query.TrimStart('?') }.Where(q => q.Length > 0).Concat(query));
                    message = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
                    if (credentials.HasUsernamePassword)
                    {
                        message.Headers.Authorization = BasicAuthorization();
                    }
                }

                return message;
            },
            "Getting a token for " + request.Operation.ToLowerInvariant(),
            realm,
            cancellationToken).ConfigureAwait(false);

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var said = RegistryErrorBody.Parse(body).Describe() is { } description ? $" It says: {description}." : "";
                var hint = (int)response.StatusCode is 401 or 403
                    ? credentials.IsAnonymous
                        ? $"The registry does not give anonymous tokens: log in with `docker login {Registry}` or give a user name and password."
                        : $"The credentials ({credentials}) were refused: check them, or log in again with `docker login {Registry}`."
                    : "Check that the token service is running and reachable from this machine.";
                throw new MultiArchException(SecretMasker.Apply(
                    $"{request.Operation} {request.Target} on registry {Registry} failed: the token service {realm.GetLeftPart(UriPartial.Path)} " +
                    $"answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} for scope '{scope}'.{said} {hint}"));
            }

            string? token = null;
            var lifetime = 60;
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                token = root.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
                    : root.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()
                    : null;
                if (root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0)
                {
                    lifetime = seconds;
                }
            }
            catch (JsonException)
            {
                token = null;
            }

            if (string.IsNullOrEmpty(token))
            {
                throw new MultiArchException(
                    $"{request.Operation} {request.Target} on registry {Registry} failed: the token service {realm.GetLeftPart(UriPartial.Path)} " +
                    "answered without a 'token' or 'access_token'. Check that the realm the registry names is its token service.");
            }

            SecretMasker.Register(token);
            lock (_authGate)
            {
                // Renew a little early, so a token does not expire between check and use.
                _tokens[cacheKey] = (token, DateTimeOffset.UtcNow.AddSeconds(Math.Max(lifetime - 10, 1)));
            }

            return token;
        }
    }

    /// <summary>Sends one HTTP request and turns network and TLS failures into messages that say what to do.</summary>
    private async Task<HttpResponseMessage> TransmitAsync(Func<HttpRequestMessage> create, string operation, Uri uri, CancellationToken cancellationToken)
    {
        using var message = create();
        try
        {
            return await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw await DescribeNetworkFailureAsync(exception, operation, uri, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MultiArchException(
                $"{operation} on registry {Registry} failed: {uri.GetLeftPart(UriPartial.Authority)} did not answer within {_http.Timeout}. " +
                "Check that the registry is up and reachable, or allow more time with Timeout.", exception);
        }
    }

    private async Task<MultiArchException> DescribeNetworkFailureAsync(HttpRequestException exception, string operation, Uri uri, CancellationToken cancellationToken)
    {
        var prefix = $"{operation} on registry {Registry} failed:";
        var hostPort = $"{uri.Host}:{uri.Port}";
        var socket = Find<SocketException>(exception);
        switch (exception.HttpRequestError)
        {
            case HttpRequestError.NameResolutionError:
            case HttpRequestError.ConnectionError when socket?.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain:
                return new MultiArchException(
                    $"{prefix} the host '{uri.Host}' does not resolve. Check the registry name for typos, and this machine's DNS settings.", exception);
            case HttpRequestError.ConnectionError when socket?.SocketErrorCode == SocketError.ConnectionRefused:
                return new MultiArchException(
                    $"{prefix} connection refused at {hostPort}. Is the registry running and listening on port {uri.Port}? " +
                    "Start it, or fix the port in the registry address.", exception) { TransientCause = "connection refused" };
            case HttpRequestError.ConnectionError when socket?.SocketErrorCode == SocketError.ConnectionReset:
                return new MultiArchException(
                    $"{prefix} the connection to {hostPort} was reset. The registry may be restarting; try again.", exception) { TransientCause = "connection reset" };
            case HttpRequestError.SecureConnectionError when _certificateError is { } certificateError:
                return new MultiArchException(
                    $"{prefix} the TLS certificate of {hostPort} is not trusted ({certificateError}). Set CaCertificateFile to the certificate " +
                    "of the CA that signed it (for a self-signed certificate, the certificate itself); for a test registry only, SkipTlsVerify = true.",
                    exception);
            case HttpRequestError.SecureConnectionError when await SpeaksPlainHttpAsync(uri, cancellationToken).ConfigureAwait(false):
                return new MultiArchException(
                    $"{prefix} {hostPort} speaks plain HTTP, but the client expected HTTPS. Set Insecure = true for a registry that serves " +
                    "plain HTTP (only on a trusted network: credentials would travel unencrypted), or configure TLS on the registry.", exception)
                {
                    RegistryProblem = RegistryProblem.SpeaksPlainHttp,
                };
            case HttpRequestError.SecureConnectionError:
                return new MultiArchException(
                    $"{prefix} the TLS handshake with {hostPort} failed ({Innermost(exception).Message}). Check that the registry serves " +
                    "HTTPS on that port.", exception);
            default:
                return new MultiArchException(
                    $"{prefix} could not reach {hostPort} ({Innermost(exception).Message}). Check the registry address, and that it is reachable " +
                    "from this machine.", exception);
        }
    }

    // After a failed handshake, one plain HTTP request tells "this is an HTTP server" from other TLS failures.
    private static async Task<bool> SpeaksPlainHttpAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await probe.GetAsync(new UriBuilder(uri) { Scheme = "http", Port = uri.Port }.Uri, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }

    private SocketsHttpHandler CreateHandler(RegistryClientSettings settings)
    {
        var roots = settings.CaCertificateFile is null ? null : LoadCertificates(settings.CaCertificateFile);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None || settings.SkipTlsVerify)
            {
                return true;
            }

            if (roots is not null && certificate is not null && errors == SslPolicyErrors.RemoteCertificateChainErrors)
            {
                using var custom = new X509Chain();
                custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                custom.ChainPolicy.CustomTrustStore.AddRange(roots);
                custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                using var leaf = new X509Certificate2(certificate);
                if (custom.Build(leaf))
                {
                    return true;
                }

                _certificateError = "not signed by the CA in " + settings.CaCertificateFile + ": " +
                    string.Join(", ", custom.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
                return false;
            }

            _certificateError = errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
                ? $"it is not issued for the name '{settings.ApiHost}'"
                : "it is not signed by a CA this machine trusts" +
                  (chain is null ? "" : ": " + string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct()));
            return false;
        };
        return handler;
    }

    private static X509Certificate2Collection LoadCertificates(string file)
    {
        if (!File.Exists(file))
        {
            throw new MultiArchException($"The CA certificate file '{file}' does not exist. Set CaCertificateFile to the PEM file of the registry's CA.");
        }

        try
        {
            var collection = new X509Certificate2Collection();
            var text = File.ReadAllText(file);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                collection.ImportFromPemFile(file);
            }
            else
            {
                collection.Add(X509CertificateLoader.LoadCertificateFromFile(file));
            }

            return collection;
        }
        catch (Exception exception) when (exception is CryptographicException or AuthenticationException)
        {
            throw new MultiArchException(
                $"The CA certificate file '{file}' could not be read as a certificate ({exception.Message}). Give a PEM or DER certificate file.", exception);
        }
    }
}
