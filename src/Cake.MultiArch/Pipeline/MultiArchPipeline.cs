using System.Diagnostics;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Building;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Progress;
using Cake.MultiArch.Qemu;
using Cake.MultiArch.Verification;

namespace Cake.MultiArch.Pipeline;

/// <summary>
/// The classic recipe as a plan of steps: register QEMU (optional), then per arch a QEMU-enabled base, a build and a push,
/// then the manifest list once every push has succeeded. Independent steps may run at the same time.
/// </summary>
/// <param name="runners">The runner for each architecture's daemon; <see langword="null"/> asks for the default daemon's.</param>
/// <param name="log">Cake's log.</param>
/// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
/// <param name="progress">Shows each arch's progress; plain log lines when <see langword="null"/>.</param>
internal sealed class MultiArchPipeline(Func<CpuArchitecture?, IDockerRunner> runners, ICakeLog log, string workingDirectory, PipelineProgress? progress = null)
{
    /// <summary>Creates a pipeline whose every step talks to one daemon.</summary>
    /// <param name="runner">Runs docker.</param>
    /// <param name="log">Cake's log.</param>
    /// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
    public MultiArchPipeline(IDockerRunner runner, ICakeLog log, string workingDirectory)
        : this(_ => runner, log, workingDirectory)
    {
    }

    /// <summary>Runs the pipeline; throws a <see cref="MultiArchBuildException"/> naming what succeeded and what failed.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Stops the pipeline and its docker processes.</param>
    public async Task<MultiArchBuildResult> RunAsync(MultiArchBuildSettings settings, CancellationToken cancellationToken = default)
    {
        Preflight.ThrowIfAny("MultiArchBuild", await new Preflight(runners, log, workingDirectory).CheckAsync(settings, settings.Preflight, cancellationToken).ConfigureAwait(false));
        var watch = Stopwatch.StartNew();
        var architectures = settings.Architectures.ToArray();
        var results = architectures
            .Select(a => new ArchBuildResult(a, ArchTagPattern.Expand(settings.TagPattern, settings.Image, settings.Tag, a)))
            .ToArray();
        var result = new MultiArchBuildResult(settings.Image, settings.Tag, results);
        // The same for every arch: made once.
        var baseSettings = settings.UseQemuBases ? StepSettings.QemuBase(settings) : null;
        var buildSettings = StepSettings.Build(settings);
        var snapshots = await PipelineSnapshots.TakeAsync(runners, architectures, baseSettings, buildSettings, cancellationToken).ConfigureAwait(false);
        var bake = await OneInvocationAsync(settings, buildSettings, architectures, snapshots, cancellationToken).ConfigureAwait(false);
        var pins = bake is null
            ? await BasePins.ResolveAsync(settings.BaseImage, architectures, settings, workingDirectory, log, cancellationToken).ConfigureAwait(false)
            : null;
        var targets = results.Select(arch => ArchTarget.Expand(settings, arch, runners(arch.Architecture), log, baseSettings, buildSettings, snapshots, pins)).ToArray();
        var steps = Plan(settings, targets, result, bake);
        foreach (var (architecture, builder) in settings.Builders.Where(b => architectures.Contains(b.Key)))
        {
            log.Information("{0} builds on {1}", architecture.Name, builder);
        }

        log.Information(
            "Multi-arch build of {0}:{1} for {2} ({3} steps, {4} at a time)",
            settings.Image, settings.Tag, string.Join(", ", architectures.Select(a => a.Name)), steps.Count, settings.EffectiveParallelism);
        var lastStep = steps.Where(s => s.Architecture is not null).GroupBy(s => s.Architecture!).ToDictionary(g => g.Key, g => g.Last());
        IReadOnlyDictionary<PipelineStep, StepOutcome> outcomes = new Dictionary<PipelineStep, StepOutcome>();
        var display = progress ?? new PipelineProgress(architectures, new ArchLogRouter(log), log, CiLog.None, ProgressDisplay.Plain);
        await display.RunAsync(async () => outcomes = await PlanExecutor.RunAsync(
            steps,
            settings.EffectiveParallelism,
            cancellationToken,
            step =>
            {
                if (step.Architecture is { } arch)
                {
                    display.Started(arch, step.Kind switch { StepKind.QemuBase => ArchStage.Base, StepKind.Build => ArchStage.Building, _ => ArchStage.Pushing });
                }
            },
            outcome =>
            {
                if (outcome.Step.Architecture is { } arch && (!outcome.Succeeded || lastStep[arch] == outcome.Step))
                {
                    display.Finished(arch, outcome.Succeeded ? ArchStage.Done : ArchStage.Failed);
                }
            }).ConfigureAwait(false)).ConfigureAwait(false);
        foreach (var arch in architectures.Where(a => !outcomes.Values.Any(o => o.Step.Architecture == a && (!o.Succeeded || o.Step == lastStep[a]))))
        {
            display.Finished(arch, ArchStage.Skipped);
        }

        result.Duration = watch.Elapsed;

        foreach (var arch in results)
        {
            var mine = outcomes.Values.Where(o => o.Step.Architecture == arch.Architecture || (o.Step.Architecture is null && o.Step.Kind == StepKind.RegisterQemu)).ToArray();
            arch.Duration = TimeSpan.FromTicks(mine.Where(o => o.Step.Architecture is not null).Sum(o => o.Duration.Ticks));
            var failure = mine.FirstOrDefault(o => !o.Succeeded);
            var expected = steps.Count(s => s.Architecture == arch.Architecture);
            arch.Status = failure is not null ? ArchBuildStatus.Failed
                : mine.Count(o => o.Step.Architecture == arch.Architecture) == expected ? ArchBuildStatus.Succeeded
                : ArchBuildStatus.NotRun;
            arch.Error = failure is null ? null : $"{failure.Step.Kind} failed: {failure.Error!.Message}";
        }

        cancellationToken.ThrowIfCancellationRequested();
        var manifestFailure = outcomes.Values.FirstOrDefault(o => o.Step.Kind is StepKind.Manifest or StepKind.Verify && !o.Succeeded);
        if (!result.Succeeded || manifestFailure is not null)
        {
            throw MultiArchBuildException.For(result, manifestFailure?.Error);
        }

        log.Information("{0}", result.ToTable());
        return result;
    }

