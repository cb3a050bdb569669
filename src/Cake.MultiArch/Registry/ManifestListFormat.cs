namespace Cake.MultiArch.Registry;

/// <summary>The kind of manifest list to write.</summary>
public enum ManifestListFormat
{
    /// <summary>A Docker manifest list v2 (<c>application/vnd.docker.distribution.manifest.list.v2+json</c>), what <c>docker manifest push</c> writes.</summary>
    DockerManifestList,

    /// <summary>An OCI image index (<c>application/vnd.oci.image.index.v1+json</c>).</summary>
    OciImageIndex,
}
