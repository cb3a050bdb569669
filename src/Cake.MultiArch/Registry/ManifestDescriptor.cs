using System.Text.Json;

namespace Cake.MultiArch.Registry;

/// <summary>
/// A reference from one manifest to another object in the registry: the media type, digest and size, and for the
/// entries of a manifest list, the platform.
/// </summary>
/// <param name="MediaType">The media type of the object referred to.</param>
/// <param name="Digest">Its digest, <c>sha256:...</c>.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Platform">The platform, for manifest list entries that state one.</param>
internal sealed record ManifestDescriptor(string MediaType, string Digest, long Size, ImagePlatform? Platform = null)
{
    /// <summary>The annotations of the entry; empty when it has none.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the entry is a BuildKit attestation (provenance or SBOM) rather than an image: its platform is
    /// <c>unknown/unknown</c>, or it is annotated <c>vnd.docker.reference.type: attestation-manifest</c>.
    /// </summary>
    public bool IsAttestation =>
        Platform?.IsUnknown == true ||
        Annotations.TryGetValue(ReferenceTypeAnnotation, out var type) && type == AttestationManifestType;

    /// <summary>
    /// For an attestation: the digest of the image manifest it describes (its <c>vnd.docker.reference.digest</c>
    /// annotation), or <see langword="null"/> when it names none.
    /// </summary>
    public string? AttestedDigest => Annotations.TryGetValue(ReferenceDigestAnnotation, out var digest) ? digest : null;

    /// <summary>The annotation BuildKit gives an attestation manifest's descriptor to name the image it describes.</summary>
    internal const string ReferenceDigestAnnotation = "vnd.docker.reference.digest";

    /// <summary>The annotation that says what an attestation manifest's descriptor refers to.</summary>
    internal const string ReferenceTypeAnnotation = "vnd.docker.reference.type";

    /// <summary>The <see cref="ReferenceTypeAnnotation"/> value of an attestation manifest.</summary>
    internal const string AttestationManifestType = "attestation-manifest";

    /// <summary>Reads a descriptor from JSON; <see langword="null"/> when media type, digest or size is missing.</summary>
    /// <param name="element">The JSON object.</param>
    public static ManifestDescriptor? TryRead(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object ||
            !element.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.String ||
            !element.TryGetProperty("size", out var size) || !size.TryGetInt64(out var length))
        {
            return null;
        }

        var mediaType = element.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()!
            : "";
        var platform = element.TryGetProperty("platform", out var p) ? ImagePlatform.TryRead(p) : null;
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in a.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
            {
                annotations[property.Name] = property.Value.GetString()!;
            }
        }

        return new ManifestDescriptor(mediaType, digest.GetString()!, length, platform) { Annotations = annotations };
    }
}
