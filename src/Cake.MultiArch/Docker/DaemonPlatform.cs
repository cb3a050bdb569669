using System.Runtime.CompilerServices;
using Cake.MultiArch.Architectures;
using Cake.MultiArch.Arguments;

namespace Cake.MultiArch.Docker;

/// <summary>What CPU the Docker daemon runs on, which decides which architectures are native and need no QEMU.</summary>
internal static class DaemonPlatform
{
    private static readonly ConditionalWeakTable<IDockerRunner, Task<CpuArchitecture?>> Cache = new();

    /// <summary>The daemon's architecture, or <see langword="null"/> when it is none this add-in knows.</summary>
    /// <param name="runner">The runner that talks to the daemon.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static Task<CpuArchitecture?> ArchitectureAsync(IDockerRunner runner, CancellationToken cancellationToken = default) =>
        Cache.GetValue(runner, r => QueryAsync(r, cancellationToken));

    private static async Task<CpuArchitecture?> QueryAsync(IDockerRunner runner, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(
            new DockerCommand(DockerArguments.DaemonArchitecture()) { OutputVerbosity = Cake.Core.Diagnostics.Verbosity.Diagnostic },
            cancellationToken).ConfigureAwait(false);
        var name = result.StandardOutput.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim();
        return CpuArchitecture.TryParse(name, out var architecture) ? architecture : null;
    }
}
