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

    /// <summary>Where the command line and the output go, such as one architecture's <c>ArchLog</c>; the runner's log when <see langword="null"/>.</summary>
    public ICakeLog? Log { get; init; }

    /// <summary>The verbosity at which the command's output lines are logged.</summary>
    public Verbosity OutputVerbosity { get; init; } = Verbosity.Verbose;

    /// <summary>Whether a non-zero exit becomes a <see cref="MultiArchException"/>; probes turn this off.</summary>
    public bool ThrowOnFailure { get; init; } = true;
}
