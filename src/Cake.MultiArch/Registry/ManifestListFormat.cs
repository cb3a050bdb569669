namespace Cake.MultiArch;

/// <summary>The kind of manifest list to write.</summary>
public enum ManifestListFormat
{
    /// <summary>A Docker manifest list v2 (<c>application/vnd.docker.distribution.manifest.list.v2+json</c>), what <c>docker manifest push</c> writes.</summary>
    DockerManifestList,

    /// <summary>An OCI image index (<c>application/vnd.oci.image.index.v1+json</c>).</summary>
    OciImageIndex,

    /// <summary>
    /// The format the entries call for: an OCI image index when any entry is an OCI image manifest, or the list carries
    /// attestations or annotations (as BuildKit's images do); a Docker manifest list when every entry is a Docker v2
    /// manifest (as the legacy builder's are).
    /// </summary>
    Auto,
}
