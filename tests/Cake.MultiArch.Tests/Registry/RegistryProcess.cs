using Cake.MultiArch.Tests.Infrastructure;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CliWrap;
using CliWrap.Buffered;

namespace Cake.MultiArch.Tests.Registry;

/// <summary>
/// A real registry (distribution's <c>docker-registry serve</c>) on a free loopback port, optionally with TLS and
/// htpasswd basic authentication; stopped and deleted on dispose. Private to these tests.
/// </summary>
internal sealed class RegistryProcess : IDisposable
{
    private readonly Process _process;

    private RegistryProcess(Process process, string directory, int port, bool tls)
    {
        _process = process;
        Directory = directory;
        Port = port;
        Tls = tls;
        TestImageCleanup.Track(Host);
    }

    public string Directory { get; }

    public int Port { get; }

    public bool Tls { get; }

    /// <summary>The registry as docker names it: <c>127.0.0.1:PORT</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>The self-signed certificate the registry serves, when it serves TLS.</summary>
    public string CertificateFile => Path.Combine(Directory, "registry.crt");

    public static async Task<RegistryProcess> StartAsync(string? user = null, string? password = null, bool tls = false)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("multiarch-registry-").FullName;
        var port = LoopbackPort.Free();
        var config = $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "data")}
            http:
              addr: 127.0.0.1:{port}
            """;
        if (tls)
        {
            await RunAsync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", Path.Combine(directory, "registry.key"), "-out", Path.Combine(directory, "registry.crt")]);
            config += $"""

                  tls:
                    certificate: {Path.Combine(directory, "registry.crt")}
                    key: {Path.Combine(directory, "registry.key")}
                """;
        }

        if (user is not null)
        {
            // htpasswd -i reads the password from stdin, so it never appears on a command line.
            var htpasswd = await RunAsync("htpasswd", ["-iBn", user], password);
            await File.WriteAllTextAsync(Path.Combine(directory, "htpasswd"), htpasswd.Trim() + "\n");
            config += $"""

                auth:
                  htpasswd:
                    realm: test-registry
                    path: {Path.Combine(directory, "htpasswd")}
                """;
        }

        var configFile = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(configFile, config + "\n");
        var process = Process.Start(new ProcessStartInfo("docker-registry", ["serve", configFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var registry = new RegistryProcess(process, directory, port, tls);
        await registry.WaitUntilListeningAsync();
        return registry;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string? standardInput = null, string? workingDirectory = null)
    {
        var command = Cli.Wrap(program).WithArguments(arguments).WithValidation(CommandResultValidation.None);
        if (standardInput is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromString(standardInput));
        }

        if (workingDirectory is not null)
        {
            command = command.WithWorkingDirectory(workingDirectory);
        }

        var result = await command.ExecuteBufferedAsync();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(" ", arguments)} failed ({result.ExitCode}): {result.StandardError}");
        }

        return result.StandardOutput;
    }


    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}; see {Directory}/config.yml.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"docker-registry did not listen on {Host} within 15 s.");
    }
}
