using System.Diagnostics;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Architectures;
using Cake.MultiArch.Arguments;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Building;

/// <summary>One architecture's image from a bake: the image, and the digest BuildKit pushed it at.</summary>
/// <param name="Image">The image, as <see cref="ArchImageBuilder"/> would report it.</param>
/// <param name="PushedDigest">The digest the registry holds the arch tag at, when the bake pushed it; <see langword="null"/> for an image that was up to date and not built.</param>
internal sealed record BakedImage(ArchImage Image, string? PushedDigest);

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
    /// <summary>The log prefix of the bake's own lines.</summary>
    private const string Prefix = "[bake] ";

    /// <summary>Builds and pushes the images of every architecture that is not up to date.</summary>
    /// <param name="architectures">The architectures.</param>
    /// <param name="settings">The build settings every arch shares.</param>
    /// <param name="cancellationToken">Stops the bake.</param>
    public async Task<IReadOnlyDictionary<CpuArchitecture, BakedImage>> BuildAsync(
        IReadOnlyList<CpuArchitecture> architectures, BuildArchImageSettings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Image))
        {
            throw new MultiArchException("BuildArchImage needs an Image, such as \"127.0.0.1:5000/app\" or \"ghcr.io/me/app\".");
        }

        var sources = BuildSources.Resolve(settings.Context, settings.Dockerfile, workingDirectory);
        sources.ThrowIfInvalid();
        var watch = Stopwatch.StartNew();
        var builder = new ArchImageBuilder(runner, log, workingDirectory, snapshot);
        // Every arch's check at once, as the per-arch steps run theirs: each reads the context to digest the inputs.
        var checks = await Task.WhenAll(architectures.Select(async architecture =>
        {
            var (tags, baseImage) = ArchImageBuilder.ImagesOf(settings, architecture);
            var (current, inputs) = await builder.CheckAsync(
                architecture, settings, tags, baseImage, sources, $"[{architecture.Name}] ", cancellationToken, (name, ct) => RegistryDigestAsync(name, settings, ct)).ConfigureAwait(false);
            return (Architecture: architecture, Tags: (IReadOnlyList<string>)tags, BaseImage: baseImage, Current: current, Inputs: inputs);
        })).ConfigureAwait(false);
        var results = checks
            .Where(c => c.Current is not null)
            .ToDictionary(
                c => c.Architecture,
                c => new BakedImage(new ArchImage(c.Architecture, c.Tags[0], c.Tags, c.Current!.Id, watch.Elapsed) { UpToDate = true, Inspected = c.Current }, null));
        var stale = checks.Where(c => c.Current is null).ToArray();
        if (stale.Length == 0)
        {
            return results;
        }

        if (!await Buildx.BuildxPlugin.IsAvailableAsync(runner, cancellationToken).ConfigureAwait(false))
        {
            throw new MultiArchException(
                "The daemon builds with BuildKit (Docker 23 or later), but this docker client has no buildx plugin, which MultiArchBuild uses " +
                "to build every architecture in one BuildKit invocation (docker buildx bake). Install it (Debian and Ubuntu: the docker-buildx " +
                "package; Docker's packages: docker-buildx-plugin; or put the docker-buildx binary into ~/.docker/cli-plugins/). Without it, " +
                "docker build falls back to the deprecated legacy builder, which records no CPU variant (arm32v6 and arm32v7 images come out as " +
                "plain linux/arm and no list takes them); BuildMethod = BuildMethod.DockerCli builds that way all the same.");
        }

        var definition = BakeDefinition.For(settings, stale.Select(s => (s.Architecture, s.Tags, s.BaseImage)).ToArray(), sources);
        log.Information(
            "{0}Building {1} in one BuildKit invocation (docker buildx bake), each pushed as it finishes",
            Prefix, string.Join(", ", stale.Select(s => $"{s.Tags[0]} for {s.Architecture.Platform}")));
        var digests = await BakeAsync(definition, stale.Select(s => s.Tags[0]).ToArray(), cancellationToken).ConfigureAwait(false);
        foreach (var (architecture, tags, _, _, inputs) in stale)
        {
            if (!digests.TryGetValue(architecture.Name, out var digest))
            {
                throw new MultiArchException(
                    $"docker buildx bake finished but reported no image digest for {tags[0]} (target {architecture.Name}), so the pushed image cannot be " +
                    "referenced safely. Update the buildx plugin (0.10 or later writes it to --metadata-file), or set BuildMethod = BuildMethod.DockerCli.");
            }

            var prefix = $"[{architecture.Name}] ";
            var built = await builder.RecordAsync(tags, inputs, settings, prefix, cancellationToken).ConfigureAwait(false);
            log.Information("{0}Pushed {1} at {2}", prefix, tags[0], digest);
            results[architecture] = new BakedImage(new ArchImage(architecture, tags[0], tags, built?.Id ?? digest, watch.Elapsed) { Inspected = built }, digest);
        }

        return results;
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
            : (await Registry.RegistryGlance.TryAsync(
                reference, settings, workingDirectory, log, $"the digest of {name}",
                async (client, ct) => await client.HeadManifestAsync(reference.Repository, reference.Reference, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false))?.Digest);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<string?>> _baseDigests = new(StringComparer.Ordinal);

    /// <summary>Runs the bake from a private temporary folder (the bake file may hold build arguments) and returns each target's digest.</summary>
    private async Task<IReadOnlyDictionary<string, string>> BakeAsync(BakeDefinition definition, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("cake-multiarch-bake-");
        try
        {
            var definitionFile = Path.Combine(folder.FullName, "docker-bake.json");
            var metadataFile = Path.Combine(folder.FullName, "metadata.json");
            await File.WriteAllTextAsync(definitionFile, definition.ToJson(), cancellationToken).ConfigureAwait(false);
            await retry.RunAsync(
                $"{Prefix}bake of {string.Join(", ", tags)}",
                ct => runner.RunAsync(new DockerCommand(DockerArguments.Bake(definitionFile, metadataFile)) { LogPrefix = Prefix, OutputVerbosity = Verbosity.Verbose }, ct),
                log,
                cancellationToken).ConfigureAwait(false);
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
                log.Verbose("{0}Could not remove {1} ({2}).", Prefix, folder.FullName, exception.Message);
            }
        }
    }
}
