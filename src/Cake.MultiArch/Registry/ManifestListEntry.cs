
namespace Cake.MultiArch.Registry;

/// <summary>One per-architecture image of a manifest list: the image manifest's digest, size and media type, and its architecture.</summary>
/// <param name="Digest">The image manifest's digest, <c>sha256:...</c>.</param>
/// <param name="Size">The image manifest's size in bytes.</param>
/// <param name="MediaType">The image manifest's media type (Docker or OCI image manifest).</param>
/// <param name="Architecture">The architecture the image is for.</param>
internal sealed record ManifestListEntry(string Digest, long Size, string MediaType, CpuArchitecture Architecture)
{
    /// <summary>
    /// The attestation manifests (provenance, SBOM) that describe this image, as BuildKit's index listed them: each is
    /// written after the image entries with platform <c>unknown/unknown</c> and its <c>vnd.docker.reference.digest</c>
    /// pointing at this entry's <see cref="Digest"/>. Empty for none.
    /// </summary>
    public IReadOnlyList<ManifestDescriptor> Attestations { get; init; } = [];

    /// <summary>Annotations written on this entry's descriptor in an OCI image index. Empty for none.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The entry for an image manifest read from a registry.</summary>
    /// <param name="manifest">The image manifest (not a list: resolve lists with <see cref="PlatformManifestResolver"/> first).</param>
    /// <param name="architecture">The architecture the image is for.</param>
    public static ManifestListEntry From(RegistryManifest manifest, CpuArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new ManifestListEntry(manifest.Digest, manifest.Size, manifest.MediaType, architecture);
    }
}
