using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cake.MultiArch.Building;

/// <summary>What <c>docker buildx bake --metadata-file</c> reports of each target.</summary>
internal static class BakeMetadata
{
    /// <summary>Each target's image digest (<c>containerimage.digest</c>: the index, or the manifest when BuildKit made no attestation).</summary>
    /// <param name="json">The metadata file's text.</param>
    public static IReadOnlyDictionary<string, string> Digests(string json)
    {
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return digests;
        }

        foreach (var target in document.RootElement.EnumerateObject())
        {
            if (target.Value.ValueKind == JsonValueKind.Object &&
                target.Value.TryGetProperty("containerimage.digest", out var digest) && digest.ValueKind == JsonValueKind.String &&
                digest.GetString() is { Length: > 0 } value)
            {
                digests[target.Name] = value;
            }
        }

        return digests;
    }
}
