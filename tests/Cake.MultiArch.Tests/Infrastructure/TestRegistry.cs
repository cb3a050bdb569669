using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// A real registry for one test or fixture: Debian's <c>docker-registry</c> (distribution 2.8) on a free loopback port,
/// with its own temporary storage, deletes enabled, and optionally htpasswd auth and TLS with a self-signed certificate.
/// <see cref="Stop"/> and <see cref="Start"/> take it down and bring it back on the same port and storage, for fault tests.
/// </summary>
/// <remarks>
/// The Docker daemon treats 127.0.0.0/8 as an insecure registry: it talks plain HTTP to it, and accepts a self-signed
/// certificate there, so pushes work without daemon configuration in both modes.
/// </remarks>
public sealed class TestRegistry : IDisposable, IAsyncDisposable
{
    /// <summary>The registry binary that Debian's docker-registry package installs.</summary>
    public const string Executable = "/usr/bin/docker-registry";

    // Registries still running when the test host exits (a test that forgot to dispose) are killed with it.
    private static readonly ConcurrentDictionary<TestRegistry, byte> Running = new();

    private readonly TestRegistryOptions _options;
    private readonly string _configPath;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;
    private bool _disposed;

    static TestRegistry()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var registry in Running.Keys)
            {
                registry.Kill();
            }
        };
    }

    private TestRegistry(TestRegistryOptions options, string rootDirectory, int port, string? certificatePath)
    {
        _options = options;
        RootDirectory = rootDirectory;
        Port = port;
        CertificatePath = certificatePath;
        _configPath = Path.Combine(rootDirectory, "config.yml");
    }

    /// <summary>The registry's address as image names use it: <c>127.0.0.1:PORT</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>The port it listens on; the same after <see cref="Stop"/> and <see cref="Start"/>.</summary>
    public int Port { get; }

    /// <summary>The registry's root URI: <c>http://127.0.0.1:PORT/</c>, or <c>https://</c> with TLS.</summary>
    public Uri BaseUri => new($"{(_options.Tls ? "https" : "http")}://{Host}/");

    /// <summary>Whether it serves HTTPS.</summary>
    public bool Tls => _options.Tls;

    /// <summary>The user and password it demands, or <see langword="null"/> when it is anonymous.</summary>
    public (string User, string Password)? Credentials => _options.Htpasswd;

    /// <summary>The PEM file of its self-signed certificate (its own CA); <see langword="null"/> without TLS.</summary>
    public string? CertificatePath { get; }

    /// <summary>A directory holding only <c>ca.crt</c>, for <c>skopeo --cert-dir</c> or docker's <c>certs.d</c>; <see langword="null"/> without TLS.</summary>
    public string? CertificateDirectory => CertificatePath is null ? null : Path.GetDirectoryName(CertificatePath);

    /// <summary>The temporary directory holding its configuration, storage and certificate; deleted on dispose.</summary>
    public string RootDirectory { get; }

    /// <summary>Where it stores blobs and manifests.</summary>
    public string StorageDirectory => Path.Combine(RootDirectory, "storage");

    /// <summary>Whether its process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The registry's recent log lines, for failure messages.</summary>
    public IReadOnlyList<string> RecentOutput => _output.ToArray();

    /// <summary>Starts a registry and waits until <c>GET /v2/</c> answers.</summary>
    /// <param name="options">Auth and TLS; plain anonymous HTTP when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task<TestRegistry> StartAsync(TestRegistryOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TestRegistryOptions();
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"{Executable} is missing. Run `.ci/prepare-host` as root (it installs Debian's docker-registry), then run the tests again.");
        }

        var root = Directory.CreateTempSubdirectory("cake-multiarch-registry-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "storage"));
            var certificatePath = options.Tls ? await MakeCertificateAsync(root, cancellationToken).ConfigureAwait(false) : null;
            string? htpasswdPath = null;
            if (options.Htpasswd is var (user, password))
            {
                htpasswdPath = await MakeHtpasswdAsync(root, user, password, cancellationToken).ConfigureAwait(false);
            }

            var registry = new TestRegistry(options, root, LoopbackPort.Free(), certificatePath);
            Tests.TestImageCleanup.Track(registry.Host);
            await File.WriteAllTextAsync(registry._configPath, registry.Config(htpasswdPath), cancellationToken).ConfigureAwait(false);
            await registry.StartProcessAsync(cancellationToken).ConfigureAwait(false);
            return registry;
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary>A client for assertions: with the registry's credentials when <paramref name="authenticated"/>, trusting its certificate.</summary>
    /// <param name="authenticated">Whether to send the registry's credentials; <see langword="false"/> makes an anonymous client.</param>
    public RegistryApi CreateApi(bool authenticated = true) =>
        new(BaseUri, authenticated ? Credentials : null, CertificatePath);

    /// <summary>Kills the registry process; storage and port stay reserved for <see cref="Start"/>.</summary>
    public void Stop()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsurePersistent();
        Kill();
    }

    /// <summary>
    /// Stops the registry as a restart does: SIGTERM, after which it finishes the requests in flight (its config gives
    /// them <c>draintimeout</c>) and exits; killed only if it is still running 15 s later. A SIGKILL in the middle of a
    /// manifest write leaves distribution 2.8 an empty manifest file that it serves as HTTP 500 for good, which is a
    /// crash of the registry's storage, not the restart the fault specs mean.
    /// </summary>
    public void Shutdown()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsurePersistent();
        if (_process is { HasExited: false } process)
        {
            HostCommand.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).GetAwaiter().GetResult();
            process.WaitForExit(15_000);
        }

        Kill();
    }

    /// <summary>Starts the registry again on the same port with the same storage, and waits until it answers.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsRunning)
        {
            return;
        }

        StartProcessAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Kills the registry and deletes its storage.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the system's temp cleaning.
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The registry's address, for test output.</summary>
    public override string ToString() => BaseUri.ToString();

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "serve", _configPath },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Running.TryAdd(this, 0);

        using var api = CreateApi(authenticated: false);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"docker-registry exited with {process.ExitCode} right after starting on {Host}.{Environment.NewLine}{Tail()}");
            }

            try
            {
                // 401 counts: an htpasswd registry answers anonymous requests with it once it is up.
                var status = await api.PingAsync(cancellationToken).ConfigureAwait(false);
                if (status is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (watch.Elapsed > _options.StartTimeout)
            {
                Kill();
                throw new TimeoutException($"docker-registry did not answer GET /v2/ on {Host} within {_options.StartTimeout}.{Environment.NewLine}{Tail()}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Kill()
    {
        var process = _process;
        _process = null;
        Running.TryRemove(this, out _);
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
        finally
        {
            process.Dispose();
        }
    }

    private void EnsurePersistent()
    {
        if (!_options.Persistent)
        {
            throw new InvalidOperationException(
                "This test registry keeps its content in memory, so a stop would lose it; start it with TestRegistryOptions { Persistent = true }.");
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    private string Tail() => "Registry output:" + Environment.NewLine + string.Join(Environment.NewLine, _output.TakeLast(30).Select(l => "    " + l));

    private string Config(string? htpasswdPath)
    {
        var yaml = new StringBuilder()
            .AppendLine("version: 0.1")
            .AppendLine("log:")
            .AppendLine("  level: info")
            .AppendLine("  accesslog:")
            .AppendLine("    disabled: true")
            .AppendLine("storage:");

        // Distribution 2.8's filesystem driver writes a tag's link file in place, so a HEAD of the tag that meets the
        // write reads a partial digest and answers 500 ("invalid checksum digest format"): seen with BuildKit's
        // multi-platform pushes to a fresh repository. Its in-memory driver answers under a lock. Fixtures that stop and
        // start the registry, or look into its storage, ask for the filesystem (Persistent).
        if (_options.Persistent)
        {
            yaml.AppendLine("  filesystem:")
                .AppendLine($"    rootdirectory: {StorageDirectory}");
        }
        else
        {
            yaml.AppendLine("  inmemory: {}");
        }

        yaml
            .AppendLine("  delete:")
            .AppendLine("    enabled: true")
            .AppendLine("  maintenance:")
            .AppendLine("    uploadpurging:")
            .AppendLine("      enabled: false")
            .AppendLine("http:")
            .AppendLine($"  addr: {Host}")
            // On SIGTERM, requests in flight finish before the registry exits (see Shutdown).
            .AppendLine("  draintimeout: 5s")
            // A fixed secret keeps upload state valid across Stop/Start and silences the random-secret warning.
            .AppendLine($"  secret: cake-multiarch-test-{Port}");
        if (CertificatePath is not null)
        {
            yaml.AppendLine("  tls:")
                .AppendLine($"    certificate: {CertificatePath}")
                .AppendLine($"    key: {Path.Combine(RootDirectory, "tls.key")}");
        }

        if (htpasswdPath is not null)
        {
            yaml.AppendLine("auth:")
                .AppendLine("  htpasswd:")
                .AppendLine("    realm: cake-multiarch-test")
                .AppendLine($"    path: {htpasswdPath}");
        }

        return yaml.ToString();
    }


    private static async Task<string> MakeCertificateAsync(string root, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateDirectory(Path.Combine(root, "certs")).FullName;
        var certificate = Path.Combine(directory, "ca.crt");
        await HostCommand.RunCheckedAsync(
                "openssl",
                [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
                    "-subj", "/CN=127.0.0.1",
                    // Go's TLS ignores the common name: the address must be a subject alternative name.
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", Path.Combine(root, "tls.key"),
                    "-out", certificate,
                ],
                cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return certificate;
    }

    private static async Task<string> MakeHtpasswdAsync(string root, string user, string password, CancellationToken cancellationToken)
    {
        // -i reads the password from standard input, so it never shows in a process list; distribution wants bcrypt (-B).
        var result = await HostCommand.RunCheckedAsync("htpasswd", ["-iBn", user], standardInput: password, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var path = Path.Combine(root, "htpasswd");
        await File.WriteAllTextAsync(path, result.StandardOutput.Trim() + "\n", cancellationToken).ConfigureAwait(false);
        return path;
    }
}
