using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Images;
using Cake.MultiArch.Registry;

namespace Cake.MultiArch.Publishing;

/// <summary>
/// Reads the per-arch images of a list back from the registry before any list is made, whatever the method: each must
/// be there (a list never points at an image that was not pushed), an index is resolved to its platform's image
/// manifest, and that image's config must be for the architecture it is listed as.
/// </summary>
internal static class ListInputs
{
    /// <summary>Reads every pushed image; throws a <see cref="MultiArchException"/> naming the first that is missing or wrong.</summary>
    /// <param name="entries">The pushed per-arch images, each with its architecture.</param>
    /// <param name="settings">The settings (insecure, credentials' config directory, retries).</param>
    /// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
    /// <param name="log">Cake's log.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<IReadOnlyList<ListInput>> ResolveAsync(
        IReadOnlyList<PushedImage> entries, MultiArchToolSettings settings, string workingDirectory, ICakeLog log, CancellationToken cancellationToken)
    {
        var inputs = new List<ListInput>(entries.Count);
        foreach (var entry in entries)
        {
            var source = ImageReference.Parse(entry.ByDigest);
            using var client = await RegistryAccess.ConnectAsync(source, settings, workingDirectory, log, cancellationToken).ConfigureAwait(false);
            RegistryManifest pushed;
            try
            {
                pushed = await client.GetManifestAsync(source.Repository, entry.Digest, cancellationToken).ConfigureAwait(false);
            }
            catch (MultiArchException missing) when (missing.RegistryStatus == System.Net.HttpStatusCode.NotFound)
            {
                throw new MultiArchException(
                    $"The {entry.Architecture!.Name} image {entry.Tag} ({entry.Digest}) is not in the registry {source.Registry}, so no list may point at it; " +
                    "nothing was published. Push every per-arch image (PushArchImage) before the manifest list, and pass what it returned.",
                    missing);
            }

            var image = await PlatformManifestResolver.ResolveAsync(client, source.Repository, pushed, entry.Architecture, cancellationToken).ConfigureAwait(false);
            var platform = await client.GetImagePlatformAsync(source.Repository, image, cancellationToken).ConfigureAwait(false);
            if (!platform.Matches(entry.Architecture!))
            {
                throw new MultiArchException(
                    $"{entry.Tag} ({entry.Digest}) is a {platform} image, not {entry.Architecture!.Platform}. Build it with --platform {entry.Architecture.Platform} " +
                    "(BuildArchImage does), or pair it with the right architecture.");
            }

            var attestations = pushed.IsIndex
                ? pushed.Manifests.Where(m => m.IsAttestation && m.AttestedDigest == image.Digest).ToList()
                : [];
            if (pushed.IsIndex)
            {
                log.Verbose(
                    "{0} is an index; its {1} image is {2}{3}.",
                    entry.Tag,
                    entry.Architecture!.Platform,
                    image.Digest,
                    attestations.Count == 0 ? "" : $", with {attestations.Count} attestation{(attestations.Count == 1 ? "" : "s")}");
            }

            inputs.Add(new ListInput(entry, image, attestations, pushed.IsIndex));
        }

        return inputs;
    }
}
