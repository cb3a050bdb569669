using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Docker;

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
