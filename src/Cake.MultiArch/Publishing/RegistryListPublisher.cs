using Cake.Core.Diagnostics;
using Cake.MultiArch.Images;
using Cake.MultiArch.Registry;

namespace Cake.MultiArch.Publishing;

/// <summary>
/// Publishes a manifest list through the registry's HTTP API alone: no <c>docker manifest</c>. The list is built from
/// the per-arch images as the registry holds them (<see cref="ListInputs"/>), with their attestations and the
/// annotations asked for, and PUT.
/// </summary>
/// <param name="log">Cake's log.</param>
/// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
internal sealed class RegistryListPublisher(ICakeLog log, string workingDirectory)
{
    /// <summary>
    /// The list these images make under the settings: an entry per image with its annotations and, unless
    /// <see cref="PushManifestSettings.KeepAttestations"/> is off, its attestations, in the format the entries call for.
    /// Throws a <see cref="MultiArchException"/> when an image is in another repository than the list.
    /// </summary>
    /// <param name="listTag">The list's tag.</param>
    /// <param name="inputs">The per-arch images as the registry holds them.</param>
    /// <param name="settings">The settings.</param>
    public static RegistryManifest Build(string listTag, IReadOnlyList<ListInput> inputs, PushManifestSettings settings)
    {
        var list = ImageReference.Parse(listTag);
        var entries = new List<ManifestListEntry>(inputs.Count);
        foreach (var input in inputs)
        {
            var source = ImageReference.Parse(input.Pushed.ByDigest);
            if (source.Registry != list.Registry || source.Repository != list.Repository)
            {
                throw new MultiArchException(
                    $"{input.Pushed.Tag} is in {source.Name}, but the list {listTag} is in {list.Name}; a registry resolves list entries in the list's own repository. " +
                    "Push every arch image to the list's repository (the default tag pattern does), or use ManifestMethod = ManifestMethod.DockerManifest.");
            }

            var architecture = input.Pushed.Architecture!;
            entries.Add(ManifestListEntry.From(input.Image, architecture) with
            {
                Attestations = settings.KeepAttestations ? input.Attestations : [],
                Annotations = settings.PlatformAnnotations.TryGetValue(architecture, out var annotations)
                    ? new Dictionary<string, string>(annotations, StringComparer.Ordinal)
                    : new Dictionary<string, string>(),
            });
        }

        return ManifestListBuilder.Build(entries, settings.Format, new Dictionary<string, string>(settings.Annotations, StringComparer.Ordinal));
    }

    /// <summary>Pushes a list made by <see cref="Build"/> under the tag; returns its digest.</summary>
    /// <param name="listTag">The list's tag.</param>
    /// <param name="built">The list.</param>
    /// <param name="settings">The settings (insecure, credentials' config directory).</param>
    /// <param name="cancellationToken">Cancels the publication.</param>
    public async Task<string> PublishAsync(string listTag, RegistryManifest built, PushManifestSettings settings, CancellationToken cancellationToken)
    {
        var list = ImageReference.Parse(listTag);
        using var client = await RegistryAccess.ConnectAsync(list, settings, workingDirectory, log, cancellationToken).ConfigureAwait(false);
        var images = built.Manifests.Count(m => !m.IsAttestation);
        var attestations = built.Manifests.Count - images;
        log.Information(
            "Putting {0} {1} with {2} platform{3}{4}",
            built.MediaType == ManifestMediaTypes.OciImageIndex ? "OCI image index" : "manifest list",
            listTag,
            images,
            images == 1 ? "" : "s",
            attestations == 0 ? "" : $" and {attestations} attestation{(attestations == 1 ? "" : "s")}");
        return await client.PutManifestAsync(list.Repository, list.Tag ?? ImageReference.DefaultTag, built.MediaType, built.Bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The digest of the registry's list at the tag when pushing again would change nothing, else <see langword="null"/>.
    /// With the list that would be pushed (<paramref name="built"/>) that means the same bytes; without it (another method
    /// makes the list) the same image and platform per entry. Any failure to tell counts as "no".
    /// </summary>
    /// <param name="listTag">The list's tag.</param>
    /// <param name="inputs">The per-arch images it would list.</param>
    /// <param name="built">The list that would be pushed, when this class makes it.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public async Task<string?> CurrentDigestIfUnchangedAsync(
        string listTag, IReadOnlyList<ListInput> inputs, RegistryManifest? built, PushManifestSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            var list = ImageReference.Parse(listTag);
            var tag = list.Tag ?? ImageReference.DefaultTag;
            using var client = await RegistryAccess.ConnectAsync(list, settings, workingDirectory, log, cancellationToken).ConfigureAwait(false);
            if (await client.HeadManifestAsync(list.Repository, tag, cancellationToken).ConfigureAwait(false) is not { } head)
            {
                return null;
            }

            if (built is not null)
            {
                return head.Digest == built.Digest ? head.Digest : null;
            }

            var current = await client.GetManifestAsync(list.Repository, tag, cancellationToken).ConfigureAwait(false);
            if (!current.IsIndex)
            {
                return null;
            }

            // By platform match, not text: other tools write arm64 with or without its "v8" variant.
            var have = current.Manifests.Where(m => !m.IsAttestation).ToList();
            var same = have.Count == inputs.Count &&
                inputs.All(i => have.Any(m => m.Digest == i.Image.Digest && m.Platform?.Matches(i.Pushed.Architecture!) == true));
            return same ? current.Digest : null;
        }
        catch (MultiArchException exception)
        {
            log.Verbose("Could not compare {0} with the registry's list ({1}); publishing it.", listTag, exception.Message.Split('\n')[0]);
            return null;
        }
    }
}