    private List<PipelineStep> Plan(
        MultiArchBuildSettings settings,
        ArchTarget[] targets,
        MultiArchBuildResult result,
        Lazy<Task<IReadOnlyDictionary<CpuArchitecture, BakedImage>>>? bake)
    {
        var steps = new List<PipelineStep>();
        PipelineStep? register = null;
        // QEMU is registered on the default daemon's host, for the archs built there: an arch routed to a builder of
        // its own (a native machine, say) needs nothing from this host.
        var defaultDaemon = runners(null).DaemonKey;
        var registered = settings.Architectures.Distinct().Where(a => runners(a).DaemonKey == defaultDaemon).ToList();
        if (settings.RegisterQemu && registered.Count > 0)
        {
            var registerSettings = StepSettings.Register(settings);
            registerSettings.Architectures = registered;
            register = new PipelineStep(StepKind.RegisterQemu, null, [], ct => new QemuRegistrar(runners(null), log).RegisterAsync(registerSettings, ct));
            steps.Add(register);
        }

        var pushes = new List<PipelineStep>();
        var bases = new List<PipelineStep>();
        var builds = new List<(ArchTarget Target, PipelineStep[] First, PipelineStep? QemuBase, Func<CancellationToken, Task<BakedImage>> Build)>();
        foreach (var target in targets)
        {
            var first = register is null ? Array.Empty<PipelineStep>() : [register];
            PipelineStep? qemuBase = null;
            if (target.QemuBase is { } baseSettings)
            {
                qemuBase = new PipelineStep(StepKind.QemuBase, target.Architecture, first, async ct =>
                    target.Result.QemuBase = await new QemuBaseBuilder(target.Runner, target.Log, target.Snapshot)
                        .BuildAsync(target.Architecture, baseSettings, ct).ConfigureAwait(false));
                bases.Add(qemuBase);
                first = [qemuBase];
            }

            builds.Add((target, first, qemuBase, bake is null
                ? async ct => new BakedImage(
                    await new ArchImageBuilder(target.Runner, target.Log, workingDirectory, target.Snapshot).BuildAsync(target.Architecture, target.Build, ct).ConfigureAwait(false),
                    null)
                : async ct => (await bake.Value.ConfigureAwait(false))[target.Architecture]));
        }

        // Listed arch by arch (base, build, push), so that a serial run (MaxParallelism = 1) keeps the Makefile's order;
        // with one bake, every base first, since each arch's build waits for them all.
        if (bake is not null)
        {
            steps.AddRange(bases);
        }

        foreach (var (target, first, qemuBase, buildAsync) in builds)
        {
            if (bake is null && qemuBase is not null)
            {
                steps.Add(qemuBase);
            }

            var arch = target.Result;
            BakedImage? image = null;

            // One bake builds every arch, so each arch's build waits for every base.
            var build = new PipelineStep(StepKind.Build, arch.Architecture, bake is null || bases.Count == 0 ? first : [.. bases], async ct =>
            {
                image = await buildAsync(ct).ConfigureAwait(false);
                arch.ImageId = image.Image.ImageId;
            });
            steps.Add(build);
            if (settings.Push)
            {
                var push = new PipelineStep(StepKind.Push, arch.Architecture, [build], async ct =>
                {
                    var pushed = image?.PushedDigest is { } digest
                        ? new PushedImage(arch.Architecture, arch.Tag, digest)
                        : await new ArchImagePusher(target.Runner, target.Log, settings.Retry, settings.Force ? null : (settings, workingDirectory))
                            .PushAsync(arch.Architecture, [arch.Tag], ct, image?.Image.Inspected).ConfigureAwait(false);
                    arch.Digest = pushed.Digest;
                    if (settings.PublicationDirectory is { } directory)
                    {
                        var file = PublicationMerger.Write(directory.MakeAbsolute(new Cake.Core.IO.DirectoryPath(workingDirectory)).FullPath, ArchPublication.From(pushed, settings.Tag));
                        target.Log.Information("Recorded the publication in {0}", file);
                    }
                });
                steps.Add(push);
                pushes.Add(push);
            }
        }

        if (settings.Push && settings.PushManifestList)
        {
            // The list waits for every push: it never references an image that is not in the registry.
            var listSettings = StepSettings.List(settings);
            var manifest = new PipelineStep(StepKind.Manifest, null, pushes, async ct =>
            {
                if (settings.ManifestMethod == ManifestMethod.Registry)
                {
                    // A registry that restarted after a push can have lost what it acknowledged, or answer 5xx for it: each image
                    // is confirmed, and pushed again if need be, so that the list never refers to an image the registry does not serve.
                    foreach (var target in targets)
                    {
                        var arch = target.Result;
                        var confirmed = await new ArchImagePusher(target.Runner, target.Log, settings.Retry).ConfirmAsync(
                            new PushedImage(arch.Architecture, arch.Tag, arch.Digest!), settings, workingDirectory, ct).ConfigureAwait(false);
                        arch.Digest = confirmed.Digest;
                    }
                }

                result.ManifestList = await new ManifestListPublisher(runners(null), log, workingDirectory).PublishAsync(
                    $"{settings.Image}:{settings.Tag}",
                    targets.Select(t => new PushedImage(t.Architecture, t.Tag, t.Result.Digest!)).ToArray(),
                    listSettings,
                    ct).ConfigureAwait(false);
            });
            steps.Add(manifest);
            if (settings.Verify)
            {
                var verifySettings = StepSettings.Verify(settings);
                steps.Add(new PipelineStep(StepKind.Verify, null, [manifest], async ct =>
                    result.Verified = await new ManifestVerifier(runners(null), log, workingDirectory).VerifyAsync($"{settings.Image}:{settings.Tag}", verifySettings, ct).ConfigureAwait(false)));
            }
        }

        return steps;
    }

