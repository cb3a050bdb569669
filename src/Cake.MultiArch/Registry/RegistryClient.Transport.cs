using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Retries;

namespace Cake.MultiArch.Registry;

/// <summary>The send path below authentication: one HTTP request, its failures translated into what to do, and the TLS trust it runs with.</summary>
internal sealed partial class RegistryClient
{
    private volatile string? _certificateError;

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
                else if (request.Upload is not null)
                {
                    // Streamed as it is read: a layer goes from one registry to the other without being held in memory.
                    message.Content = new StreamContent(request.Upload);
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                    message.Content.Headers.ContentLength = request.UploadLength;
                }

                return message;
            },
            request.Operation,
            new Uri(_settings.BaseAddress, request.Path),
            cancellationToken,
            request.StreamResponse ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
            bounded: request.Upload is null).ConfigureAwait(false);

        _log?.Verbose("{0} {1}{2} -> {3}", request.Method, _settings.BaseAddress, request.Path, (int)response.StatusCode);

        // Go's TLS server answers a plain HTTP request with this 400 instead of a handshake.
        if (_settings.PlainHttp && response.StatusCode == HttpStatusCode.BadRequest && request.Method != HttpMethod.Head)
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

    /// <summary>Sends one HTTP request and turns network and TLS failures into messages that say what to do.</summary>
    private async Task<HttpResponseMessage> TransmitAsync(
        Func<HttpRequestMessage> create, string operation, Uri uri, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead,
        bool bounded = true)
    {
        using var message = create();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (bounded)
        {
            limit.CancelAfter(_requestTimeout);
        }

        try
        {
            return await _http.SendAsync(message, completion, limit.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw await DescribeNetworkFailureAsync(exception, operation, uri, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MultiArchException(
                $"{operation} on registry {Registry} failed: {uri.GetLeftPart(UriPartial.Authority)} did not answer within {_requestTimeout}. " +
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
