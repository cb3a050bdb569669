namespace Cake.MultiArch;

/// <summary>How <c>PushManifest</c> makes and pushes the manifest list.</summary>
public enum ManifestMethod
{
    /// <summary><c>docker manifest create --amend</c>, <c>annotate</c> and <c>push --purge</c>: the classic recipe.</summary>
    DockerManifest,

    /// <summary>
    /// Straight through the registry's HTTP API: reads each image's manifest and config, builds the list (Docker manifest
    /// list or OCI image index) and PUTs it. Needs no <c>docker manifest</c> command (missing or experimental on older Docker).
    /// </summary>
    Registry,

    /// <summary><c>docker buildx imagetools create</c>, for hosts with the buildx plugin.</summary>
    BuildxImagetools,

    /// <summary>
    /// The method that works for these images: <see cref="Registry"/> when a per-arch image is an index with
    /// attestations (as BuildKit on Docker 23+ pushes one) or annotations are asked for, since <c>docker manifest</c>
    /// can keep neither; <see cref="DockerManifest"/>, the classic recipe, for plain per-arch images. The log says which.
    /// </summary>
    Auto,
}
