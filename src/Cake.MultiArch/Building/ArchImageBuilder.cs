using System.Diagnostics;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Building;

/// <summary>
/// Builds one architecture's image from that architecture's base: <c>docker build --platform</c>, or BuildKit through the
/// Engine API (<see cref="BuildMethod.EngineBuildKit"/>).
/// </summary>
/// <param name="runner">Runs docker.</param>
/// <param name="log">Cake's log.</param>
/// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
/// <param name="snapshot">What the pipeline knows of its local images, or <see langword="null"/> to ask docker each time.</param>
internal sealed class ArchImageBuilder(IDockerRunner runner, ICakeLog log, string workingDirectory, LocalImageSnapshot? snapshot = null)
{
    /// <summary>Why a build through the Engine API keeps no registry cache, and what to do.</summary>
    public const string EngineApiCannotCache =
        "BuildMethod.EngineBuildKit cannot keep a registry cache: the Engine API's /build neither imports nor exports one. " +
        "Set BuildMethod = BuildMethod.Auto (or DockerCli) on Docker 23 or later with the buildx plugin, or leave RegistryCache null.";

    /// <summary>Why a daemon whose docker build is the legacy builder keeps no registry cache, and what to do.</summary>
    public static readonly (string Problem, string Fix) LegacyBuilderCannotCache = (
        "RegistryCache is set, but the daemon builds with the legacy builder (Docker 20.10, Engine API before 1.42), which can neither " +
        "export nor import a registry cache.",
        "Build on Docker 23 or later with the buildx plugin (with the containerd image store, or a docker-container builder), " +
        "or leave RegistryCache null on this daemon.");

    /// <summary>The tags an architecture's image gets (the arch tag first) and its base, as the settings name them.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="architecture">The architecture.</param>
    public static (string[] Tags, string? BaseImage) ImagesOf(BuildArchImageSettings settings, CpuArchitecture architecture) =>
        (new[] { settings.TagPattern }.Concat(settings.ExtraTags)
                .Select(p => ArchTagPattern.Expand(p, settings.Image, settings.Tag, architecture))
                .Distinct(StringComparer.Ordinal)
                .ToArray(),
            string.IsNullOrWhiteSpace(settings.BaseImage) ? null : ArchTagPattern.Expand(settings.BaseImage, settings.Image, settings.Tag, architecture));

