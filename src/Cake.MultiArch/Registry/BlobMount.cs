namespace Cake.MultiArch.Registry;

/// <summary>
/// What a registry answered a cross-repository mount: mounted (201), or declined with an upload session opened
/// instead (202), into which the blob must then be uploaded.
/// </summary>
/// <param name="Mounted">Whether the blob is now in the target repository.</param>
/// <param name="Upload">The upload session of a declined mount; <see langword="null"/> when mounted.</param>
internal sealed record BlobMount(bool Mounted, BlobUpload? Upload);
