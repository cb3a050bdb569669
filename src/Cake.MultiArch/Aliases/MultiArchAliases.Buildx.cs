using Cake.Core;
using Cake.Core.Annotations;
using Cake.MultiArch.Buildx;

namespace Cake.MultiArch;

public static partial class MultiArchAliases
{
    /// <summary>
    /// Builds every architecture in one <c>docker buildx build --platform ... --push</c>: the one-command path for hosts
    /// that have the buildx plugin. buildx pushes the manifest list itself.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The image, tag, architectures, cache and attestation switches.</param>
    /// <returns>The pushed tags, the list's digest and the platforms.</returns>
    /// <example>
    /// <code>
    /// var image = BuildxMultiArch(new BuildxMultiArchSettings
    /// {
    ///     Image = "ghcr.io/me/hello",
    ///     Tag = "1.0",
    ///     ExtraTags = { "latest" },
    ///     Architectures = { "amd64", "arm32v7", "arm64v8" },
    ///     CacheFrom = { "type=registry,ref=ghcr.io/me/hello:buildcache" },
    ///     CacheTo = { "type=registry,ref=ghcr.io/me/hello:buildcache,mode=max" },
    ///     Provenance = false,
    /// });
    /// Information(image.Digest);
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Buildx")]
    public static BuildxImage BuildxMultiArch(this ICakeContext context, BuildxMultiArchSettings settings) =>
        Run(context, settings, (runner, ct) => new BuildxBuilder(runner, context.Log, runner.WorkingDirectory).BuildAsync(settings, ct));

    /// <summary>
    /// Creates a buildx builder (docker-container driver) and appends a node per further machine, so that each
    /// architecture can build natively where a machine has its CPU. An existing builder of that name is left alone (and
    /// selected when <c>Use</c> is on); a builder whose creation or start fails is removed again. The docker-container
    /// driver runs BuildKit from the <c>moby/buildkit</c> image, pulled from Docker Hub unless <c>DriverOptions["image"]</c>
    /// names a copy; the docker driver creates nothing (buildx has one such builder per docker context, named after it).
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The builder's name, driver and nodes.</param>
    /// <example>
    /// <code>
    /// BuildxCreateBuilder(new BuildxBuilderSettings
    /// {
    ///     Name = "multiarch",
    ///     Nodes =
    ///     {
    ///         new BuildxNode { Name = "local", Architectures = { "amd64", "arm32v6", "arm32v7" } },
    ///         new BuildxNode { Name = "pi", Endpoint = "ssh://pi@raspberrypi", Architectures = { "arm64v8" } },
    ///     },
    /// });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Buildx")]
    public static void BuildxCreateBuilder(this ICakeContext context, BuildxBuilderSettings settings) =>
        Run(context, settings, async (runner, ct) =>
        {
            await new BuildxBuilder(runner, context.Log, runner.WorkingDirectory).CreateBuilderAsync(settings, ct).ConfigureAwait(false);
            return true;
        });
}
