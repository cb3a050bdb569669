using System.Globalization;
using System.Text.RegularExpressions;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Path = System.IO.Path;
using Cake.MultiArch.Docker;
using CliWrap;
using CliWrap.Buffered;

namespace Cake.MultiArch.Registry;

/// <summary>
/// Makes sure a registry answers at a loopback address: uses one that already does, else starts the registry binary
/// (upstream's <c>registry</c> or Debian's <c>docker-registry</c>) detached in a session of its own, else runs the
/// <c>registry:2</c> container. For local runs and tests; a real registry is never started.
/// </summary>
/// <param name="runner">Runs docker, for the container.</param>
/// <param name="log">Cake's log.</param>
/// <param name="workingDirectory">The absolute directory relative settings resolve against.</param>
/// <param name="resolveTool">Finds a tool by name (Cake's tool locator: the tools folder, then <c>PATH</c>).</param>
internal sealed partial class LocalRegistryStarter(IDockerRunner runner, ICakeLog log, string workingDirectory, Func<string, FilePath?> resolveTool)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    // Every question is one GET to a loopback address; one client serves them all, each with the same short limit.
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>The host and port of a loopback address; anything else is refused, with what to pass instead.</summary>
    /// <param name="address">The address, such as <c>127.0.0.1:5000</c>.</param>
    public static (string Host, int Port) ParseAddress(string? address)
    {
        var match = LoopbackAddress().Match(address ?? "");
        if (!match.Success || !int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new MultiArchException(
                $"EnsureLocalRegistry starts a registry on this machine only, so it needs an address such as 127.0.0.1:5000 or localhost:5000; it was {(address is null ? "null" : $"\"{address}\"")}. " +
                "For a registry elsewhere, leave this alias out: the pipeline's preflight checks that the registry answers.");
        }

        return (match.Groups["host"].Value, port);
    }

    /// <summary>Whether anything answers the registry API at the address over plain HTTP (any HTTP status counts).</summary>
    /// <param name="address">The <c>host:port</c>.</param>
    /// <param name="cancellationToken">Cancels the question.</param>
    public static async Task<bool> AnswersAsync(string address, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Probe.GetAsync($"http://{address}/v2/", HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>Returns the registry that answers at the address, starting one when none does.</summary>
    /// <param name="address">A loopback <c>host:port</c>.</param>
    /// <param name="settings">Where a binary keeps its files, which binary or container, how long to wait.</param>
    /// <param name="cancellationToken">Cancels the start and the wait.</param>
    public async Task<LocalRegistry> EnsureAsync(string address, LocalRegistrySettings settings, CancellationToken cancellationToken)
    {
        var (host, port) = ParseAddress(address);
        if (await AnswersAsync(address, cancellationToken).ConfigureAwait(false))
        {
            log.Information("Using the registry that answers at {0}.", address);
            return new LocalRegistry(address, LocalRegistryOrigin.AlreadyAnswering, null, null);
        }

        var binary = settings.RegistryBinary is { } given ? given.MakeAbsolute(new DirectoryPath(workingDirectory)).FullPath : (resolveTool("registry") ?? resolveTool("docker-registry"))?.FullPath;
        if (settings.RegistryBinary is not null && !File.Exists(binary))
        {
            throw new MultiArchException($"RegistryBinary {binary} does not exist. Point it at the registry binary (Debian: /usr/bin/docker-registry), or leave it unset to look on PATH.");
        }

        return binary is not null && !OperatingSystem.IsWindows()
            ? await StartBinaryAsync(address, host, port, binary, settings, cancellationToken).ConfigureAwait(false)
            : await StartContainerAsync(address, host, port, settings, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LocalRegistry> StartBinaryAsync(string address, string host, int port, string binary, LocalRegistrySettings settings, CancellationToken cancellationToken)
    {
        // One folder per port, so that registries on two ports never share storage.
        var state = settings.Directory.MakeAbsolute(new DirectoryPath(workingDirectory)).Combine(port.ToString(CultureInfo.InvariantCulture)).FullPath;
        var storage = Path.Combine(state, "storage");
        var config = Path.Combine(state, "config.yml");
        var logFile = Path.Combine(state, "registry.log");
        var pidFile = Path.Combine(state, "registry.pid");
        Directory.CreateDirectory(storage);
        await File.WriteAllTextAsync(config, string.Join('\n',
            "# Written by Cake.MultiArch's EnsureLocalRegistry: a registry on this machine only.",
            "version: 0.1",
            "log:",
            "  level: warn",
            "  accesslog:",
            "    disabled: true",
            "storage:",
            "  filesystem:",
            $"    rootdirectory: {storage}",
            "  delete:",
            "    enabled: true",
            "http:",
            $"  addr: {host}:{port}",
            ""), cancellationToken).ConfigureAwait(false);

        // setsid: a session of its own, so the registry outlives the build (and a CI step's process group); its output
        // goes to a file, not to this process's pipes, which would otherwise stay open.
        var shell = await Cli.Wrap("/bin/sh")
            .WithArguments(new[] { "-c", "setsid \"$0\" serve \"$1\" </dev/null >>\"$2\" 2>&1 & echo $!", binary, config, logFile })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(cancellationToken).ConfigureAwait(false);
        if (shell.ExitCode != 0 || !int.TryParse(shell.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            throw new MultiArchException($"Starting {binary} for {address} failed: {shell.StandardError.Trim()} Check that /bin/sh and setsid are there, or start the registry yourself.");
        }

        await File.WriteAllTextAsync(pidFile, pid.ToString(CultureInfo.InvariantCulture) + "\n", cancellationToken).ConfigureAwait(false);
        log.Information(
            "Started {0} at {1} (pid {2}; config, data and log in {3}). It keeps running after the build; stop it with: kill $(cat {4})",
            Path.GetFileName(binary), address, pid, state, pidFile);
        await WaitUntilAnsweringAsync(
            address,
            settings.StartTimeout,
            () => IsRunning(pid),
            () => File.Exists(logFile) ? File.ReadAllText(logFile).Trim() : "",
            "Is the port taken by another program (ss -ltnp), or does the registry need more time (StartTimeout)?",
            cancellationToken).ConfigureAwait(false);
        return new LocalRegistry(address, LocalRegistryOrigin.StartedBinary, pid, state);
    }

    private async Task<LocalRegistry> StartContainerAsync(string address, string host, int port, LocalRegistrySettings settings, CancellationToken cancellationToken)
    {
        var restarted = await runner.RunAsync(new DockerCommand(["start", settings.ContainerName]) { ThrowOnFailure = false }, cancellationToken).ConfigureAwait(false);
        if (restarted.Succeeded)
        {
            log.Information("Restarted the {0} container for {1}.", settings.ContainerName, address);
        }
        else
        {
            log.Information("No registry or docker-registry on PATH: running the registry:2 container {0} at {1}.", settings.ContainerName, address);
            var started = await runner.RunAsync(
                new DockerCommand(["run", "-d", "--restart", "unless-stopped", "--name", settings.ContainerName, "-p", $"{host}:{port}:5000", "registry:2"]) { ThrowOnFailure = false },
                cancellationToken).ConfigureAwait(false);
            if (!started.Succeeded)
            {
                throw new MultiArchException(
                    $"No registry answers at {address}, neither registry nor docker-registry is on PATH, and `docker run registry:2` failed: " +
                    $"{string.Join(' ', started.StandardError).Trim()} Install one (Debian: apt-get install docker-registry), start one yourself, or use the address of one that answers.");
            }
        }

        // A container made earlier keeps the port it was made with, and a container of that name may be no registry.
        await WaitUntilAnsweringAsync(
            address,
            settings.StartTimeout,
            () => true,
            () => "",
            $"The {settings.ContainerName} container may publish another port (docker port {settings.ContainerName}) or not be a registry: " +
            $"remove it (docker rm -f {settings.ContainerName}) so that it is made again for {address}, or give it more time (StartTimeout).",
            cancellationToken).ConfigureAwait(false);
        return new LocalRegistry(address, LocalRegistryOrigin.StartedContainer, null, null);
    }

    private static async Task WaitUntilAnsweringAsync(
        string address, TimeSpan timeout, Func<bool> alive, Func<string> logText, string fix, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await AnswersAsync(address, cancellationToken).ConfigureAwait(false))
        {
            if (!alive() || DateTime.UtcNow > deadline)
            {
                var why = alive() ? $"did not answer within {timeout.TotalSeconds:0.#} s" : "exited";
                var text = logText();
                throw new MultiArchException(
                    $"The registry started for {address} {why}.{(text.Length > 0 ? $" Its log:{Environment.NewLine}{text}{Environment.NewLine}" : " ")}{fix}");
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    // Whether the started process still runs: /proc/PID is there and not a zombie. Elsewhere only the timeout tells.
    private static bool IsRunning(int pid) =>
        File.Exists($"/proc/{pid}/stat") ? !File.ReadAllText($"/proc/{pid}/stat").Split(')').Last().TrimStart().StartsWith('Z') : !OperatingSystem.IsLinux();

    [GeneratedRegex(@"^(?<host>127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost):(?<port>\d{1,5})$", RegexOptions.CultureInvariant)]
    private static partial Regex LoopbackAddress();
}
