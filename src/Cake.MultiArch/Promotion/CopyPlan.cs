using Cake.MultiArch.Registry;

namespace Cake.MultiArch.Promotion;

/// <summary>
/// What a copy must put into the target, in the order that never lets a manifest refer to something missing: every
/// blob (configs and layers, each once), then the manifests with each list after the manifests it lists, the top one last.
/// </summary>
/// <param name="Blobs">The blobs, each once, in the order the manifests name them.</param>
/// <param name="Manifests">The manifests, the ones a list names before the list; the top manifest last.</param>
internal sealed record CopyPlan(IReadOnlyList<ManifestDescriptor> Blobs, IReadOnlyList<RegistryManifest> Manifests)
{
    /// <summary>The plan for a manifest and the manifests below it.</summary>
    /// <param name="top">The manifest the source reference names: a list, an index or an image.</param>
    /// <param name="below">Every manifest a list names (at any depth), by digest.</param>
    /// <param name="source">The source reference, for messages.</param>
    public static CopyPlan Of(RegistryManifest top, IReadOnlyDictionary<string, RegistryManifest> below, string source)
    {
        ArgumentNullException.ThrowIfNull(top);
        ArgumentNullException.ThrowIfNull(below);
        var manifests = new List<RegistryManifest>();
        var blobs = new List<ManifestDescriptor>();
        var seenManifests = new HashSet<string>(StringComparer.Ordinal);
        var seenBlobs = new HashSet<string>(StringComparer.Ordinal);

        void Visit(RegistryManifest manifest, int depth)
        {
            if (!seenManifests.Add(manifest.Digest))
            {
                return;
            }

            if (manifest.IsIndex)
            {
                // Indexes of indexes are legal but rare; a cycle cannot exist in content-addressed data, a depth guard still ends bad input.
                if (depth > 8)
                {
                    throw new MultiArchException($"{source} nests manifest lists more than 8 deep; that is not an image this add-in copies.");
                }

                foreach (var entry in manifest.Manifests)
                {
                    if (!below.TryGetValue(entry.Digest, out var child))
                    {
                        throw new MultiArchException(
                            $"{source} lists {entry.Digest}, which its registry does not hold: the source is incomplete. Push it again, then copy.");
                    }

                    Visit(child, depth + 1);
                }
            }
            else if (ManifestMediaTypes.IsImageManifest(manifest.MediaType))
            {
                foreach (var blob in new[] { manifest.Config }.OfType<ManifestDescriptor>().Concat(manifest.Layers))
                {
                    if (seenBlobs.Add(blob.Digest))
                    {
                        blobs.Add(blob);
                    }
                }
            }
            else
            {
                throw new MultiArchException(
                    $"{source} has a manifest {manifest.Digest} of media type '{manifest.MediaType}', which is neither an image manifest nor a list " +
                    $"({string.Join(", ", ManifestMediaTypes.All)}). Push the image again with a current docker or buildx, then copy it.");
            }

            manifests.Add(manifest);
        }

        Visit(top, 0);
        return new CopyPlan(blobs, manifests);
    }
}
