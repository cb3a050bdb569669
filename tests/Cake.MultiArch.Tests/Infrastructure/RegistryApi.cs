using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// A small registry HTTP API v2 client for test assertions, sharing no code with the product: what the registry
/// really holds, read with plain <see cref="HttpClient"/>. Sends basic auth when given credentials, and trusts
/// exactly the given self-signed certificate for TLS.
/// </summary>
public sealed class RegistryApi : IDisposable
{
    private static readonly string[] ManifestAccept =
        [MediaTypes.DockerManifestList, MediaTypes.OciIndex, MediaTypes.DockerManifest, MediaTypes.OciManifest];

    private readonly HttpClient _http;
    private readonly X509Certificate2? _trusted;

    /// <summary>Creates a client for one registry.</summary>
    /// <param name="baseUri">The registry's root, such as <c>http://127.0.0.1:5000/</c>.</param>
    /// <param name="credentials">A user and password for basic auth, or <see langword="null"/> for anonymous requests.</param>
    /// <param name="trustedCertificatePath">A PEM certificate to trust as the only root for TLS, or <see langword="null"/> for the system's roots.</param>
    public RegistryApi(Uri baseUri, (string User, string Password)? credentials = null, string? trustedCertificatePath = null)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) };
        if (trustedCertificatePath is not null)
        {
            _trusted = X509Certificate2.CreateFromPem(File.ReadAllText(trustedCertificatePath));
            var trusted = _trusted;
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(trusted);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
            };
        }

        _http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (credentials is var (user, password))
        {
            _http.DefaultRequestHeaders.Authorization =
                new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
    }

    /// <summary>The status of <c>GET /v2/</c>: 200 when the registry lets this client in, 401 when it wants credentials.</summary>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task<HttpStatusCode> PingAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync("v2/", cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    /// <summary>Gets a manifest (list, index or single image) by tag or digest; throws when the registry answers with an error.</summary>
    /// <param name="repository">The repository, such as <c>tests/app</c>.</param>
    /// <param name="reference">A tag or a digest.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task<RegistryManifest> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken = default) =>
        await TryGetManifestAsync(repository, reference, cancellationToken).ConfigureAwait(false)
        ?? throw new HttpRequestException($"{repository}:{reference} has no manifest in {_http.BaseAddress} (404).", null, HttpStatusCode.NotFound);

    /// <summary>Gets a manifest by tag or digest, or <see langword="null"/> when the registry does not know it (404).</summary>
    /// <param name="repository">The repository, such as <c>tests/app</c>.</param>
    /// <param name="reference">A tag or a digest.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task<RegistryManifest?> TryGetManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{reference}");
        foreach (var mediaType in ManifestAccept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await EnsureSuccessAsync(response, $"GET manifest {repository}:{reference}", cancellationToken).ConfigureAwait(false);
        var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : "";
        var mediaTypeHeader = response.Content.Headers.ContentType?.MediaType ?? "";
        return new RegistryManifest(mediaTypeHeader, digest, body);
    }

    /// <summary>
    /// The image manifest a per-arch push names: the manifest itself for a plain image, or, for BuildKit's index of an
    /// image and its attestations, the index's one image entry, read by digest.
    /// </summary>
    /// <param name="repository">The repository, such as <c>tests/app</c>.</param>
    /// <param name="reference">A tag or a digest.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task<RegistryManifest> GetImageManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        var manifest = await GetManifestAsync(repository, reference, cancellationToken).ConfigureAwait(false);
        return manifest.IsList
            ? await GetManifestAsync(repository, manifest.Images.Single().Digest, cancellationToken).ConfigureAwait(false)
            : manifest;
    }

    /// <summary>The tags of a repository, as the registry lists them; empty when the repository does not exist.</summary>
    /// <param name="repository">The repository, such as <c>tests/app</c>.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync($"v2/{repository}/tags/list", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        var body = await EnsureSuccessAsync(response, $"GET tags of {repository}", cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? tags.EnumerateArray().Select(t => t.GetString()!).ToArray()
            : [];
    }

    /// <summary>Reads an image's config blob for the platform it records.</summary>
    /// <param name="repository">The repository, such as <c>tests/app</c>.</param>
    /// <param name="configDigest">The config digest from a single-image manifest (<see cref="RegistryManifest.ConfigDigest"/>).</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task<ImageConfig> GetConfigAsync(string repository, string configDigest, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync($"v2/{repository}/blobs/{configDigest}", cancellationToken).ConfigureAwait(false);
        var body = await EnsureSuccessAsync(response, $"GET config blob {repository}@{configDigest}", cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        return new ImageConfig(
            root.GetProperty("os").GetString()!,
            root.GetProperty("architecture").GetString()!,
            root.TryGetProperty("variant", out var variant) ? variant.GetString() : null,
            body);
    }

    /// <summary>Whether the repository holds a blob (<c>HEAD /v2/&lt;name&gt;/blobs/&lt;digest&gt;</c> answers 200).</summary>
    /// <param name="repository">The repository, such as <c>tests/app</c>.</param>
    /// <param name="digest">The blob's digest.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task<bool> HasBlobAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/blobs/{digest}");
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Deletes a manifest by digest (the registry runs with deletes enabled); throws when the registry refuses.</summary>
    /// <param name="repository">The repository, such as <c>tests/app</c>.</param>
    /// <param name="digest">The manifest's digest; registries do not delete by tag.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        using var response = await _http.DeleteAsync($"v2/{repository}/manifests/{digest}", cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"DELETE manifest {repository}@{digest}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Puts a manifest under a tag, as a hand-written list; throws when the registry refuses it.</summary>
    /// <param name="repository">The repository, such as <c>tests/app</c>.</param>
    /// <param name="tag">The tag.</param>
    /// <param name="mediaType">The manifest's media type.</param>
    /// <param name="json">The manifest.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task PutManifestAsync(string repository, string tag, string mediaType, string json, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await _http.PutAsync($"v2/{repository}/manifests/{tag}", content, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"PUT manifest {repository}:{tag}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the HTTP client.</summary>
    public void Dispose()
    {
        _http.Dispose();
        _trusted?.Dispose();
    }

    private async Task<string> EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"{what} at {_http.BaseAddress} answered {(int)response.StatusCode} {response.StatusCode}: {body.Trim()}",
                null,
                response.StatusCode);
        }

        return body;
    }
}