    /// <summary>
    /// The one BuildKit invocation that builds and pushes every arch (<c>docker buildx bake</c>, a target per arch), when
    /// <see cref="BuildMethod.Auto"/> can use it: a pushing pipeline whose archs all build on one daemon whose
    /// <c>docker build</c> is BuildKit (Docker 23 and later). Else <see langword="null"/>, and each arch builds and pushes
    /// on its own, as the classic recipe does; the log says why. (The buildx plugin is looked for only when the bake
    /// fails, so that a run that has it starts no process to ask; without it, the run stops with how to install it.)
    /// </summary>
    private async Task<Lazy<Task<IReadOnlyDictionary<CpuArchitecture, BakedImage>>>?> OneInvocationAsync(
        MultiArchBuildSettings settings,
        BuildArchImageSettings buildSettings,
        CpuArchitecture[] architectures,
        Dictionary<IDockerRunner, LocalImageSnapshot> snapshots,
        CancellationToken cancellationToken)
    {
        var runner = runners(null);
        var whyNot = settings.BuildMethod != BuildMethod.Auto ? $"BuildMethod is {settings.BuildMethod}"
            : !settings.Push ? "Push is off, and BuildKit's one invocation is for images it pushes"
            : architectures.Any(a => runners(a) != runner) ? "some architectures build on daemons of their own (Builders)"
            : !(await DaemonPlatform.ProbeAsync(runner, cancellationToken).ConfigureAwait(false)).BuildsWithBuildKit ? "the daemon builds with the legacy builder (Engine API before 1.42, Docker 20.10)"
            : null;
        if (whyNot is not null)
        {
            log.Verbose("Each architecture builds and pushes on its own: {0}.", whyNot);
            return null;
        }

        return new Lazy<Task<IReadOnlyDictionary<CpuArchitecture, BakedImage>>>(() =>
            new BakeBuilder(runner, log, workingDirectory, settings.Retry, snapshots.GetValueOrDefault(runner))
                .BuildAsync(architectures, buildSettings, settings.PushManifestList ? $"{settings.Image}:{settings.Tag}" : null, cancellationToken));
    }
}
