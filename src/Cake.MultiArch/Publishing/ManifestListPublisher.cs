using System.Text.RegularExpressions;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Images;

namespace Cake.MultiArch.Publishing;

/// <summary>
/// Publishes a manifest list with <c>docker manifest</c>: create from the pushed per-arch images (by digest),
/// annotate each entry's platform from the architecture type, push and purge the local copy.
/// </summary>
/// <param name="runner">Runs docker.</param>
/// <param name="log">Cake's log.</param>
/// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
internal sealed partial class ManifestListPublisher(IDockerRunner runner, ICakeLog log, string workingDirectory)
{
    /// <summary>
    /// Publishes the list under its tag and every extra tag. The per-arch images are read back from the registry first
    /// (<see cref="ListInputs"/>): a list never points at an image that is not there, and a per-arch index is resolved to
    /// its platform's image for every method.
    /// </summary>
    /// <param name="listTag">The list's tag, such as <c>127.0.0.1:5000/app:1.0</c>.</param>
    /// <param name="entries">The pushed per-arch images; each must carry its architecture.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the publication.</param>
    public async Task<ManifestList> PublishAsync(string listTag, IReadOnlyList<PushedImage> entries, PushManifestSettings settings, CancellationToken cancellationToken = default)
    {
        Validate(listTag, entries, settings);
        var insecure = settings.Insecure || WrittenReference.Of(listTag).IsOnLoopback;
        var registry = new RegistryListPublisher(log, workingDirectory);
        var inputs = await settings.Retry.RunAsync(
            $"manifest list {listTag}",
            ct => ListInputs.ResolveAsync(entries, settings, workingDirectory, log, ct),
            log,
            cancellationToken).ConfigureAwait(false);
        var method = ChooseMethod(listTag, inputs, settings);
        ManifestList? published = null;
        foreach (var tag in TagSet.Of(listTag, settings.ExtraTags))
        {
            var built = method == ManifestMethod.Registry ? RegistryListPublisher.Build(tag, inputs, settings) : null;

            // Incremental: a list that already has exactly these entries is left as it is.
            var digest = settings.Force ? null : await registry.CurrentDigestIfUnchangedAsync(tag, inputs, built, settings, cancellationToken).ConfigureAwait(false);
            var unchanged = digest is not null;
            if (unchanged)
            {
                log.Information("Manifest list {0} is unchanged at {1}; not pushed again (Force = true pushes it anyway).", tag, digest);
            }
            else
            {
                digest = await settings.Retry.RunAsync(
                    $"manifest list {tag}",
                    ct => method switch
                    {
                        ManifestMethod.Registry => registry.PublishAsync(tag, built!, settings, ct),
                        ManifestMethod.BuildxImagetools => PublishWithImagetoolsAsync(tag, inputs, settings, ct),
                        _ => PublishOneAsync(tag, inputs, insecure, ct),
                    },
                    log,
                    cancellationToken).ConfigureAwait(false);
            }

            published ??= new ManifestList(tag, digest!, entries)
            {
                Unchanged = unchanged,
                Method = method,
                Attestations = method == ManifestMethod.DockerManifest || !settings.KeepAttestations ? 0 : inputs.Sum(i => i.Attestations.Count),
            };
        }

        return published!;
    }

    /// <summary>
    /// The method in force: the one asked for, or for <see cref="ManifestMethod.Auto"/> the registry's API where the
    /// images carry attestations to keep or annotations are given (and the images are in the list's repository), else
    /// the classic <c>docker manifest</c>. Says which in the log, and what an explicit <c>docker manifest</c> leaves out.
    /// </summary>
    private ManifestMethod ChooseMethod(string listTag, IReadOnlyList<ListInput> inputs, PushManifestSettings settings)
    {
        var attested = settings.KeepAttestations ? inputs.Where(i => i.Attestations.Count > 0).ToList() : [];
        var annotated = settings.Annotations.Count > 0 || settings.PlatformAnnotations.Count > 0;
        if (settings.ManifestMethod != ManifestMethod.Auto)
        {
            if (settings.ManifestMethod == ManifestMethod.DockerManifest && attested.Count > 0)
            {
                log.Warning(
                    "{0}: `docker manifest` lists the images alone and leaves out their {1} attestations (provenance, SBOM). " +
                    "ManifestMethod = ManifestMethod.Registry (or Auto) keeps them; KeepAttestations = false silences this.",
                    listTag,
                    attested.Sum(i => i.Attestations.Count));
            }

            return settings.ManifestMethod;
        }

        var list = WrittenReference.Of(listTag).Name;
        var inListRepository = inputs.All(i => i.Pushed.Repository == list);
        if ((attested.Count > 0 || annotated) && inListRepository)
        {
            log.Information(
                "{0}: written through the registry's API (ManifestMethod.Registry), since {1}; `docker manifest` could keep neither.",
                listTag,
                attested.Count > 0 ? $"the per-arch images carry attestations ({string.Join(", ", attested.Select(i => i.Pushed.Architecture!.Name))})" : "annotations were given");
            return ManifestMethod.Registry;
        }

        if (annotated)
        {
            throw new MultiArchException(
                $"Annotations were given for {listTag}, but its images are not all in {list}, and only the registry method writes annotations, in the " +
                "list's own repository. Push every arch image to the list's repository (the default tag pattern does), or remove the annotations.");
        }

        if (attested.Count > 0)
        {
            log.Warning(
                "{0}: the per-arch images are not all in {1}, so `docker manifest` makes the list, without their attestations. Push every arch " +
                "image to the list's repository to keep them.",
                listTag,
                list);
        }

        log.Verbose("{0}: made with `docker manifest` (ManifestMethod.DockerManifest), the classic recipe.", listTag);
        return ManifestMethod.DockerManifest;
    }

