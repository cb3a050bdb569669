using System.Text.Json;

namespace Cake.MultiArch.Docker;

/// <summary>
/// What CPU a Docker daemon runs on, which decides which architectures are native and need no QEMU. One
/// <c>docker version</c> per daemon and process: the answer is kept for every later alias that talks to that daemon.
/// </summary>
internal static class DaemonPlatform
{
    private static readonly SharedOnce<string, DaemonProbe> Cache = new(StringComparer.Ordinal);

    /// <summary>Asks the daemon for its version and CPU once; a daemon that did not answer is asked again next time.</summary>
    /// <param name="runner">The runner that talks to the daemon.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static Task<DaemonProbe> ProbeAsync(IDockerRunner runner, CancellationToken cancellationToken = default) =>
        Cache.GetAsync(runner.DaemonKey, () => QueryAsync(runner, cancellationToken), cancellationToken, keep: probe => probe.Answered);

    /// <summary>The daemon's architecture, or <see langword="null"/> when it is none this add-in knows; throws when the daemon does not answer.</summary>
    /// <param name="runner">The runner that talks to the daemon.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<CpuArchitecture?> ArchitectureAsync(IDockerRunner runner, CancellationToken cancellationToken = default)
    {
        var probe = await ProbeAsync(runner, cancellationToken).ConfigureAwait(false);
        return probe.Answered
            ? probe.Architecture
            : throw DockerFailure.FromResult(probe.Result, "version", runner.WorkingDirectory);
    }

    private static async Task<DaemonProbe> QueryAsync(IDockerRunner runner, CancellationToken cancellationToken)
    {
        if (runner.Engine is { } engine && await QueryEngineAsync(engine, cancellationToken).ConfigureAwait(false) is { } answered)
        {
            return answered;
        }

        var result = await runner.RunAsync(
            new DockerCommand(DaemonCommands.DaemonArchitecture()) { OutputVerbosity = Cake.Core.Diagnostics.Verbosity.Diagnostic, ThrowOnFailure = false },
            cancellationToken).ConfigureAwait(false);
        var name = result.StandardOutput.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim();
        return new DaemonProbe(result, CpuArchitecture.TryParse(name, out var architecture) ? architecture : null);
    }

    // GET /version's Arch is the daemon's GOARCH, what `docker version --format {{.Server.Arch}}` prints.
    private static Task<DaemonProbe?> QueryEngineAsync(DockerEngine engine, CancellationToken cancellationToken) =>
        engine.TryAsync("give the daemon's version", null, async engine =>
        {
            var reply = await engine.GetAsync("version", null, cancellationToken).ConfigureAwait(false);
            if (reply.Status != 200)
            {
                throw new DockerEngineException($"answered {reply.Status}: {reply.Body.Trim()}");
            }

            using var document = JsonDocument.Parse(reply.Body);
            var name = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("Arch", out var arch) && arch.ValueKind == JsonValueKind.String
                ? arch.GetString()?.Trim()
                : null;
            if (string.IsNullOrEmpty(name))
            {
                throw new DockerEngineException("answered without the daemon's architecture");
            }

            var result = new DockerResult(0, [name], [], reply.Duration, $"GET /version (Docker Engine API at {engine.Address})");
            var api = document.RootElement.TryGetProperty("ApiVersion", out var apiVersion) && apiVersion.ValueKind == JsonValueKind.String &&
                Version.TryParse(apiVersion.GetString(), out var parsed)
                ? parsed
                : null;
            return new DaemonProbe(result, CpuArchitecture.TryParse(name, out var architecture) ? architecture : null) { ApiVersion = api };
        });
}
