using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Docker;

/// <summary>Runs docker commands; the single seam between Cake.MultiArch and the processes it starts.</summary>
internal interface IDockerRunner
{
    /// <summary>The directory docker runs in, as failure messages name it.</summary>
    string WorkingDirectory { get; }

    /// <summary>Names the daemon this runner talks to (tool, host, context, config), so facts about it can be shared.</summary>
    string DaemonKey { get; }

    /// <summary>The Engine API of the daemon, for read-only queries without a docker process; <see langword="null"/> when only the CLI is certain to reach it.</summary>
    DockerEngine? Engine { get; }

    /// <summary>Runs one docker command to its end, streaming its output into the log.</summary>
    /// <param name="command">What to run.</param>
    /// <param name="cancellationToken">Stops the process when cancelled.</param>
    Task<DockerResult> RunAsync(DockerCommand command, CancellationToken cancellationToken = default);
}
