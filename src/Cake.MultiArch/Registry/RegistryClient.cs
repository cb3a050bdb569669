using System.Net;
using System.Text.Json;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Images;

namespace Cake.MultiArch.Registry;

/// <summary>
/// A client for one registry's HTTP API v2 (the OCI distribution API): reads and writes manifests and manifest lists,
/// reads config blobs and tags. Authenticates anonymously, with basic authentication, or with bearer tokens from the
/// registry's token service. Every failure is a <see cref="MultiArchException"/> that says what to do.
/// </summary>
internal sealed partial class RegistryClient : IDisposable
{
    private readonly RegistryClientSettings _settings;
    private readonly HttpClient _http;
    private readonly ICakeLog? _log;
    private readonly TimeSpan _requestTimeout;

    /// <summary>Creates a client for the registry the settings name.</summary>
    /// <param name="settings">Registry, scheme, trust, credentials and time limit.</param>
    /// <param name="log">Cake's log, for a verbose line per request; optional.</param>
    public RegistryClient(RegistryClientSettings settings, ICakeLog? log = null)
        : this(settings, null, log)
    {
    }

    /// <summary>Creates a client that sends through the given handler; tests use this to speak the protocol in process.</summary>
    /// <param name="settings">Registry, scheme, trust, credentials and time limit.</param>
    /// <param name="handler">The handler, or <see langword="null"/> for a real network handler built from the settings.</param>
    /// <param name="log">Cake's log; optional.</param>
    internal RegistryClient(RegistryClientSettings settings, HttpMessageHandler? handler, ICakeLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.Registry) || settings.Registry.Contains('/') || settings.Registry.Contains("://", StringComparison.Ordinal))
        {
            throw new MultiArchException(
                $"'{settings.Registry}' is not a registry host. Give the host and port only, such as 'localhost:5000' or 'ghcr.io' " +
                "(no scheme, no path; set Insecure = true for a plain HTTP registry).");
        }

        _settings = settings;
        _log = log;
        _http = new HttpClient(handler ?? CreateHandler(settings), disposeHandler: true)
        {
            BaseAddress = settings.BaseAddress,
            // Each request's own limit (TransmitAsync): a streamed blob upload may take longer than any fixed limit.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _requestTimeout = settings.Timeout ?? TimeSpan.FromSeconds(100);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Cake.MultiArch");
    }

    /// <summary>The registry this client talks to, as given: <c>localhost:5000</c>.</summary>
    public string Registry => _settings.Registry;

    /// <summary>The base address of the API: <c>https://host/</c> or <c>http://host/</c>.</summary>
    public Uri BaseAddress => _settings.BaseAddress;

    /// <summary>Checks that the registry answers its API (<c>GET /v2/</c>) and accepts the credentials.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        var request = new RegistryRequest(HttpMethod.Get, "v2/", "Checking the registry API");
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a manifest or manifest list by tag or digest, accepting Docker and OCI media types.</summary>
    /// <param name="repository">The repository, such as <c>team/app</c>.</param>
    /// <param name="reference">A tag or a digest.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<RegistryManifest> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        var request = ManifestRequest(HttpMethod.Get, repository, reference, "Reading manifest");
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var contentType = response.Content.Headers.ContentType?.MediaType;
        var source = $"{request.Target} on {Registry}";
        var manifest = RegistryManifest.FromBytes(bytes, contentType is null or "application/json" or "text/plain" ? null : contentType, source);
        var headerDigest = DigestHeader(response);
        if (ImageReference.IsDigest(reference) && !RegistryDigest.Verify(bytes, reference) ||
            headerDigest is not null && !RegistryDigest.Verify(bytes, headerDigest))
        {
            throw new MultiArchException(
                $"The manifest {source} does not match its digest (the registry said {headerDigest ?? reference}, the content is {manifest.Digest}). " +
                "Something between this machine and the registry altered it: check proxies, then try again.");
        }

        return manifest;
    }

    /// <summary>Asks whether a manifest exists, without downloading it; <see langword="null"/> when it does not.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="reference">A tag or a digest.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ManifestHead?> HeadManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        var request = ManifestRequest(HttpMethod.Head, repository, reference, "Checking manifest");
        using (var response = await SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
            if (DigestHeader(response) is { } digest)
            {
                return new ManifestHead(digest, response.Content.Headers.ContentType?.MediaType ?? "", response.Content.Headers.ContentLength ?? -1);
            }
        }

        // Some registries leave Docker-Content-Digest out of HEAD answers: read the manifest to know its digest.
        var manifest = await GetManifestAsync(repository, reference, cancellationToken).ConfigureAwait(false);
        return new ManifestHead(manifest.Digest, manifest.MediaType, manifest.Size);
    }

    /// <summary>Reads a blob, such as an image config, and checks its digest.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="digest">The blob's digest.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<byte[]> GetBlobAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        CheckRepository(repository);
        if (!ImageReference.IsDigest(digest))
        {
            throw new MultiArchException($"'{digest}' is not a blob digest. Blobs are addressed by digest, such as 'sha256:' and 64 hex digits.");
        }

        var request = new RegistryRequest(HttpMethod.Get, $"v2/{repository}/blobs/{digest}", "Reading blob")
        {
            Repository = repository,
            Reference = digest,
        };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!RegistryDigest.Verify(bytes, digest))
        {
            throw new MultiArchException(
                $"The blob {request.Target} on {Registry} does not match its digest (the content is {RegistryDigest.Compute(bytes)}). " +
                "Something between this machine and the registry altered it: check proxies, then try again.");
        }

        return bytes;
    }

    /// <summary>Reads the platform (<c>os</c>, <c>architecture</c>, <c>variant</c>) from an image manifest's config blob.</summary>
    /// <param name="repository">The repository the image is in.</param>
    /// <param name="manifest">An image manifest (not a list).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ImagePlatform> GetImagePlatformAsync(string repository, RegistryManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var config = manifest.Config ?? throw new MultiArchException(
            $"The manifest {repository}@{manifest.Digest} on {Registry} ({manifest.MediaType}) has no config: it is " +
            (manifest.IsIndex ? "a manifest list; pick one of its entries first." : "not an image manifest."));
        var bytes = await GetBlobAsync(repository, config.Digest, cancellationToken).ConfigureAwait(false);
        return ImagePlatform.FromConfig(bytes, $"{repository}@{manifest.Digest} on {Registry}");
    }

    /// <summary>Pushes a manifest or manifest list under a tag (or digest) and returns the digest the registry stored it under.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="tag">The tag, or the manifest's own digest.</param>
    /// <param name="mediaType">The manifest's media type, one of <see cref="ManifestMediaTypes"/>.</param>
    /// <param name="bytes">The manifest's exact bytes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<string> PutManifestAsync(string repository, string tag, string mediaType, byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        ArgumentNullException.ThrowIfNull(bytes);
        var request = ManifestRequest(HttpMethod.Put, repository, tag, "Pushing manifest") with
        {
            Push = true,
            Accept = [],
            Content = bytes,
            ContentType = mediaType,
        };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
        var digest = RegistryDigest.Compute(bytes);
        if (DigestHeader(response) is { } stored && stored.StartsWith("sha256:", StringComparison.Ordinal) && stored != digest)
        {
            throw new MultiArchException(
                $"The registry {Registry} stored the manifest {request.Target} under {stored}, but its content is {digest}. " +
                "The registry rewrote the manifest; check that it supports the media type " + mediaType + ".");
        }

        return digest;
    }

    /// <summary>Lists a repository's tags, following the registry's pages.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken = default)
    {
        CheckRepository(repository);
        var tags = new List<string>();
        string? path = $"v2/{repository}/tags/list";
        while (path is not null)
        {
            var request = new RegistryRequest(HttpMethod.Get, path, "Listing tags of") { Repository = repository };
            using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(bytes);
                if (document.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    tags.AddRange(list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!));
                }
            }
            catch (JsonException exception)
            {
                throw new MultiArchException(
                    $"The tag list of {repository} on {Registry} is not JSON ({exception.Message}); check that {BaseAddress} is a registry.", exception);
            }

            path = NextPage(response);
        }

        return tags;
    }

    /// <summary>Whether a <see cref="RegistryConnections"/> scope owns this client; then <see cref="Dispose"/> leaves it open for the scope's next caller.</summary>
    internal bool Shared { get; set; }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!Shared)
        {
            _http.Dispose();
        }
    }

    /// <summary>Closes a shared client when its scope ends.</summary>
    internal void DisposeShared() => _http.Dispose();


    private static string? DigestHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault()?.Trim() : null;

    // RFC 5988 Link header: </v2/app/tags/list?n=100&last=b>; rel="next"
    private static string? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            var open = link.IndexOf('<');
            var close = link.IndexOf('>');
            if (open >= 0 && close > open && link.Contains("rel=\"next\"", StringComparison.OrdinalIgnoreCase))
            {
                return link[(open + 1)..close].TrimStart('/');
            }
        }

        return null;
    }

    private static void CheckRepository(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (ImageReference.RepositoryError(repository) is { } error)
        {
            throw new MultiArchException(error);
        }
    }

    private static RegistryRequest ManifestRequest(HttpMethod method, string repository, string reference, string operation)
    {
        CheckRepository(repository);
        ArgumentException.ThrowIfNullOrEmpty(reference);
        if ((ImageReference.IsDigest(reference) ? ImageReference.DigestError(reference) : ImageReference.TagError(reference)) is { } error)
        {
            throw new MultiArchException($"'{reference}' is not a valid {(ImageReference.IsDigest(reference) ? "digest" : "tag")}: {error}");
        }

        return new RegistryRequest(method, $"v2/{repository}/manifests/{reference}", operation)
        {
            Repository = repository,
            Reference = reference,
            Accept = ManifestMediaTypes.All,
        };
    }
}
