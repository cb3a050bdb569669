namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>The manifest media types a registry may answer with.</summary>
public static class MediaTypes
{
    /// <summary>Docker's manifest list (a multi-arch image).</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>Docker's image manifest, schema 2.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    /// <summary>The OCI image index (a multi-arch image).</summary>
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>The OCI image manifest.</summary>
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>Whether a media type is a list of per-platform manifests.</summary>
    /// <param name="mediaType">The media type.</param>
    public static bool IsList(string? mediaType) => mediaType is DockerManifestList or OciIndex;
}
