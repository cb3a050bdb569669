using System.ComponentModel;
using System.Diagnostics;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using CliWrap;
using Cake.MultiArch.Secrets;

namespace Cake.MultiArch.Docker;

/// <summary>
/// The one place where Cake.MultiArch starts docker: arguments as a token list handed to CliWrap (no shell),
/// output streamed line by line into Cake's log, secrets on standard input, cancellation and a time limit.
/// </summary>
internal sealed class DockerRunner : IDockerRunner
{
    private static readonly object LogGate = new();

    private readonly MultiArchToolSettings _settings;
    private readonly ICakeLog _log;
    private readonly string _workingDirectory;
    private readonly Lazy<string> _executable;
    private readonly Lazy<DockerEngine?> _engine;

    /// <summary>Creates a runner for one set of tool settings.</summary>
    /// <param name="settings">Which docker, which daemon, where and how long.</param>
    /// <param name="environment">Cake's environment, for the working directory and <c>PATH</c>.</param>
    /// <param name="log">Cake's log.</param>
    public DockerRunner(MultiArchToolSettings settings, ICakeEnvironment environment, ICakeLog log)
    {
        _settings = settings;
        _log = log;
        _workingDirectory = (settings.WorkingDirectory?.MakeAbsolute(environment) ?? environment.WorkingDirectory).FullPath;
        _executable = new Lazy<string>(() => LocateDocker(settings, environment, _workingDirectory));
        _engine = new Lazy<DockerEngine?>(() =>
            DockerEngineEndpoint.Resolve(settings, _workingDirectory, Environment.GetEnvironmentVariable, File.Exists, OperatingSystem.IsWindows()) is { } socket
                ? new DockerEngine(socket, settings.ToolTimeout, Write)
                : null);
    }

    /// <inheritdoc/>
    public string WorkingDirectory => _workingDirectory;

    /// <inheritdoc/>
    public string DaemonKey => string.Join(
        '|',
        _settings.ToolPath?.FullPath ?? "docker",
        DockerClientEnvironment.Host(_settings, Environment.GetEnvironmentVariable) ?? "",
        _settings.DockerContext ?? "",
        _settings.ConfigDirectory?.FullPath ?? "");

    /// <inheritdoc/>
    public DockerEngine? Engine => _engine.Value;

    /// <inheritdoc/>
    public async Task<DockerResult> RunAsync(DockerCommand command, CancellationToken cancellationToken = default)
    {
        var executable = _executable.Value;
        var arguments = DockerGlobalArguments.For(_settings, _workingDirectory).Concat(command.Arguments).ToArray();
        var secrets = command.Secrets.Where(s => !string.IsNullOrEmpty(s)).ToArray();
        var commandLine = SecretMasker.Apply(CommandLineText.Render(executable, arguments), secrets);
        var verb = DockerFailure.VerbOf(command.Arguments);

        Write(command.Log, Verbosity.Verbose, "> " + commandLine);

        var output = new List<string>();
        var error = new List<string>();
        var cli = Cli.Wrap(executable)
            .WithArguments(arguments)
            .WithWorkingDirectory(_workingDirectory)
            .WithEnvironmentVariables(EnvironmentFor(_settings))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => Capture(output, line, command, secrets)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Capture(error, line, command, secrets)));
        if (command.StandardInput is not null)
        {
            cli = cli.WithStandardInputPipe(PipeSource.FromString(command.StandardInput));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_settings.ToolTimeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        var watch = Stopwatch.StartNew();
        int exitCode;
        try
        {
            // Cancelling kills docker: a cancelled CI job must not leave a push or build running.
            var result = await cli.ExecuteAsync(timeout.Token).ConfigureAwait(false);
            exitCode = result.ExitCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && _settings.ToolTimeout is { } limit2)
        {
            throw new MultiArchException(
                $"`docker {verb}` did not finish within {limit2} and was stopped. " +
                "Raise ToolTimeout in the settings, or find out why it hangs (a registry that does not answer, a slow QEMU build)." +
                Environment.NewLine + "Command: " + commandLine);
        }
        catch (Win32Exception exception)
        {
            throw new MultiArchException(
                $"Could not start docker at '{executable}': {exception.Message}. Install Docker (Debian: apt-get install docker.io) " +
                "or set ToolPath to the docker executable.",
                exception);
        }

        lock (output)
        {
            var finished = new DockerResult(exitCode, [.. output], [.. error], watch.Elapsed, commandLine);
            if (exitCode != 0 && command.ThrowOnFailure)
            {
                throw DockerFailure.FromResult(finished, verb, _workingDirectory, secrets);
            }

            return finished;
        }
    }

    private void Capture(List<string> lines, string line, DockerCommand command, string[] secrets)
    {
        // The result keeps the line as docker wrote it, for the values read from it (a digest, an architecture);
        // everything shown to people is masked: this log line here, and an exception's message in DockerFailure.
        lock (lines)
        {
            lines.Add(line);
        }

        Write(command.Log, command.OutputVerbosity, SecretMasker.Apply(line, secrets));
    }

    private void Write(ICakeLog? log, Verbosity verbosity, string line)
    {
        // Cake's log is not made for several writers at once; parallel arch steps share this lock.
        lock (LogGate)
        {
            // The line is the format itself, braces escaped, so Cake does not highlight it as an argument.
            (log ?? _log).Write(verbosity, LogLevel.Information, line.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
        }
    }

    private static Dictionary<string, string?> EnvironmentFor(MultiArchToolSettings settings)
    {
        var variables = settings.EnvironmentVariables.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(settings.DockerHost))
        {
            variables["DOCKER_HOST"] = settings.DockerHost;
        }

        return variables;
    }

    private static string LocateDocker(MultiArchToolSettings settings, ICakeEnvironment environment, string workingDirectory)
    {
        if (settings.ToolPath is { } toolPath)
        {
            var full = toolPath.MakeAbsolute(new DirectoryPath(workingDirectory)).FullPath;
            if (!File.Exists(full))
            {
                throw new MultiArchException(
                    $"The docker executable '{full}' given as ToolPath does not exist. Correct ToolPath, or leave it unset to use docker from PATH.");
            }

            return full;
        }

        var path = environment.GetEnvironmentVariable("PATH") ?? "";
        var names = OperatingSystem.IsWindows() ? new[] { "docker.exe" } : ["docker"];
        foreach (var directory in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = System.IO.Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new MultiArchException(
            "Could not find the docker executable on PATH. Install Docker (Debian: apt-get install docker.io; " +
            "elsewhere: https://docs.docker.com/engine/install/) or set ToolPath to the docker executable.");
    }
}
