using Cake.Core;
using Cake.Core.Annotations;
using Cake.MultiArch.Building;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Progress;

namespace Cake.MultiArch;

public static partial class MultiArchAliases
{
    /// <summary>
    /// Builds one architecture's image with <c>docker build --platform</c>, from that arch's base (passed as the
    /// <c>BASE</c> build argument), tagged <c>&lt;image&gt;:&lt;tag&gt;-&lt;arch&gt;</c>.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="architecture">The architecture, such as <c>"arm32v7"</c>.</param>
    /// <param name="settings">The image, tag, context, Dockerfile, build arguments and labels.</param>
    /// <returns>The built image: its tags and local ID.</returns>
    /// <example>
    /// <code>
    /// var image = BuildArchImage("arm32v7", new BuildArchImageSettings
    /// {
    ///     Image = "127.0.0.1:5000/hello",
    ///     Tag = "1.0",
    ///     Context = "./app",
    ///     BuildArguments = { ["VERSION"] = "1.0" },
    ///     Labels = { ["org.opencontainers.image.source"] = "https://example.com/hello" },
    /// });
    /// Information(image.Tag); // 127.0.0.1:5000/hello:1.0-arm32v7
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Build")]
    public static ArchImage BuildArchImage(this ICakeContext context, CpuArchitecture architecture, BuildArchImageSettings settings) =>
        Run(context, settings, (runner, ct) => new ArchImageBuilder(runner, context.Log, runner.WorkingDirectory).BuildAsync(architecture, settings, ct));

    /// <summary>
    /// The classic Makefile in one call: for every architecture a QEMU-enabled base, a build and a push, then the
    /// manifest list, which is pushed only when every architecture's image is in the registry.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The image, tag, architectures, context and bases.</param>
    /// <returns>A result per architecture (tag, digest, time) and the manifest list.</returns>
    /// <example>
    /// <code>
    /// var result = MultiArchBuild(new MultiArchBuildSettings
    /// {
    ///     Image = "127.0.0.1:5000/hello",
    ///     Tag = "1.0",
    ///     Architectures = { "amd64", "arm32v6", "arm32v7", "arm64v8" },
    ///     Context = "./app",
    ///     BaseImage = "{arch}/alpine:3.20",
    /// });
    /// Information("{0} is {1}", result.ManifestList.Tag, result.ManifestList.Digest);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Pipeline")]
    public static MultiArchBuildResult MultiArchBuild(this ICakeContext context, MultiArchBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);

        // Every step logs through the router, which keeps each arch's lines together under a live view or on CI.
        var router = new ArchLogRouter(context.Log);
        var runner = new DockerRunner(settings, context.Environment, router);
        var runners = new Dictionary<CpuArchitecture, IDockerRunner>();
        foreach (var (architecture, builder) in settings.Builders)
        {
            var remote = new MultiArchToolSettings();
            remote.CopyToolSettingsFrom(settings);
            remote.DockerHost = builder.DockerHost;
            remote.DockerContext = builder.DockerContext;
            runners[architecture] = new DockerRunner(remote, context.Environment, router);
        }

        var progress = new PipelineProgress(settings.Architectures.Distinct().ToArray(), router, context.Log, CiLog.Detect(context), settings.Progress);
        var pipeline = new MultiArchPipeline(a => a is not null && runners.TryGetValue(a, out var r) ? r : runner, router, runner.WorkingDirectory, progress);
        return Wait(ct => pipeline.RunAsync(settings, ct));
    }

    /// <summary>
    /// The Makefile's <c>clean</c>: removes the local tags a <see cref="MultiArchBuild"/> with these settings makes (each
    /// arch's tags, its QEMU-enabled base, a local copy of the list's tag), with one <c>docker image rm</c>. The
    /// registry, the vanilla bases and images another tag still names stay.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The settings given to <c>MultiArchBuild</c>.</param>
    /// <returns>The tags that were there and are removed.</returns>
    /// <example>
    /// <code>
    /// Task("Clean").Does(() => MultiArchClean(pipelineSettings));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Build")]
    public static IReadOnlyList<string> MultiArchClean(this ICakeContext context, MultiArchBuildSettings settings) =>
        Run(context, settings, (runner, ct) => new PipelineCleaner(runner, context.Log).CleanAsync(settings, ct));
}
