using System.Text.Encodings.Web;
using System.Text.Json;
using Cake.MultiArch.Images;

namespace Cake.MultiArch.Registry;

/// <summary>
/// Writes a manifest list (Docker manifest list v2 or OCI image index) from per-architecture image manifests, as
/// compact JSON with a fixed key order, so that the same entries always give the same bytes and digest.
/// </summary>
public static class ManifestListBuilder
{
    /// <summary>The media type of the given format.</summary>
    /// <param name="format">The format.</param>
    public static string MediaTypeOf(ManifestListFormat format) => format switch
    {
        ManifestListFormat.DockerManifestList => ManifestMediaTypes.DockerManifestList,
        ManifestListFormat.OciImageIndex => ManifestMediaTypes.OciImageIndex,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown manifest list format."),
    };

    /// <summary>Writes the manifest list; the entries keep their order. Throws a <see cref="MultiArchException"/> for invalid entries.</summary>
    /// <param name="entries">One image manifest per architecture.</param>
    /// <param name="format">Docker manifest list or OCI image index.</param>
    public static RegistryManifest Build(IEnumerable<ManifestListEntry> entries, ManifestListFormat format)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        Validate(list);
        var mediaType = MediaTypeOf(format);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = false,

            // The default encoder writes '+' as \u002B, which makes "...list.v2\u002Bjson": valid, but not what any other tool writes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", mediaType);
            writer.WriteStartArray("manifests");
            foreach (var entry in list)
            {
                writer.WriteStartObject();
                writer.WriteString("mediaType", entry.MediaType);
                writer.WriteString("digest", entry.Digest);
                writer.WriteNumber("size", entry.Size);
                writer.WriteStartObject("platform");
                writer.WriteString("architecture", entry.Architecture.OciArchitecture);
                writer.WriteString("os", entry.Architecture.Os);
                if (entry.Architecture.Variant is { } variant)
                {
                    writer.WriteString("variant", variant);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return RegistryManifest.FromBytes(buffer.ToArray(), mediaType, "the new manifest list");
    }

    private static void Validate(List<ManifestListEntry> entries)
    {
        if (entries.Count == 0)
        {
            throw new MultiArchException("A manifest list needs at least one per-architecture image; none was given. Give the images to combine.");
        }

        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry);
            ArgumentNullException.ThrowIfNull(entry.Architecture);
            if (ImageReference.DigestError(entry.Digest ?? "") is { } error)
            {
                throw new MultiArchException($"The {entry.Architecture} entry of the manifest list has an invalid digest: {error}");
            }

            if (entry.Size <= 0)
            {
                throw new MultiArchException(
                    $"The {entry.Architecture} entry of the manifest list has size {entry.Size}. Give the size in bytes of the image manifest " +
                    "(read the manifest from the registry to know it).");
            }

            if (ManifestMediaTypes.IsIndex(entry.MediaType))
            {
                throw new MultiArchException(
                    $"The {entry.Architecture} entry ({entry.Digest}) is itself a manifest list ({entry.MediaType}). A manifest list entry must be " +
                    "an image manifest: resolve the per-architecture image to its platform manifest first.");
            }

            if (!ManifestMediaTypes.IsImageManifest(entry.MediaType))
            {
                throw new MultiArchException(
                    $"The {entry.Architecture} entry ({entry.Digest}) has media type '{entry.MediaType}', which is not an image manifest. " +
                    $"Use {ManifestMediaTypes.DockerManifest} or {ManifestMediaTypes.OciManifest}.");
            }
        }

        var duplicate = entries.GroupBy(e => e.Architecture).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new MultiArchException(
                $"The manifest list has {duplicate.Count()} entries for {duplicate.Key} ({duplicate.Key.Platform}). Each platform may appear once: " +
                "remove the duplicate architecture.");
        }

        var shared = entries.GroupBy(e => e.Digest, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (shared is not null)
        {
            // Seen with docker's legacy builder: a cached FROM scratch build for one --platform is reused for the next.
            throw new MultiArchException(
                $"The {string.Join(" and ", shared.Select(e => e.Architecture.Name))} entries point to the same image {shared.Key}; an image is " +
                "built for one platform. Build each architecture separately (with --no-cache if the builder reused a cached image for another platform).");
        }
    }
}
