namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>What a finished <see cref="HostCommand"/> left behind.</summary>
/// <param name="CommandLine">The command as run, for messages.</param>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Everything written to standard output.</param>
/// <param name="StandardError">Everything written to standard error.</param>
public sealed record HostCommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Whether the process exited with 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>A description for failure messages: the command, its exit code and both output streams.</summary>
    public string Describe() =>
        $"`{CommandLine}` exited with {ExitCode}." +
        (StandardOutput.Length > 0 ? $"{Environment.NewLine}stdout:{Environment.NewLine}{Indent(StandardOutput)}" : "") +
        (StandardError.Length > 0 ? $"{Environment.NewLine}stderr:{Environment.NewLine}{Indent(StandardError)}" : "");

    private static string Indent(string text) =>
        string.Join(Environment.NewLine, text.TrimEnd().Split('\n').TakeLast(40).Select(line => "    " + line.TrimEnd('\r')));
}
