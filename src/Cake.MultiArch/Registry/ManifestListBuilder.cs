using System.Text.Encodings.Web;
using System.Text.Json;
using Cake.MultiArch.Images;

namespace Cake.MultiArch.Registry;

/// <summary>
/// Writes a manifest list (Docker manifest list v2 or OCI image index) from per-architecture image manifests, as
/// compact JSON with a fixed key order, so that the same entries always give the same bytes and digest.
/// </summary>
internal static class ManifestListBuilder
{
    /// <summary>The media type of the given format (<see cref="ManifestListFormat.Auto"/> must be resolved first, see <see cref="FormatFor"/>).</summary>
    /// <param name="format">The format.</param>
    public static string MediaTypeOf(ManifestListFormat format) => format switch
    {
        ManifestListFormat.DockerManifestList => ManifestMediaTypes.DockerManifestList,
        ManifestListFormat.OciImageIndex => ManifestMediaTypes.OciImageIndex,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown or unresolved manifest list format."),
    };

    /// <summary>
    /// The format a list of these entries is written in: <paramref name="format"/> itself, or for
    /// <see cref="ManifestListFormat.Auto"/> an OCI image index when any entry is an OCI image manifest or the list carries
    /// attestations or annotations, and a Docker manifest list otherwise. Throws a <see cref="MultiArchException"/> when a
    /// Docker manifest list is asked for what only an OCI index can hold.
    /// </summary>
    /// <param name="entries">The list's entries.</param>
    /// <param name="format">The format asked for.</param>
    /// <param name="annotations">The index's own annotations.</param>
    public static ManifestListFormat FormatFor(IReadOnlyCollection<ManifestListEntry> entries, ManifestListFormat format, IReadOnlyDictionary<string, string>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var oci = entries.Where(e => e.MediaType == ManifestMediaTypes.OciManifest).ToList();
        var attested = entries.Where(e => e.Attestations.Count > 0).ToList();
        var annotated = (annotations?.Count ?? 0) > 0 || entries.Any(e => e.Annotations.Count > 0);
        if (format != ManifestListFormat.DockerManifestList)
        {
            return format == ManifestListFormat.Auto && oci.Count == 0 && attested.Count == 0 && !annotated
                ? ManifestListFormat.DockerManifestList
                : format == ManifestListFormat.Auto ? ManifestListFormat.OciImageIndex : format;
        }

        if (oci.Count > 0)
        {
            throw new MultiArchException(
                $"A Docker manifest list was asked for (Format = DockerManifestList), but the {string.Join(", ", oci.Select(e => e.Architecture.Name))} " +
                $"image{(oci.Count > 1 ? "s are" : " is an")} OCI image manifest{(oci.Count > 1 ? "s" : "")} ({ManifestMediaTypes.OciManifest}), as BuildKit pushes them; " +
                "a Docker manifest list may only reference Docker v2 image manifests. Leave Format at Auto (the default: an OCI image index for OCI images) " +
                "or set Format = ManifestListFormat.OciImageIndex.");
        }

        if (attested.Count > 0)
        {
            throw new MultiArchException(
                $"A Docker manifest list was asked for (Format = DockerManifestList), but the {string.Join(", ", attested.Select(e => e.Architecture.Name))} " +
                "image carries attestations (provenance or SBOM), which only an OCI image index can hold. Leave Format at Auto (the default), " +
                "or set KeepAttestations = false to leave them out of the list.");
        }

        if (annotated)
        {
            throw new MultiArchException(
                "A Docker manifest list was asked for (Format = DockerManifestList), but annotations were given; only an OCI image index carries " +
                "annotations. Leave Format at Auto (the default) or set Format = ManifestListFormat.OciImageIndex, or remove the annotations.");
        }

        return format;
    }

    /// <summary>
    /// Writes the manifest list; the image entries keep their order, and each entry's attestations follow all of them in
    /// the same order, as BuildKit writes an index. Throws a <see cref="MultiArchException"/> for invalid entries.
    /// </summary>
    /// <param name="entries">One image manifest per architecture, with its attestations and annotations.</param>
    /// <param name="format">Docker manifest list, OCI image index, or <see cref="ManifestListFormat.Auto"/> (see <see cref="FormatFor"/>).</param>
    /// <param name="annotations">The index's own annotations (OCI image index only), such as <c>org.opencontainers.image.source</c>.</param>
    public static RegistryManifest Build(IEnumerable<ManifestListEntry> entries, ManifestListFormat format, IReadOnlyDictionary<string, string>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        Validate(list);
        ValidateAnnotations(annotations, "the index");
        var mediaType = MediaTypeOf(FormatFor(list, format, annotations));

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
                WriteDescriptor(writer, entry.MediaType, entry.Digest, entry.Size, entry.Annotations, new ImagePlatform(entry.Architecture.Os, entry.Architecture.OciArchitecture, entry.Architecture.Variant));
            }

            foreach (var attestation in list.SelectMany(e => e.Attestations))
            {
                WriteDescriptor(writer, attestation.MediaType, attestation.Digest, attestation.Size, attestation.Annotations, Unknown);
            }

            writer.WriteEndArray();
            WriteAnnotations(writer, annotations);
            writer.WriteEndObject();
        }

        return RegistryManifest.FromBytes(buffer.ToArray(), mediaType, "the new manifest list");
    }

    private static readonly ImagePlatform Unknown = new("unknown", "unknown");

    private static void WriteDescriptor(Utf8JsonWriter writer, string mediaType, string digest, long size, IReadOnlyDictionary<string, string> annotations, ImagePlatform platform)
    {
        writer.WriteStartObject();
        writer.WriteString("mediaType", mediaType);
        writer.WriteString("digest", digest);
        writer.WriteNumber("size", size);
        WriteAnnotations(writer, annotations);
        writer.WriteStartObject("platform");
        writer.WriteString("architecture", platform.Architecture);
        writer.WriteString("os", platform.Os);
        if (platform.Variant is { } variant)
        {
            writer.WriteString("variant", variant);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    // Sorted by key, so that the same annotations always give the same bytes.
    private static void WriteAnnotations(Utf8JsonWriter writer, IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is null || annotations.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("annotations");
        foreach (var (key, value) in annotations.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static void ValidateAnnotations(IReadOnlyDictionary<string, string>? annotations, string owner)
    {
        foreach (var (key, value) in annotations ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(key) || key.Any(char.IsWhiteSpace))
            {
                throw new MultiArchException(
                    $"An annotation of {owner} has the key '{key}'; an annotation key is a non-empty name without spaces, such as " +
                    "org.opencontainers.image.source. Correct or remove it.");
            }

            if (value is null)
            {
                throw new MultiArchException($"The annotation {key} of {owner} has no value; give it a string (an empty one is allowed).");
            }
        }
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
            ValidateAnnotations(entry.Annotations, $"the {entry.Architecture.Name} entry");
            foreach (var attestation in entry.Attestations)
            {
                if (ImageReference.DigestError(attestation.Digest ?? "") is { } attestationError)
                {
                    throw new MultiArchException($"An attestation of the {entry.Architecture} entry has an invalid digest: {attestationError}");
                }

                if (attestation.AttestedDigest != entry.Digest)
                {
                    throw new MultiArchException(
                        $"The attestation {attestation.Digest} given with the {entry.Architecture} entry ({entry.Digest}) describes " +
                        $"{attestation.AttestedDigest ?? "no image (it has no vnd.docker.reference.digest annotation)"}; an attestation must name the " +
                        "image it is listed with. Take the attestations from the per-arch image's own index.");
                }
            }

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
