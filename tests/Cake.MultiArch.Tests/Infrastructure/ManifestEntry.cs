namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>One platform's entry in a manifest list or OCI index.</summary>
/// <param name="Digest">The digest of the per-platform manifest.</param>
/// <param name="MediaType">Its media type.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Os">The entry's <c>platform.os</c>.</param>
/// <param name="Architecture">The entry's <c>platform.architecture</c>.</param>
/// <param name="Variant">The entry's <c>platform.variant</c>, or <see langword="null"/>.</param>
public sealed record ManifestEntry(string Digest, string MediaType, long Size, string Os, string Architecture, string? Variant)
{
    /// <summary>The platform as docker writes it: <c>linux/arm/v7</c>, <c>linux/amd64</c>.</summary>
    public string Platform => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    /// <summary>The entry's annotations; empty when it has none.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether this is BuildKit's attestation manifest (platform unknown/unknown, annotated as one).</summary>
    public bool IsAttestation => Platform == "unknown/unknown" && Annotations.GetValueOrDefault("vnd.docker.reference.type") == "attestation-manifest";

    /// <summary>For an attestation: the digest of the image it describes.</summary>
    public string? AttestedDigest => Annotations.GetValueOrDefault("vnd.docker.reference.digest");
}
