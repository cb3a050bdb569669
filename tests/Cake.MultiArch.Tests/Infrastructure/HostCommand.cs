using CliWrap;
using CliWrap.Buffered;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// Runs a host program for the tests' own setup and checks (docker, htpasswd, openssl), independently of the
/// product's runner: arguments as a token list through CliWrap, no shell, output buffered.
/// </summary>
public static class HostCommand
{
    /// <summary>How long a command may run unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs a program to its end and returns what it printed, whatever its exit code.</summary>
    /// <param name="executable">The program, looked up on PATH.</param>
    /// <param name="arguments">Its arguments, one token each.</param>
    /// <param name="standardInput">Text for standard input (a password), or <see langword="null"/>.</param>
    /// <param name="workingDirectory">Where it runs; the current directory by default.</param>
    /// <param name="timeout">How long it may run; <see cref="DefaultTimeout"/> by default.</param>
    /// <param name="cancellationToken">Stops the process when cancelled.</param>
    /// <param name="environment">Variables set for it on top of this process's, or <see langword="null"/>.</param>
    public static async Task<HostCommandResult> RunAsync(
        string executable,
        IEnumerable<string> arguments,
        string? standardInput = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var tokens = arguments.ToArray();
        var command = Cli.Wrap(executable)
            .WithArguments(tokens)
            .WithValidation(CommandResultValidation.None);
        if (standardInput is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(standardInput));
        }

        if (workingDirectory is not null)
        {
            command = command.WithWorkingDirectory(workingDirectory);
        }

        if (environment is not null)
        {
            command = command.WithEnvironmentVariables(environment);
        }

        var commandLine = string.Join(' ', new[] { executable }.Concat(tokens));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            var result = await command.ExecuteBufferedAsync(limit.Token).ConfigureAwait(false);
            return new HostCommandResult(commandLine, result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"`{commandLine}` did not finish within {timeout ?? DefaultTimeout} and was killed.");
        }
    }

    /// <summary>Runs a program and throws, showing its output, unless it exits with 0.</summary>
    /// <param name="executable">The program, looked up on PATH.</param>
    /// <param name="arguments">Its arguments, one token each.</param>
    /// <param name="standardInput">Text for standard input (a password), or <see langword="null"/>.</param>
    /// <param name="workingDirectory">Where it runs; the current directory by default.</param>
    /// <param name="timeout">How long it may run; <see cref="DefaultTimeout"/> by default.</param>
    /// <param name="cancellationToken">Stops the process when cancelled.</param>
    public static async Task<HostCommandResult> RunCheckedAsync(
        string executable,
        IEnumerable<string> arguments,
        string? standardInput = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(executable, arguments, standardInput, workingDirectory, timeout, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Describe());
        }

        return result;
    }

    /// <summary>Runs <c>docker</c> with the given arguments and throws unless it exits with 0.</summary>
    /// <param name="arguments">The docker arguments, one token each.</param>
    public static Task<HostCommandResult> DockerAsync(params string[] arguments) => RunCheckedAsync("docker", arguments);

    /// <summary>Removes every local tag of a repository (a test's leftovers); an image a container still uses stays.</summary>
    /// <param name="repository">The repository, such as <c>127.0.0.1:5000/app</c>.</param>
    public static async Task RemoveLocalTagsAsync(string repository)
    {
        var listed = await RunAsync("docker", ["image", "ls", "--format", "{{.Repository}}:{{.Tag}}", repository]);
        var tags = listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tags.Length > 0)
        {
            await RunAsync("docker", ["image", "rm", .. tags]);
        }
    }
}
