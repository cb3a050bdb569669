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
            : throw DockerFailure.FromResult(probe.Failure!, "version", runner.WorkingDirectory);
    }

    private static async Task<DaemonProbe> QueryAsync(IDockerRunner runner, CancellationToken cancellationToken)
    {
        if (runner.Engine is { } engine && await QueryEngineAsync(engine, cancellationToken).ConfigureAwait(false) is { } answered)
        {
            return answered;
        }

        var result = await runner.RunAsync(
            new DockerCommand(DaemonCommands.DaemonVersion()) { OutputVerbosity = Cake.Core.Diagnostics.Verbosity.Diagnostic, ThrowOnFailure = false },
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return DaemonProbe.Unanswered(result);
        }

        // The format's two fields: the daemon's GOARCH and its API version.
        var fields = (result.StandardOutput.FirstOrDefault(l => !string.IsNullOrWhiteSpace(l)) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return DaemonProbe.Of(fields.ElementAtOrDefault(0), fields.ElementAtOrDefault(1));
    }

    // GET /version answers the same two fields as JSON: Arch (the daemon's GOARCH) and ApiVersion.
    private static Task<DaemonProbe?> QueryEngineAsync(DockerEngine engine, CancellationToken cancellationToken) =>
        engine.TryAsync("give the daemon's version", null, async engine =>
        {
            var reply = await engine.GetAsync("version", null, cancellationToken).ConfigureAwait(false);
            if (reply.Status != 200)
            {
                throw new DockerEngineException($"answered {reply.Status}: {reply.Body.Trim()}");
            }

            using var document = JsonDocument.Parse(reply.Body);
            var root = document.RootElement;
            string? Field(string name) =>
                root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (string.IsNullOrWhiteSpace(Field("Arch")))
            {
                throw new DockerEngineException("answered without the daemon's architecture");
            }

            return DaemonProbe.Of(Field("Arch"), Field("ApiVersion"));
        });
}
