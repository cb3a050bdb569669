
namespace Cake.MultiArch;

/// <summary>One verified entry of a manifest list.</summary>
/// <param name="Architecture">Its architecture.</param>
/// <param name="Platform">The platform the list states, such as <c>linux/arm/v7</c>.</param>
/// <param name="Digest">The image's digest.</param>
/// <param name="Output">What <see cref="VerifyManifestSettings.RunCommand"/> printed in the image, or <see langword="null"/> when nothing ran.</param>
public sealed record VerifiedEntry(CpuArchitecture Architecture, string Platform, string Digest, string? Output)
{
    /// <summary>The digests of the list's attestations (provenance, SBOM) that describe this image; empty for none.</summary>
    public IReadOnlyList<string> Attestations { get; init; } = [];
}
