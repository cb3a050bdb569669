using System.Text.Json;

namespace Cake.MultiArch.Registry;

/// <summary>
/// A platform as manifest lists and image configs state it: <c>os</c>, <c>architecture</c> and an optional <c>variant</c>.
/// </summary>
/// <param name="Os">The operating system, such as <c>linux</c>.</param>
/// <param name="Architecture">The OCI architecture, such as <c>arm64</c>.</param>
/// <param name="Variant">The variant, such as <c>v7</c>, or <see langword="null"/>.</param>
internal sealed record ImagePlatform(string Os, string Architecture, string? Variant = null)
{
    /// <summary>
    /// Whether this is BuildKit's <c>unknown/unknown</c>, the platform of attestation manifests (provenance, SBOM),
    /// which are not images and never belong in a manifest list.
    /// </summary>
    public bool IsUnknown => Os == "unknown" || Architecture == "unknown";

    /// <summary>The platform of an architecture this add-in knows.</summary>
    /// <param name="architecture">The architecture.</param>
    public static ImagePlatform From(CpuArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return new ImagePlatform(architecture.Os, architecture.OciArchitecture, architecture.Variant);
    }

    /// <summary>Reads the platform from an image config blob (<c>os</c>, <c>architecture</c>, <c>variant</c>).</summary>
    /// <param name="config">The config blob's bytes.</param>
    /// <param name="source">What the blob is, for the error message.</param>
    public static ImagePlatform FromConfig(ReadOnlyMemory<byte> config, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(config);
            return TryRead(document.RootElement) ?? throw new MultiArchException(
                $"The image config of {source} has no 'os' and 'architecture'. It is not an image config; " +
                "check that the reference names an image, not another artifact.");
        }
        catch (JsonException exception)
        {
            throw new MultiArchException(
                $"The image config of {source} is not JSON ({exception.Message}). The registry returned something else " +
                "than an image config; check that the reference names an image.", exception);
        }
    }

    /// <summary>Reads <c>os</c>, <c>architecture</c> and <c>variant</c> from a JSON object; <see langword="null"/> when absent.</summary>
    /// <param name="element">A manifest list entry's <c>platform</c> object, or an image config.</param>
    public static ImagePlatform? TryRead(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object ||
            !element.TryGetProperty("os", out var os) || os.ValueKind != JsonValueKind.String ||
            !element.TryGetProperty("architecture", out var architecture) || architecture.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var variant = element.TryGetProperty("variant", out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } text
            ? text
            : null;
        return new ImagePlatform(os.GetString()!, architecture.GetString()!, variant);
    }

    /// <summary>
    /// Whether this platform is the given architecture. A missing variant matches the architecture's default
    /// (arm64 without variant is v8; arm without variant is not assumed to be any particular one except by equality).
    /// </summary>
    /// <param name="architecture">The architecture.</param>
    public bool Matches(CpuArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (Os != architecture.Os || Architecture != architecture.OciArchitecture)
        {
            return false;
        }

        return Variant == architecture.Variant || (Variant is null && architecture == CpuArchitecture.Arm64V8);
    }

    /// <summary>The architecture this platform is, if this add-in knows it.</summary>
    public CpuArchitecture? ToArchitecture() =>
        CpuArchitecture.All.FirstOrDefault(Matches);

    /// <summary>The platform as docker writes it: <c>linux/arm/v7</c>.</summary>
    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