    private async Task<string> PublishWithImagetoolsAsync(string listTag, IReadOnlyList<ListInput> inputs, PushManifestSettings settings, CancellationToken cancellationToken)
    {
        await runner.RunAsync(new DockerCommand(PublishCommands.ImagetoolsCreate([listTag], inputs.Select(i => i.Pushed.ByDigest))), cancellationToken).ConfigureAwait(false);

        // imagetools prints no digest of its own; the registry is asked, and must now hold exactly these entries.
        return await new RegistryListPublisher(log, workingDirectory).CurrentDigestIfUnchangedAsync(listTag, inputs, null, settings, cancellationToken).ConfigureAwait(false)
            ?? throw new MultiArchException($"`docker buildx imagetools create` finished, but the registry's {listTag} does not list exactly the pushed images. Inspect it with `docker buildx imagetools inspect {listTag}`.");
    }

    private async Task<string> PublishOneAsync(string listTag, IReadOnlyList<ListInput> inputs, bool insecure, CancellationToken cancellationToken)
    {
        // A local list left by an earlier failed run would be merged by --amend; start from nothing.
        await RemoveLocalListAsync(listTag).ConfigureAwait(false);
        try
        {
            log.Information("Creating manifest list {0} from {1}", listTag, string.Join(", ", inputs.Select(i => i.Pushed.Architecture!.Name)));

            // By the platform's image manifest: `docker manifest create` refuses an index ("is a manifest list").
            var references = inputs.Select(i => i.ImageByDigest).ToArray();
            await runner.RunAsync(new DockerCommand(PublishCommands.ManifestCreate(listTag, references, insecure)), cancellationToken).ConfigureAwait(false);
            foreach (var input in inputs)
            {
                await runner.RunAsync(new DockerCommand(PublishCommands.ManifestAnnotate(listTag, input.ImageByDigest, input.Pushed.Architecture!)), cancellationToken).ConfigureAwait(false);
            }

            var result = await runner.RunAsync(new DockerCommand(PublishCommands.ManifestPush(listTag, insecure)), cancellationToken).ConfigureAwait(false);
            var digest = result.StandardOutput.Select(l => l.Trim()).LastOrDefault(l => ListDigest().IsMatch(l)) ?? throw new MultiArchException(
                $"`docker manifest push {listTag}` succeeded but printed no digest. Check the list with `docker manifest inspect {listTag}`.");
            log.Information("Pushed manifest list {0} at {1}", listTag, digest);
            return digest;
        }
        catch
        {
            await RemoveLocalListAsync(listTag).ConfigureAwait(false);
            throw;
        }
    }

    private async Task RemoveLocalListAsync(string listTag) =>
        await runner.RunAsync(
            new DockerCommand(PublishCommands.ManifestRemove(listTag)) { ThrowOnFailure = false, OutputVerbosity = Verbosity.Diagnostic },
            CancellationToken.None).ConfigureAwait(false);

    private static void Validate(string listTag, IReadOnlyList<PushedImage> entries, PushManifestSettings settings)
    {
        settings.ThrowIfInvalid(listTag);
        var foreign = settings.PlatformAnnotations.Keys.Where(a => !entries.Any(e => e.Architecture == a)).ToArray();
        if (foreign.Length > 0)
        {
            throw new MultiArchException(
                $"PlatformAnnotations names {string.Join(", ", foreign.Select(a => a.Name))}, which {(foreign.Length == 1 ? "is" : "are")} not among the images of {listTag}. " +
                "Annotate only the architectures the list holds.");
        }

        if (string.IsNullOrWhiteSpace(listTag))
        {
            throw new MultiArchException("PushManifest needs the list's tag, such as \"127.0.0.1:5000/app:1.0\".");
        }

        if (!ImageReference.TryParse(listTag, out _, out var tagError))
        {
            throw new MultiArchException($"PushManifest cannot publish the list '{listTag}': {tagError}");
        }

        if (entries.Count == 0)
        {
            throw new MultiArchException($"PushManifest was given no per-arch images for {listTag}. Push each arch's image first and pass what PushArchImage returned.");
        }

        var unknown = entries.Where(e => e.Architecture is null).Select(e => e.Tag).ToArray();
        if (unknown.Length > 0)
        {
            throw new MultiArchException(
                $"PushManifest cannot annotate {string.Join(", ", unknown)}: the architecture is not known. Pass the images with their CpuArchitecture set.");
        }

        var duplicates = entries.GroupBy(e => e.Architecture!.Platform).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (duplicates.Length > 0)
        {
            throw new MultiArchException(
                $"PushManifest was given more than one image for {string.Join(", ", duplicates)}; a manifest list holds each platform once. Remove the duplicates.");
        }
    }

    [GeneratedRegex(@"^sha256:[0-9a-f]{64}$")]
    private static partial Regex ListDigest();
}
