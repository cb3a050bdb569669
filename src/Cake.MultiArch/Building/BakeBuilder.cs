using System.Diagnostics;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Progress;

namespace Cake.MultiArch.Building;

/// <summary>
/// Builds every architecture in one BuildKit invocation, <c>docker buildx bake</c> with a target per arch, and lets
/// BuildKit push each arch tag as it finishes. It keeps the classic contract: each arch its own base (one multi-arch
/// name or <c>{arch}/alpine</c>), each arch tag in the registry, the incremental check and record per arch. An arch that
/// is up to date is not in the bake.
/// </summary>
/// <param name="runner">Runs docker.</param>
/// <param name="log">Cake's log.</param>
/// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
/// <param name="retry">How a bake whose push failed transiently is retried (BuildKit's cache makes the rebuild cheap).</param>
/// <param name="snapshot">What the pipeline knows of its local images, or <see langword="null"/> to ask docker each time.</param>
internal sealed class BakeBuilder(IDockerRunner runner, ICakeLog log, string workingDirectory, RetryPolicy retry, LocalImageSnapshot? snapshot = null)
{
    /// <summary>The log of the bake's own lines, which serve every architecture.</summary>
    private readonly ICakeLog _bakeLog = ArchLog.Shared(log, "bake");

    /// <summary>Builds and pushes the images of every architecture that is not up to date.</summary>
    /// <param name="architectures">The architectures.</param>
    /// <param name="settings">The build settings every arch shares.</param>
    /// <param name="listTag">
    /// The list's tag, when the run publishes a list there: then, when every arch is to be built from one base into its
    /// list's repository, one multi-platform target builds them all and BuildKit pushes its index to that tag, which the
    /// list replaces (see <see cref="SharedBuildOf"/>). <see langword="null"/> for a bake target per arch.
    /// </param>
    /// <param name="cancellationToken">Stops the bake.</param>
    public async Task<IReadOnlyDictionary<CpuArchitecture, BakedImage>> BuildAsync(
        IReadOnlyList<CpuArchitecture> architectures, BuildArchImageSettings settings, string? listTag, CancellationToken cancellationToken)
    {
        settings.ThrowIfInvalid();

        var sources = BuildSources.Resolve(settings.Context, settings.Dockerfile, workingDirectory);
        sources.ThrowIfInvalid();
        var watch = Stopwatch.StartNew();
        var records = ArchImageBuilder.RecordsFolder(settings);

        // Every arch's check at once, as the per-arch steps run theirs: each reads the context to digest the inputs.
        var checks = await Task.WhenAll(architectures.Select(async architecture =>
        {
            var (tags, baseImage) = ArchImageBuilder.ImagesOf(settings, architecture);
            var archLog = ArchLog.For(log, architecture);
            var (current, inputs) = await new ArchImageBuilder(runner, archLog, workingDirectory, snapshot).CheckAsync(
                architecture, settings, tags, baseImage, sources, cancellationToken, (name, ct) => RegistryDigestAsync(name, settings, ct)).ConfigureAwait(false);
            var pushed = current is null && inputs is not null && tags.Length == 1
                ? await PushedFromAsync(tags[0], inputs, records, settings, archLog, cancellationToken).ConfigureAwait(false)
                : null;
            return new Check(architecture, tags, baseImage, current, pushed, inputs);
        })).ConfigureAwait(false);
        var results = checks
            .Where(c => c.Current is not null || c.Pushed is not null)
            .ToDictionary(
                c => c.Architecture,
                c => new BakedImage(
                    new ArchImage(c.Architecture, c.Tags[0], c.Tags, c.Current?.Id ?? c.Pushed!, watch.Elapsed) { UpToDate = true, Inspected = c.Current },
                    c.Current is null ? c.Pushed : null));
        var stale = checks.Where(c => c.Current is null && c.Pushed is null).ToArray();
        if (stale.Length == 0)
        {
            return results;
        }

        var digests = SharedBuildOf(stale, checks.Length, settings.RegistryCache is null ? listTag : null) is { } list
            ? await SharedAsync(settings, stale, list, sources, cancellationToken).ConfigureAwait(false)
            : await PerArchAsync(settings, stale, sources, cancellationToken).ConfigureAwait(false);
        foreach (var (architecture, tags, _, _, _, inputs) in stale)
        {
            if (!digests.TryGetValue(architecture.Name, out var digest))
            {
                throw new MultiArchException(
                    $"docker buildx bake finished but reported no image digest for {tags[0]} (target {architecture.Name}), so the pushed image cannot be " +
                    "referenced safely. Update the buildx plugin (0.10 or later writes it to --metadata-file), or set BuildMethod = BuildMethod.DockerCli.");
            }

            var archLog = ArchLog.For(log, architecture);
            var built = await new ArchImageBuilder(runner, archLog, workingDirectory, snapshot).RecordAsync(tags, inputs, settings, cancellationToken).ConfigureAwait(false);

            // Recorded by its registry digest as well, so that a later run knows it from the registry alone.
            if (inputs is not null && BuildRecords.Record(records, digest, inputs, DateTime.UtcNow) is { } problem)
            {
                archLog.Verbose("Could not record the inputs {0} was built from in {1} ({2}); the next run builds it again from BuildKit's cache.", tags[0], records, problem);
            }

            archLog.Information("Pushed {0} at {1}", tags[0], digest);
            results[architecture] = new BakedImage(new ArchImage(architecture, tags[0], tags, built?.Id ?? digest, watch.Elapsed) { Inspected = built }, digest);
        }

        return results;
    }

