using System.Text.Json;

namespace Cake.MultiArch.Registry;

/// <summary>A manifest or manifest list as a registry served it: media type, digest, size, the exact bytes and the parsed JSON.</summary>
internal sealed class RegistryManifest
{
    /// <summary>Creates a manifest from the bytes a registry served.</summary>
    /// <param name="mediaType">The media type (from <c>Content-Type</c>, else the JSON's <c>mediaType</c>).</param>
    /// <param name="digest">The digest of <paramref name="bytes"/>.</param>
    /// <param name="bytes">The exact bytes; the digest is over these, so they must not be re-serialised.</param>
    /// <param name="json">The parsed JSON.</param>
    public RegistryManifest(string mediaType, string digest, byte[] bytes, JsonElement json)
    {
        MediaType = mediaType;
        Digest = digest;
        Bytes = bytes;
        Json = json;
    }

    /// <summary>The media type, one of <see cref="ManifestMediaTypes"/> for images.</summary>
    public string MediaType { get; }

    /// <summary>The digest, <c>sha256:...</c>.</summary>
    public string Digest { get; }

    /// <summary>The size in bytes, as a manifest list entry states it.</summary>
    public long Size => Bytes.Length;

    /// <summary>The exact bytes served.</summary>
    public byte[] Bytes { get; }

    /// <summary>The parsed JSON.</summary>
    public JsonElement Json { get; }

    /// <summary>Whether this is a manifest list or OCI index.</summary>
    public bool IsIndex => ManifestMediaTypes.IsIndex(MediaType);

    /// <summary>This manifest as a descriptor, for use as a manifest list entry.</summary>
    public ManifestDescriptor Descriptor => new(MediaType, Digest, Size);

    /// <summary>The entries of a manifest list or index; empty for an image manifest.</summary>
    public IReadOnlyList<ManifestDescriptor> Manifests =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("manifests", out var manifests) && manifests.ValueKind == JsonValueKind.Array
            ? [.. manifests.EnumerateArray().Select(ManifestDescriptor.TryRead).OfType<ManifestDescriptor>()]
            : [];

    /// <summary>The config blob of an image manifest; <see langword="null"/> for a manifest list.</summary>
    public ManifestDescriptor? Config =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("config", out var config) ? ManifestDescriptor.TryRead(config) : null;

    /// <summary>The layer blobs of an image manifest, in order; empty for a manifest list.</summary>
    public IReadOnlyList<ManifestDescriptor> Layers =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array
            ? [.. layers.EnumerateArray().Select(ManifestDescriptor.TryRead).OfType<ManifestDescriptor>()]
            : [];

    /// <summary>Creates a manifest from bytes, computing the digest and reading the media type from the JSON if not given.</summary>
    /// <param name="bytes">The manifest's bytes.</param>
    /// <param name="mediaType">The media type, or <see langword="null"/> to read it from the JSON.</param>
    /// <param name="source">What the bytes are, for the error message.</param>
    public static RegistryManifest FromBytes(byte[] bytes, string? mediaType, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            json = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw new MultiArchException(
                $"The manifest of {source} is not JSON ({exception.Message}). The registry served something other than " +
                "a manifest; check the registry address and the reference.", exception);
        }

        if (string.IsNullOrEmpty(mediaType) && json.ValueKind == JsonValueKind.Object &&
            json.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String)
        {
            mediaType = type.GetString();
        }

        return new RegistryManifest(mediaType ?? "", RegistryDigest.Compute(bytes), bytes, json);
    }
}