    /// <summary>Builds and tags the image.</summary>
    /// <param name="architecture">The architecture.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    public async Task<ArchImage> BuildAsync(CpuArchitecture architecture, BuildArchImageSettings settings, CancellationToken cancellationToken = default)
    {
        settings.ThrowIfInvalid();

        var (context, dockerfile) = BuildSources.Resolve(settings.Context, settings.Dockerfile, workingDirectory);
        new BuildSources(context, dockerfile).ThrowIfInvalid();

        var (tags, baseImage) = ImagesOf(settings, architecture);

        var watch = Stopwatch.StartNew();
        var check = await CheckAsync(architecture, settings, tags, baseImage, new BuildSources(context, dockerfile), cancellationToken).ConfigureAwait(false);
        if (check.Current is { } upToDate)
        {
            return new ArchImage(architecture, tags[0], tags, upToDate.Id, watch.Elapsed) { UpToDate = true, Inspected = upToDate };
        }

        // Auto: BuildKit through the Engine API only where `docker build` would be the legacy builder (Docker 20.10
        // without buildx); from Docker 23 on, docker build is BuildKit already, and a containerd image store cannot
        // take the context in the request's body.
        // A registry cache: never the Engine API, whose /build cannot export one.
        var method = settings.BuildMethod == BuildMethod.Auto
            ? runner.Engine is not null && settings.ExtraArguments.Count == 0 && settings.RegistryCache is null &&
              !(await DaemonPlatform.ProbeAsync(runner, cancellationToken).ConfigureAwait(false)).BuildsWithBuildKit
                ? BuildMethod.EngineBuildKit
                : BuildMethod.DockerCli
            : settings.BuildMethod;
        if (settings.RegistryCache is not null)
        {
            if (method == BuildMethod.EngineBuildKit)
            {
                throw new MultiArchException(EngineApiCannotCache);
            }

            if (!(await DaemonPlatform.ProbeAsync(runner, cancellationToken).ConfigureAwait(false)).BuildsWithBuildKit)
            {
                throw new MultiArchException($"{LegacyBuilderCannotCache.Problem} {LegacyBuilderCannotCache.Fix}");
            }
        }

        log.Information(
            "Building {0} for {1}{2}{3}", tags[0], architecture.Platform, baseImage is null ? "" : $" from {baseImage}",
            method == BuildMethod.EngineBuildKit ? " (BuildKit through the Engine API)" : "");
        if (method == BuildMethod.EngineBuildKit)
        {
            await EngineBuildKit.BuildAsync(runner.Engine, settings, architecture, tags, baseImage, new BuildSources(context, dockerfile), log, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await runner.RunAsync(
                new DockerCommand(BuildCommands.Build(settings, architecture, tags, baseImage, dockerfile, context))
                {
                    Log = log,
                    OutputVerbosity = Verbosity.Verbose,
                },
                cancellationToken).ConfigureAwait(false);
        }

        var built = await RecordAsync(tags, check.Inputs, settings, cancellationToken).ConfigureAwait(false);
        return new ArchImage(architecture, tags[0], tags, built?.Id ?? "", watch.Elapsed) { Inspected = built };
    }

    /// <summary>
    /// The incremental check: the local image when it is there and was built from exactly these inputs (then no build
    /// is needed), and the digest of the inputs, which <see cref="RecordAsync"/> records once the image is built.
    /// </summary>
    /// <param name="architecture">The architecture.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="tags">Every tag the image gets, the arch tag first.</param>
    /// <param name="baseImage">The expanded base image, or <see langword="null"/>.</param>
    /// <param name="sources">The context and Dockerfile.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <param name="remoteBase">
    /// The base's identity when the daemon does not hold it (BuildKit reads a base from its registry without keeping it
    /// in the image store): its digest in the registry, or <see langword="null"/> when that is unknown too. Without it,
    /// a base the daemon does not hold means the image is built.
    /// </param>
    public async Task<(LocalImage? Current, string? Inputs)> CheckAsync(
        CpuArchitecture architecture,
        BuildArchImageSettings settings,
        IReadOnlyList<string> tags,
        string? baseImage,
        BuildSources sources,
        CancellationToken cancellationToken,
        Func<string, CancellationToken, Task<string?>>? remoteBase = null)
    {
        if (settings.Force || settings.NoCache || settings.Pull)
        {
            return (null, null);
        }

        // One inspect for the image and its base: is the image there, built from exactly these inputs?
        var local = await LocalImage.InspectManyAsync(runner, baseImage is null ? tags : [.. tags, baseImage], log, cancellationToken, snapshot).ConfigureAwait(false);
        var baseId = baseImage is null ? null
            : local[baseImage]?.Id ?? (remoteBase is null ? null : await remoteBase(baseImage, cancellationToken).ConfigureAwait(false));
        if (baseImage is not null && baseId is null)
        {
            return (null, null);
        }

        var inputs = BuildInputs.Digest(sources, architecture, baseId, settings, baseImage);
        if (local[tags[0]] is { } current && BuildRecords.Has(RecordsFolder(settings), current.Id, inputs) && tags.All(t => local[t]?.Id == current.Id))
        {
            log.Information("{0} is up to date: built from the same inputs; not built again (Force = true builds anyway).", tags[0]);
            return (current, inputs);
        }

        return (null, inputs);
    }

    /// <summary>
    /// After a build: inspects the image, and records the inputs it was built from so that the next run with the same
    /// inputs skips the build. Returns what docker says of the image, or <see langword="null"/> when the daemon does not
    /// hold it (a builder other than the daemon's own pushed it without keeping a copy).
    /// </summary>
    /// <param name="tags">Every tag the image got, the arch tag first.</param>
    /// <param name="inputs">The inputs' digest from <see cref="CheckAsync"/>, or <see langword="null"/> to record nothing.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the inspect.</param>
    public async Task<LocalImage?> RecordAsync(IReadOnlyList<string> tags, string? inputs, BuildArchImageSettings settings, CancellationToken cancellationToken)
    {
        foreach (var tag in tags)
        {
            snapshot?.Forget(tag);
        }

        var built = await LocalImage.InspectAsync(runner, tags[0], log, cancellationToken).ConfigureAwait(false);
        var records = RecordsFolder(settings);
        if (inputs is not null && built is not null && BuildRecords.Record(records, built.Id, inputs, DateTime.UtcNow) is { } problem)
        {
            log.Verbose("Could not record the inputs {0} was built from in {1} ({2}); the next run builds it again from docker's cache.", tags[0], records, problem);
        }

        return built;
    }

    internal static string RecordsFolder(BuildArchImageSettings settings) =>
        BuildRecords.Folder(name => DockerClientEnvironment.Variable(settings, name, Environment.GetEnvironmentVariable));
}
