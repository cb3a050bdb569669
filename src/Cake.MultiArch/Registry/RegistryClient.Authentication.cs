using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Secrets;

namespace Cake.MultiArch.Registry;

/// <summary>
/// Authentication: every call goes through <see cref="SendAsync"/>, which answers a registry's challenge with basic
/// credentials or a bearer token from its token service (the Docker registry token specification), and keeps
/// the tokens per scope for the calls after.
/// </summary>
internal sealed partial class RegistryClient
{
    private readonly object _authGate = new();
    private readonly Dictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private bool _basicChallenged;

    /// <summary>
    /// Sends a call and answers one authentication challenge: the single place every call goes through,
    /// where a retry policy can be added later. Returns the response whatever its status.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        var response = await SendOnceAsync(request, CachedAuthorization(request), cancellationToken).ConfigureAwait(false);

        // A streamed body is read once: it cannot be sent again after a challenge (its upload session authenticated it).
        if (response.StatusCode != HttpStatusCode.Unauthorized || request.Upload is not null)
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

        // The challenge's scopes first, then any the call needs beyond them: a mount needs pull on its source
        // repository too, which a registry's challenge for the target alone does not name.
        var scopes = (challenge.Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [])
            .Concat(request.Scopes)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var scope = scopes.Count == 0 ? null : string.Join(' ', scopes);
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

                    query.AddRange(scopes.Select(s => "scope=" + Uri.EscapeDataString(s)));

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
}