    /// <summary>One architecture's incremental check.</summary>
    /// <param name="Architecture">The architecture.</param>
    /// <param name="Tags">Its tags, the arch tag first.</param>
    /// <param name="BaseImage">Its expanded base, or <see langword="null"/>.</param>
    /// <param name="Current">The local image, when it is up to date.</param>
    /// <param name="Pushed">The registry digest of the arch tag, when the registry holds an image built from these inputs.</param>
    /// <param name="Inputs">The inputs' digest, or <see langword="null"/> when the build is forced.</param>
    private sealed record Check(CpuArchitecture Architecture, string[] Tags, string? BaseImage, LocalImage? Current, string? Pushed, string? Inputs);

    /// <summary>
    /// The second chance of the incremental check, for an image the daemon does not hold (a multi-platform build keeps
    /// no image per arch): the digest the registry holds the arch tag at, when a build from exactly these inputs pushed
    /// that digest; else <see langword="null"/> and the arch is built.
    /// </summary>
    private async Task<string?> PushedFromAsync(string tag, string inputs, string records, BuildArchImageSettings settings, ICakeLog archLog, CancellationToken cancellationToken)
    {
        if (!Images.ImageReference.TryParse(tag, out var reference))
        {
            return null;
        }

        if (await DigestInRegistryAsync(reference, settings, cancellationToken).ConfigureAwait(false) is not { } digest || !BuildRecords.Has(records, digest, inputs))
        {
            return null;
        }

        archLog.Information("{0} is up to date: built from the same inputs, and the registry holds it at {1}; not built again (Force = true builds anyway).", tag, digest);
        return digest;
    }

    /// <summary>
    /// The list's reference when one multi-platform target can build every arch: every arch is to be built (BuildKit
    /// pushes the index of what it builds to the list's tag, so a subset would leave a partial list there until the list
    /// step), from one base, each to one arch tag in the list's repository (where the index's manifests are, so each
    /// can be tagged there), and more than one arch. Else <see langword="null"/>: a bake target per arch. A run with a
    /// registry cache passes no list tag: each arch's target keeps the arch's own cache.
    /// </summary>
    private static Images.ImageReference? SharedBuildOf(Check[] stale, int all, string? listTag)
    {
        if (listTag is null || stale.Length < 2 || stale.Length != all || !Images.ImageReference.TryParse(listTag, out var list) ||
            stale.Select(s => s.BaseImage).Distinct(StringComparer.Ordinal).Count() != 1)
        {
            return null;
        }

        return stale.All(s => s.Tags.Length == 1 && Images.ImageReference.TryParse(s.Tags[0], out var tag) &&
                              tag.Name == list.Name && tag.Tag is not null && tag.Tag != list.Tag)
            ? list
            : null;
    }

