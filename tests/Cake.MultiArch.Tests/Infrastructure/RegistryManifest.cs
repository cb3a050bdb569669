using System.Text.Json;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>A manifest exactly as the registry served it.</summary>
/// <param name="MediaType">The <c>Content-Type</c> the registry answered with.</param>
/// <param name="Digest">The <c>Docker-Content-Digest</c> header.</param>
/// <param name="Json">The raw body.</param>
public sealed record RegistryManifest(string MediaType, string Digest, string Json)
{
    /// <summary>Whether it is a manifest list or OCI index.</summary>
    public bool IsList => MediaTypes.IsList(MediaType);

    /// <summary>The per-platform entries of a list; empty for a single-image manifest.</summary>
    public IReadOnlyList<ManifestEntry> Entries
    {
        get
        {
            using var document = JsonDocument.Parse(Json);
            if (!document.RootElement.TryGetProperty("manifests", out var manifests))
            {
                return [];
            }

            return manifests.EnumerateArray().Select(entry =>
            {
                var platform = entry.GetProperty("platform");
                return new ManifestEntry(
                    entry.GetProperty("digest").GetString()!,
                    entry.TryGetProperty("mediaType", out var type) ? type.GetString()! : "",
                    entry.TryGetProperty("size", out var size) ? size.GetInt64() : 0,
                    platform.GetProperty("os").GetString()!,
                    platform.GetProperty("architecture").GetString()!,
                    platform.TryGetProperty("variant", out var variant) ? variant.GetString() : null)
                {
                    Annotations = AnnotationsOf(entry),
                };
            }).ToArray();
        }
    }

    /// <summary>The index's own annotations; empty when it has none.</summary>
    public IReadOnlyDictionary<string, string> Annotations
    {
        get
        {
            using var document = JsonDocument.Parse(Json);
            return AnnotationsOf(document.RootElement);
        }
    }

    /// <summary>The image entries of a list, without attestations.</summary>
    public IReadOnlyList<ManifestEntry> Images => [.. Entries.Where(e => !e.IsAttestation)];

    /// <summary>The attestation entries of a list.</summary>
    public IReadOnlyList<ManifestEntry> Attestations => [.. Entries.Where(e => e.IsAttestation)];

    private static Dictionary<string, string> AnnotationsOf(JsonElement element) =>
        element.TryGetProperty("annotations", out var annotations)
            ? annotations.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];

    /// <summary>The digest of a single-image manifest's config blob; <see langword="null"/> for a list.</summary>
    public string? ConfigDigest
    {
        get
        {
            using var document = JsonDocument.Parse(Json);
            return document.RootElement.TryGetProperty("config", out var config) ? config.GetProperty("digest").GetString() : null;
        }
    }
}
