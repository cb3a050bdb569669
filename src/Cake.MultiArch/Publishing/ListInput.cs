using Cake.MultiArch.Registry;

namespace Cake.MultiArch.Publishing;

/// <summary>
/// One per-arch image of a list as the registry holds it: what was pushed, the platform's image manifest (the pushed
/// manifest itself, or, where the push was an index of the image and its attestations as BuildKit writes one, the
/// index's entry for the platform) and the attestations in that index that describe it.
/// </summary>
/// <param name="Pushed">The pushed per-arch image, as <c>PushArchImage</c> returned it.</param>
/// <param name="Image">The platform's image manifest.</param>
/// <param name="Attestations">The attestation manifests that point at <see cref="Image"/>; empty for a plain image.</param>
/// <param name="WasIndex">Whether the pushed manifest was an index, resolved to <see cref="Image"/>.</param>
internal sealed record ListInput(PushedImage Pushed, RegistryManifest Image, IReadOnlyList<ManifestDescriptor> Attestations, bool WasIndex)
{
    /// <summary>The image manifest by digest in the pushed repository: what a list entry made by <c>docker manifest</c> names.</summary>
    public string ImageByDigest => $"{Pushed.Repository}@{Image.Digest}";
}
