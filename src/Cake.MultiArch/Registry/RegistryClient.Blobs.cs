using System.Net;
using Cake.MultiArch.Images;

namespace Cake.MultiArch.Registry;

/// <summary>
/// Blobs between repositories and registries: whether a repository holds one (<c>HEAD</c>), a cross-repository mount
/// (<c>POST ...?mount=&amp;from=</c>), and an upload whose bytes are streamed from another registry's download.
/// </summary>
internal sealed partial class RegistryClient
{
    /// <summary>Whether the repository holds the blob (<c>HEAD /v2/&lt;name&gt;/blobs/&lt;digest&gt;</c>).</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="digest">The blob's digest.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<bool> HeadBlobAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        var request = BlobRequest(HttpMethod.Head, repository, digest, "Checking blob");
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Opens a blob for reading as it arrives, for a copy that must not hold a layer in memory.</summary>
    /// <param name="repository">The repository.</param>
    /// <param name="digest">The blob's digest.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<BlobDownload> OpenBlobAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        var request = BlobRequest(HttpMethod.Get, repository, digest, "Reading blob") with { StreamResponse = true };
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new BlobDownload(response, stream);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Asks the registry to mount a blob of another of its repositories into this one, without sending its bytes
    /// (OCI distribution: 201 mounted; 202 declined, with an upload session to use instead).
    /// </summary>
    /// <param name="repository">The repository the blob is to appear in.</param>
    /// <param name="digest">The blob's digest.</param>
    /// <param name="from">The repository of this registry that holds it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<BlobMount> MountBlobAsync(string repository, string digest, string from, CancellationToken cancellationToken = default)
    {
        CheckRepository(from);
        var request = BlobRequest(HttpMethod.Post, repository, digest, "Mounting blob") with
        {
            Path = MountPath(repository, digest, from),
            Push = true,
            MountFrom = from,
        };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.Created
            ? new BlobMount(true, null)
            : new BlobMount(false, Session(response, request, from));
    }

    /// <summary>Opens an upload session for a blob (<c>POST /v2/&lt;name&gt;/blobs/uploads/</c>).</summary>
    /// <param name="repository">The repository the blob goes to.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<BlobUpload> StartBlobUploadAsync(string repository, CancellationToken cancellationToken = default)
    {
        CheckRepository(repository);
        var request = new RegistryRequest(HttpMethod.Post, $"v2/{repository}/blobs/uploads/", "Starting blob upload to")
        {
            Repository = repository,
            Push = true,
        };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
        return Session(response, request, null);
    }

    /// <summary>
    /// Puts a blob's bytes into an upload session in one request, streamed as <paramref name="content"/> is read; the
    /// registry checks them against the digest and stores the blob (201).
    /// </summary>
    /// <param name="upload">The session.</param>
    /// <param name="digest">The blob's digest.</param>
    /// <param name="content">The bytes, read once.</param>
    /// <param name="size">Their number.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task UploadBlobAsync(BlobUpload upload, string digest, Stream content, long size, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(content);
        var request = BlobRequest(HttpMethod.Put, upload.Repository, digest, "Uploading blob") with
        {
            Path = upload.CompletionPath(digest),
            Push = true,
            MountFrom = upload.MountFrom,
            Upload = content,
            UploadLength = size,
        };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The path of a cross-repository mount: <c>v2/&lt;target&gt;/blobs/uploads/?mount=&lt;digest&gt;&amp;from=&lt;source&gt;</c>.</summary>
    /// <param name="repository">The repository the blob is to appear in.</param>
    /// <param name="digest">The blob's digest.</param>
    /// <param name="from">The repository that holds it.</param>
    internal static string MountPath(string repository, string digest, string from) =>
        $"v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(from)}";

    private BlobUpload Session(HttpResponseMessage response, RegistryRequest request, string? mountFrom)
    {
        var location = response.Headers.Location ?? throw new MultiArchException(
            $"{request.Operation} {request.Target} on registry {Registry} failed: the registry answered HTTP {(int)response.StatusCode} without the " +
            "Location of an upload session. Check that it implements the OCI distribution API's blob uploads.");
        return new BlobUpload(request.Repository!, location.IsAbsoluteUri ? location.AbsoluteUri : location.OriginalString, mountFrom);
    }

    private static RegistryRequest BlobRequest(HttpMethod method, string repository, string digest, string operation)
    {
        CheckRepository(repository);
        if (!ImageReference.IsDigest(digest) || ImageReference.DigestError(digest) is not null)
        {
            throw new MultiArchException($"'{digest}' is not a blob digest. Blobs are addressed by digest, such as 'sha256:' and 64 hex digits.");
        }

        return new RegistryRequest(method, $"v2/{repository}/blobs/{digest}", operation)
        {
            Repository = repository,
            Reference = digest,
        };
    }
}
