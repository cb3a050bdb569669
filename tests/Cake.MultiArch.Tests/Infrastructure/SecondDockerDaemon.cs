using System.Diagnostics;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// A second, real dockerd on its own socket, data root and exec root: the stand-in for a remote build machine
/// (an ARM board reached with DOCKER_HOST). No bridge and no iptables rules, so it leaves the first daemon's alone.
/// </summary>
public sealed class SecondDockerDaemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _root;

    private SecondDockerDaemon(Process process, string root, string socket)
    {
        _process = process;
        _root = root;
        Host = "unix://" + socket;
    }

    /// <summary>The daemon's address, as <c>DOCKER_HOST</c> takes it.</summary>
    public string Host { get; }

    /// <summary>Starts the daemon and waits until it answers.</summary>
    public static async Task<SecondDockerDaemon> StartAsync()
    {
        // Short paths: a unix socket's path may not exceed 107 bytes.
        var root = Path.Combine("/run", "cake-multiarch-d2-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        var socket = Path.Combine(root, "docker.sock");
        var start = new ProcessStartInfo("dockerd")
        {
            ArgumentList =
            {
                "--host", "unix://" + socket, "--data-root", Path.Combine("/var/lib", "cake-multiarch-d2-" + Environment.ProcessId),
                "--exec-root", Path.Combine(root, "exec"), "--pidfile", Path.Combine(root, "docker.pid"),
                "--bridge", "none", "--iptables=false", "--ip-masq=false",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dockerd did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var daemon = new SecondDockerDaemon(process, root, socket);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                Assert.Fail($"A second dockerd exited with {process.ExitCode} before answering; run .ci/prepare-host to install docker.io.");
            }

            if ((await daemon.DockerAsync("version", "--format", "{{.Server.Version}}")).Succeeded)
            {
                return daemon;
            }

            await Task.Delay(250);
        }

        await daemon.DisposeAsync();
        Assert.Fail("A second dockerd did not answer within 60 s.");
        return daemon;
    }

    /// <summary>Runs docker against this daemon.</summary>
    /// <param name="arguments">The arguments after <c>docker</c>.</param>
    public Task<HostCommandResult> DockerAsync(params string[] arguments) =>
        HostCommand.RunAsync("docker", ["--host", Host, .. arguments], timeout: TimeSpan.FromMinutes(5));

    /// <summary>Stops the daemon (it unmounts its layers as it goes) and removes its folders.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await HostCommand.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        foreach (var folder in new[] { _root, Path.Combine("/var/lib", "cake-multiarch-d2-" + Environment.ProcessId) })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A layer still mounted: the next start reuses the folder.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
