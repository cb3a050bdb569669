using Cake.Core.Diagnostics;
using Cake.MultiArch.Images;
using Cake.MultiArch.Registry;

namespace Cake.MultiArch.Publishing;

/// <summary>
/// Publishes a manifest list through the registry's HTTP API alone: no <c>docker manifest</c>. Each entry is read from
/// the registry (an index is resolved to its platform's image), its config is checked against the architecture,
/// and the list is built and PUT.
/// </summary>
/// <param name="log">Cake's log.</param>
/// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
internal sealed class RegistryListPublisher(ICakeLog log, string workingDirectory)
{
    /// <summary>Builds and pushes the list; returns its digest.</summary>
    /// <param name="listTag">The list's tag.</param>
    /// <param name="entries">The pushed per-arch images.</param>
    /// <param name="settings">The settings (format, insecure, credentials' config directory).</param>
    /// <param name="cancellationToken">Cancels the publication.</param>
    public async Task<string> PublishAsync(string listTag, IReadOnlyList<PushedImage> entries, PushManifestSettings settings, CancellationToken cancellationToken)
    {
        var list = ImageReference.Parse(listTag);
        var tag = list.Tag ?? ImageReference.DefaultTag;
        using var client = await RegistryAccess.ConnectAsync(list, settings, workingDirectory, log, cancellationToken).ConfigureAwait(false);
        var listEntries = new List<ManifestListEntry>();
        foreach (var entry in entries)
        {
            var source = ImageReference.Parse(entry.ByDigest);
            if (source.Registry != list.Registry || source.Repository != list.Repository)
            {
                throw new MultiArchException(
                    $"{entry.Tag} is in {source.Name}, but the list {listTag} is in {list.Name}; a registry resolves list entries in the list's own repository. " +
                    "Push every arch image to the list's repository (the default tag pattern does).");
            }

            var manifest = await client.GetManifestAsync(list.Repository, entry.Digest, cancellationToken).ConfigureAwait(false);
            var image = await PlatformManifestResolver.ResolveAsync(client, list.Repository, manifest, entry.Architecture, cancellationToken).ConfigureAwait(false);
            var platform = await client.GetImagePlatformAsync(list.Repository, image, cancellationToken).ConfigureAwait(false);
            if (!platform.Matches(entry.Architecture!))
            {
                throw new MultiArchException(
                    $"{entry.Tag} ({entry.Digest}) is a {platform} image, not {entry.Architecture!.Platform}. Build it with --platform {entry.Architecture.Platform} " +
                    "(BuildArchImage does), or pair it with the right architecture.");
            }

            listEntries.Add(ManifestListEntry.From(image, entry.Architecture!));
        }

        var built = ManifestListBuilder.Build(listEntries, settings.Format);
        log.Information("Putting {0} {1} with {2} entries", built.MediaType.Contains("oci", StringComparison.Ordinal) ? "OCI image index" : "manifest list", listTag, listEntries.Count);
        return await client.PutManifestAsync(list.Repository, tag, built.MediaType, built.Bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether the registry's list at the tag already has exactly these entries (digest and platform each),
    /// so that pushing it again would change nothing. Any failure to tell counts as "no".
    /// </summary>
    /// <param name="listTag">The list's tag.</param>
    /// <param name="entries">The entries it would have.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public async Task<string?> CurrentDigestIfUnchangedAsync(string listTag, IReadOnlyList<PushedImage> entries, PushManifestSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            var list = ImageReference.Parse(listTag);
            using var client = await RegistryAccess.ConnectAsync(list, settings, workingDirectory, log, cancellationToken).ConfigureAwait(false);
            if (await client.HeadManifestAsync(list.Repository, list.Tag ?? ImageReference.DefaultTag, cancellationToken).ConfigureAwait(false) is null)
            {
                return null;
            }

            var current = await client.GetManifestAsync(list.Repository, list.Tag ?? ImageReference.DefaultTag, cancellationToken).ConfigureAwait(false);
            if (!current.IsIndex)
            {
                return null;
            }

            var have = current.Manifests.Where(m => !m.IsAttestation).Select(m => (m.Digest, Platform: m.Platform?.ToString())).ToHashSet();
            var want = entries.Select(e => (e.Digest, Platform: (string?)ImagePlatform.From(e.Architecture!).ToString())).ToHashSet();
            return have.SetEquals(want) ? current.Digest : null;
        }
        catch (MultiArchException exception)
        {
            log.Verbose("Could not compare {0} with the registry's list ({1}); publishing it.", listTag, exception.Message.Split('\n')[0]);
            return null;
        }
    }
}
