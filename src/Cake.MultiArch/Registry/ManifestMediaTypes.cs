namespace Cake.MultiArch.Registry;

/// <summary>The media types of manifests and manifest lists that registries serve.</summary>
internal static class ManifestMediaTypes
{
    /// <summary>A Docker manifest list (schema 2): one image manifest per platform.</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>A Docker image manifest (schema 2): a config and layers.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>An OCI image index: the OCI counterpart of a Docker manifest list.</summary>
    public const string OciImageIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>An OCI image manifest: the OCI counterpart of a Docker image manifest.</summary>
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>The media type of a Docker image config blob.</summary>
    public const string DockerImageConfig = "application/vnd.docker.container.image.v1+json";

    /// <summary>The media type of an OCI image config blob.</summary>
    public const string OciImageConfig = "application/vnd.oci.image.config.v1+json";

    /// <summary>Every manifest type this add-in reads, in the order a client prefers them.</summary>
    public static IReadOnlyList<string> All { get; } = [DockerManifestList, OciImageIndex, DockerManifest, OciManifest];

    /// <summary>Whether the media type is a list of manifests (Docker manifest list or OCI index).</summary>
    /// <param name="mediaType">The media type.</param>
    public static bool IsIndex(string? mediaType) => mediaType is DockerManifestList or OciImageIndex;

    /// <summary>Whether the media type is a single-platform image manifest (Docker or OCI).</summary>
    /// <param name="mediaType">The media type.</param>
    public static bool IsImageManifest(string? mediaType) => mediaType is DockerManifest or OciManifest;
}
