using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Docker;

/// <summary>One docker invocation: the argument tokens, what goes to standard input, and how its output is logged.</summary>
/// <param name="Arguments">The arguments after <c>docker</c> and its global options, one token each, never joined.</param>
internal sealed record DockerCommand(IReadOnlyList<string> Arguments)
{
    /// <summary>Text written to standard input, such as a password for <c>--password-stdin</c>; never logged.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Values masked wherever the command, its output or its failure is shown.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>Put before every logged line, such as <c>[arm32v7] </c>, so parallel work stays readable.</summary>
    public string LogPrefix { get; init; } = "";

    /// <summary>The verbosity at which the command's output lines are logged.</summary>
    public Verbosity OutputVerbosity { get; init; } = Verbosity.Verbose;

    /// <summary>Whether a non-zero exit becomes a <see cref="MultiArchException"/>; probes turn this off.</summary>
    public bool ThrowOnFailure { get; init; } = true;
}

/// <summary>What a finished docker process left behind.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Every line of standard output.</param>
/// <param name="StandardError">Every line of standard error.</param>
/// <param name="Duration">How long it ran.</param>
/// <param name="CommandLine">The command line as shown to people, secrets masked.</param>
internal sealed record DockerResult(
    int ExitCode,
    IReadOnlyList<string> StandardOutput,
    IReadOnlyList<string> StandardError,
    TimeSpan Duration,
    string CommandLine)
{
    /// <summary>Whether the process exited with 0.</summary>
    public bool Succeeded => ExitCode == 0;
}

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
