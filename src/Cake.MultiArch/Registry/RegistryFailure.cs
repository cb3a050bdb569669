using System.Net;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Secrets;

namespace Cake.MultiArch.Registry;

/// <summary>
/// Turns a refused registry call into a <see cref="MultiArchException"/> whose message names the registry, the
/// repository and reference, the status, the registry's own error, and what to do. Secrets are masked.
/// </summary>
internal static class RegistryFailure
{
    /// <summary>The marker text Go's TLS server answers to a plain HTTP request.</summary>
    private const string HttpToHttpsServer = "HTTP request to an HTTPS server";

    /// <summary>Whether a 400 answer's body is a TLS server's reply to plain HTTP: Go's (the registry's own) or nginx's in front of one.</summary>
    /// <param name="body">The answer's body.</param>
    public static bool IsTlsServersReplyToPlainHttp(string body) =>
        body.Contains(HttpToHttpsServer, StringComparison.OrdinalIgnoreCase) ||
        body.Contains("plain HTTP request was sent to HTTPS port", StringComparison.OrdinalIgnoreCase);

    /// <summary>Builds the exception for an unsuccessful response.</summary>
    /// <param name="settings">The client's settings.</param>
    /// <param name="request">The call that failed.</param>
    /// <param name="status">The status code.</param>
    /// <param name="reason">The reason phrase, if any.</param>
    /// <param name="body">The error body.</param>
    public static MultiArchException FromResponse(RegistryClientSettings settings, RegistryRequest request, HttpStatusCode status, string? reason, RegistryErrorBody body)
    {
        var code = (int)status;
        var what = request.Target.Length == 0 ? request.Operation : $"{request.Operation} {request.Target}";
        var statusText = string.IsNullOrEmpty(reason) ? $"{code}" : $"{code} {reason}";
        var said = body.Describe() is { } description ? $" The registry says: {description}." : "";
        var message = $"{what} on registry {settings.Registry} failed: HTTP {statusText}.{said} {Hint(settings, request, status, body)}";
        return new MultiArchException(SecretMasker.Apply(message.TrimEnd()))
        {
            RegistryStatus = status,
            RegistryProblem = status != HttpStatusCode.Unauthorized ? null
                : settings.Credentials.IsAnonymous ? RegistryProblem.AuthenticationRequired : RegistryProblem.CredentialsRefused,
        };
    }

    /// <summary>Builds the exception for a registry that answered a plain HTTP request as a TLS server would.</summary>
    /// <param name="settings">The client's settings.</param>
    /// <param name="request">The call that failed.</param>
    public static MultiArchException SpeaksHttps(RegistryClientSettings settings, RegistryRequest request) =>
        new($"{request.Operation} on registry {settings.Registry} failed: the registry speaks HTTPS, but Insecure = true made the client " +
            $"use plain HTTP ({settings.BaseAddress}). Set Insecure = false for this registry; if its certificate is self-signed, " +
            "also set CaCertificateFile to it.") { RegistryProblem = RegistryProblem.SpeaksHttps };

    private static string Hint(RegistryClientSettings settings, RegistryRequest request, HttpStatusCode status, RegistryErrorBody body)
    {
        var registry = settings.Registry;
        var repository = request.Repository ?? "";
        var isManifest = request.Path.Contains("/manifests/", StringComparison.Ordinal);
        switch (status)
        {
            case HttpStatusCode.Unauthorized:
                return settings.Credentials.IsAnonymous
                    ? $"The registry requires authentication: log in with `docker login {registry}` or give a user name and password."
                    : $"The registry refused the credentials ({settings.Credentials}): check the user name and password or token for {registry}, " +
                      $"or log in again with `docker login {registry}`.";
            case HttpStatusCode.Forbidden:
                return $"The credentials are valid but may not {(request.Push ? "push to" : "pull from")} '{repository}': " +
                       "check the account's permissions on this repository, and the repository name.";
            case HttpStatusCode.NotFound when body.Has("NAME_UNKNOWN"):
                return $"The repository '{repository}' does not exist on {registry}: push an image to it first, or check the repository name.";
            case HttpStatusCode.NotFound when body.Has("BLOB_UNKNOWN"):
                return $"The blob {request.Reference} is not in '{repository}': push the image (its config and layers) to this repository first.";
            case HttpStatusCode.NotFound when isManifest:
                return $"There is no manifest {request.Target} on {registry}: push the image first (docker push {registry}/{request.Target}), " +
                       "or check the tag.";
            case HttpStatusCode.NotFound when request.Repository is null:
                return $"There is no registry API at {settings.BaseAddress}v2/: check the address and port, is it a Docker registry?";
            case HttpStatusCode.NotFound:
                return $"Check that the repository '{repository}' exists on {registry}.";
            case HttpStatusCode.BadRequest when body.Has("MANIFEST_BLOB_UNKNOWN") || body.Has("BLOB_UNKNOWN"):
                return $"The manifest refers to something that is not in '{repository}': push every per-architecture image to this " +
                       "repository before the manifest list that refers to it.";
            case HttpStatusCode.BadRequest when body.Has("MANIFEST_INVALID") || body.Has("MANIFEST_UNVERIFIED"):
                return "The registry rejected the manifest's content: check its media type and that its entries refer to images in the same repository.";
            case HttpStatusCode.BadRequest when body.Has("TAG_INVALID"):
                return $"The tag '{request.Reference}' is not valid here: use letters, digits, '_', '.' and '-' (at most 128).";
            case HttpStatusCode.BadRequest when body.Has("NAME_INVALID"):
                return $"The repository name '{repository}' is not valid here: use lower-case path components.";
            case HttpStatusCode.MethodNotAllowed:
                return $"The registry does not allow this operation (a read-only registry, a pull-through cache, or deletes disabled).";
            case HttpStatusCode.TooManyRequests:
                return "The registry limits the request rate: wait and try again, or log in for a higher limit.";
            case >= HttpStatusCode.InternalServerError when isManifest && !request.Push && request.Reference is { } reference && Images.ImageReference.IsDigest(reference):
                // distribution's filesystem storage, stopped between creating a manifest's file and writing it, keeps the empty
                // file: every read of that digest fails with 500 (unexpected end of JSON input), and pushes do not rewrite it.
                return "The registry failed on its side: check its logs and try again. If it keeps failing for this manifest only, the registry's " +
                       "stored copy may be damaged (a registry stopped while writing it can keep an empty file, which pushing again does not replace): " +
                       "remove that manifest from the registry's storage or run its garbage collection, then push the image again.";
            case >= HttpStatusCode.InternalServerError:
                return "The registry failed on its side: check its logs and try again.";
            default:
                return "";
        }
    }
}
