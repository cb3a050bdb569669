using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Building;

/// <summary>
/// Whether the docker client a runner starts has the buildx plugin: one <c>docker buildx version</c> per client
/// configuration and process. A found plugin is remembered; a missing one is asked again next time, as a script may
/// install it between two aliases.
/// </summary>
internal static class BuildxPlugin
{
    private static readonly SharedOnce<string, bool> Cache = new(StringComparer.Ordinal);

    /// <summary>Whether <c>docker buildx version</c> succeeds with this runner's client and configuration.</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static Task<bool> IsAvailableAsync(IDockerRunner runner, CancellationToken cancellationToken = default) =>
        Cache.GetAsync(
            runner.DaemonKey,
            async () => (await runner.RunAsync(
                    new DockerCommand(["buildx", "version"]) { ThrowOnFailure = false, OutputVerbosity = Verbosity.Diagnostic },
                    cancellationToken)
                .ConfigureAwait(false)).Succeeded,
            cancellationToken,
            keep: found => found);
}
