
namespace Cake.MultiArch.Registry;

/// <summary>
/// Turns a per-architecture image that is itself an index (a single-platform index, or one with BuildKit attestation
/// entries of platform <c>unknown/unknown</c>) into the platform's image manifest, which is what a manifest list
/// entry must point to.
/// </summary>
internal static class PlatformManifestResolver
{
    /// <summary>
    /// Picks the image entry of an index: the one for <paramref name="architecture"/> if given, else the only image
    /// entry. Attestation entries are never picked. Throws a <see cref="MultiArchException"/> when there is no single answer.
    /// </summary>
    /// <param name="index">A manifest list or OCI index.</param>
    /// <param name="architecture">The architecture wanted, or <see langword="null"/> to accept the only image.</param>
    /// <param name="source">What the index is, for messages: <c>localhost:5000/app:1.0-arm64v8</c>.</param>
    public static ManifestDescriptor SelectEntry(RegistryManifest index, CpuArchitecture? architecture, string source)
    {
        ArgumentNullException.ThrowIfNull(index);
        var images = index.Manifests
            .Where(m => !m.IsAttestation && (m.MediaType.Length == 0 || ManifestMediaTypes.IsImageManifest(m.MediaType)))
            .ToList();
        var found = images.Count == 0
            ? "no image entries"
            : string.Join(", ", images.Select(m => m.Platform?.ToString() ?? "no platform"));

        if (architecture is not null)
        {
            var matches = images.Where(m => m.Platform?.Matches(architecture) == true).ToList();
            if (matches.Count == 0 && images.Count == 1 && images[0].Platform is null)
            {
                // An entry without a platform in a single-image index can only be that image.
                return images[0];
            }

            if (matches.Count == 1)
            {
                return matches[0];
            }

            throw new MultiArchException(matches.Count == 0
                ? $"{source} is an index without an image for {architecture.Platform} (it has {found}). Build and push the image with " +
                  $"--platform {architecture.Platform}, or check which architecture this tag is for."
                : $"{source} is an index with {matches.Count} images for {architecture.Platform}. Push a single image per platform.");
        }

        if (images.Count == 1)
        {
            return images[0];
        }

        throw new MultiArchException(images.Count == 0
            ? $"{source} is an index with no image in it, only attestations or other artifacts. Push the image itself, built for one platform."
            : $"{source} is an index with several platforms ({found}), not a per-architecture image. Name the architecture to pick, " +
              "or push an image built for one platform.");
    }

    /// <summary>
    /// Returns the image manifest for the architecture: the manifest itself when it is one, or the index entry chosen by
    /// <see cref="SelectEntry"/>, read from the registry.
    /// </summary>
    /// <param name="client">The registry client.</param>
    /// <param name="repository">The repository the manifest is in.</param>
    /// <param name="manifest">An image manifest or an index.</param>
    /// <param name="architecture">The architecture wanted, or <see langword="null"/> to accept the only image.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<RegistryManifest> ResolveAsync(
        RegistryClient client,
        string repository,
        RegistryManifest manifest,
        CpuArchitecture? architecture,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(manifest);
        if (!manifest.IsIndex)
        {
            return manifest;
        }

        var source = $"{client.Registry}/{repository}@{manifest.Digest}";
        var entry = SelectEntry(manifest, architecture, source);
        var image = await client.GetManifestAsync(repository, entry.Digest, cancellationToken).ConfigureAwait(false);
        if (image.IsIndex)
        {
            throw new MultiArchException(
                $"{source} points for {entry.Platform?.ToString() ?? "its image"} to another index ({image.Digest}). Nested indexes are not " +
                "supported: push the per-architecture image as a plain image manifest.");
        }

        return image;
    }
}
