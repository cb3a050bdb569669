namespace Cake.MultiArch.Registry;

/// <summary>
/// An upload session a registry opened for a blob (the <c>Location</c> of its 202 answer to
/// <c>POST /v2/&lt;name&gt;/blobs/uploads/</c>), into which the blob's bytes are then put.
/// </summary>
/// <param name="Repository">The repository the blob is uploaded to.</param>
/// <param name="Location">Where the bytes go: the address the registry answered, absolute or below the registry's base address.</param>
/// <param name="MountFrom">The repository a declined mount named, so that the upload is sent with the same token; or <see langword="null"/>.</param>
internal sealed record BlobUpload(string Repository, string Location, string? MountFrom = null)
{
    /// <summary>The address that completes the upload with the whole blob: the session's location with <c>digest=</c> added to its query.</summary>
    /// <param name="digest">The blob's digest, which the registry checks the bytes against.</param>
    public string CompletionPath(string digest) =>
        Location + (Location.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "digest=" + Uri.EscapeDataString(digest);
}