    /// <summary>A bake target per arch, each pushing its arch tag; returns each target's digest.</summary>
    private async Task<IReadOnlyDictionary<string, string>> PerArchAsync(BuildArchImageSettings settings, Check[] stale, BuildSources sources, CancellationToken cancellationToken)
    {
        var definition = BakeDefinition.For(settings, stale.Select(s => (s.Architecture, (IReadOnlyList<string>)s.Tags, s.BaseImage)).ToArray(), sources);
        _bakeLog.Information(
            "Building {0} in one BuildKit invocation (docker buildx bake), each pushed as it finishes",
            string.Join(", ", stale.Select(s => $"{s.Tags[0]} for {s.Architecture.Platform}")));
        return await BakeAsync(definition, stale.Select(s => s.Tags[0]).ToArray(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One multi-platform target for every arch: BuildKit builds every platform from the one base and pushes one index
    /// of them (with each platform's attestations) to the list's tag, which costs one build session instead of one per
    /// arch. Then each platform's manifest gets its arch tag through the registry API, as an index of the image and its
    /// attestations (the shape a per-arch bake pushes), or the image manifest itself when BuildKit made no attestation;
    /// the list step then replaces BuildKit's index with the list. Returns each arch's digest, by arch name.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> SharedAsync(
        BuildArchImageSettings settings, Check[] stale, Images.ImageReference list, BuildSources sources, CancellationToken cancellationToken)
    {
        var architectures = stale.Select(s => s.Architecture).ToArray();
        var definition = BakeDefinition.Shared(settings, architectures, stale[0].BaseImage, list.ToString(), sources);
        _bakeLog.Information(
            "Building {0} for {1} in one BuildKit invocation (docker buildx bake, one multi-platform target{2}); BuildKit pushes its index to the list's " +
            "tag, then each platform's manifest is tagged {3}",
            list, string.Join(", ", architectures.Select(a => a.Platform)),
            stale[0].BaseImage is { } baseImage ? $", every arch from {baseImage}" : "", string.Join(", ", stale.Select(s => s.Tags[0])));
        var index = (await BakeAsync(definition, [list.ToString()], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(BakeDefinition.SharedTarget)
            ?? throw new MultiArchException(
                $"docker buildx bake finished but reported no image digest for {list}, so the platforms it pushed cannot be tagged safely. Update the buildx " +
                "plugin (0.10 or later writes it to --metadata-file), or set BuildMethod = BuildMethod.DockerCli.");
        using var client = await Registry.RegistryAccess.ConnectAsync(list, settings, workingDirectory, log, cancellationToken).ConfigureAwait(false);

        // Each read and tag write is retried on a transient failure, as every other registry call of a run is.
        var pushed = await retry.RunAsync(
            $"read of {list}@{index}", ct => client.GetManifestAsync(list.Repository, index, ct), _bakeLog, cancellationToken).ConfigureAwait(false);
        var manifests = pushed.IsIndex ? pushed.Manifests : [];
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var check in stale)
        {
            var architecture = check.Architecture;
            var image = manifests.FirstOrDefault(m => !m.IsAttestation && m.Platform?.Matches(architecture) == true)
                ?? throw new MultiArchException(
                    $"BuildKit pushed {list}@{index}, but it holds no image for {architecture.Platform} ({architecture.Name}): it has " +
                    $"{string.Join(", ", manifests.Where(m => !m.IsAttestation).Select(m => m.Platform?.ToString() ?? m.Digest).DefaultIfEmpty("none"))}. " +
                    "Check that the base has that platform, or set BuildMethod = BuildMethod.DockerCli to build each arch on its own.");
            var attestations = manifests.Where(m => m.IsAttestation && m.AttestedDigest == image.Digest).ToArray();
            var tagged = attestations.Length == 0
                ? await retry.RunAsync(
                    $"read of {list.Repository}@{image.Digest}", ct => client.GetManifestAsync(list.Repository, image.Digest, ct), ArchLog.For(log, architecture), cancellationToken).ConfigureAwait(false)
                : Registry.ManifestListBuilder.Build(
                    [new Registry.ManifestListEntry(image.Digest, image.Size, image.MediaType, architecture) { Attestations = attestations }],
                    ManifestListFormat.OciImageIndex);
            var tag = Images.ImageReference.Parse(check.Tags[0]).Tag!;
            digests[architecture.Name] = await retry.RunAsync(
                $"tagging of {check.Tags[0]}",
                ct => client.PutManifestAsync(list.Repository, tag, tagged.MediaType, tagged.Bytes, ct),
                ArchLog.For(log, architecture),
                cancellationToken).ConfigureAwait(false);
        }

        return digests;
    }

    /// <summary>
    /// The digest a registry holds a base at (one HEAD, asked once per name, no retries), which identifies a base that
    /// BuildKit reads from the registry without keeping it in the daemon's image store (one multi-arch name); a pinned
    /// <c>name@sha256:...</c> is its own identity. <see langword="null"/> when the registry cannot say: the arch is built.
    /// </summary>
    private Task<string?> RegistryDigestAsync(string name, MultiArchToolSettings settings, CancellationToken cancellationToken) =>
        _baseDigests.GetOrAdd(name, async _ =>
            !Images.ImageReference.TryParse(name, out var reference) ? null
            : reference.Digest is { } pinned ? pinned
            : await DigestInRegistryAsync(reference, settings, cancellationToken).ConfigureAwait(false));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<string?>> _baseDigests = new(StringComparer.Ordinal);

    /// <summary>The digest the registry holds an image at (one quick HEAD), or <see langword="null"/> when it cannot say.</summary>
    private async Task<string?> DigestInRegistryAsync(Images.ImageReference reference, MultiArchToolSettings settings, CancellationToken cancellationToken) =>
        (await Registry.RegistryGlance.TryAsync(
            reference, settings, workingDirectory, log, $"the digest of {reference}",
            async (client, ct) => await client.HeadManifestAsync(reference.Repository, reference.Reference, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false))?.Digest;

    /// <summary>Runs the bake from a private temporary folder (the bake file may hold build arguments) and returns each target's digest.</summary>
    private async Task<IReadOnlyDictionary<string, string>> BakeAsync(BakeDefinition definition, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("cake-multiarch-bake-");
        try
        {
            var definitionFile = Path.Combine(folder.FullName, "docker-bake.json");
            var metadataFile = Path.Combine(folder.FullName, "metadata.json");
            await File.WriteAllTextAsync(definitionFile, definition.ToJson(), cancellationToken).ConfigureAwait(false);
            try
            {
                await retry.RunAsync(
                    $"bake of {string.Join(", ", tags)}",
                    ct => runner.RunAsync(new DockerCommand(BuildCommands.Bake(definitionFile, metadataFile)) { Log = _bakeLog, OutputVerbosity = Verbosity.Verbose }, ct),
                    _bakeLog,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (MultiArchException failure)
            {
                // The plugin is looked for only when the bake fails, so that a run that has it starts no process to ask.
                if (!await BuildxPlugin.IsAvailableAsync(runner, cancellationToken).ConfigureAwait(false))
                {
                    throw new MultiArchException(
                        "The daemon builds with BuildKit (Docker 23 or later), but this docker client has no buildx plugin, which MultiArchBuild uses " +
                        "to build every architecture in one BuildKit invocation (docker buildx bake). Install it (Debian and Ubuntu: the docker-buildx " +
                        "package; Docker's packages: docker-buildx-plugin; or put the docker-buildx binary into ~/.docker/cli-plugins/). Without it, " +
                        "docker build falls back to the deprecated legacy builder, which records no CPU variant (arm32v6 and arm32v7 images come out as " +
                        "plain linux/arm and no list takes them); BuildMethod = BuildMethod.DockerCli builds that way all the same.",
                        failure);
                }

                throw;
            }
            return File.Exists(metadataFile)
                ? BakeMetadata.Digests(await File.ReadAllTextAsync(metadataFile, cancellationToken).ConfigureAwait(false))
                : new Dictionary<string, string>();
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException exception)
            {
                _bakeLog.Verbose("Could not remove {0} ({1}).", folder.FullName, exception.Message);
            }
        }
    }
}
