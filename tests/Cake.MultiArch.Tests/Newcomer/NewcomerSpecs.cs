using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Cake.MultiArch.Tests.Infrastructure;
using CliWrap;
using CliWrap.Buffered;

namespace Cake.MultiArch.Tests.Newcomer;

/// <summary>
/// A newcomer's first five minutes: clone the repository, run the README's first command, and find a four-arch
/// manifest list in the registry. The clone is of the committed HEAD, so this checks what a clone really gets.
/// The command runs with two arguments added, <c>--registry</c> on a free loopback port, so that it never touches a
/// registry a developer keeps on 127.0.0.1:5000, and <c>--start-registry</c>, so that the example starts a registry
/// there (it starts one by itself only at its default address), which the teardown stops.
/// </summary>
/// <param name="engine">The engine the fixture runs against.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
[TestFixture(Engine.Legacy)]
public sealed partial class NewcomerSpecs(Engine engine) : IntegrationTest(engine)
{
    /// <summary>The README's first command, run at the root of a clone.</summary>
    public const string FirstCommand = "dotnet tool restore && dotnet cake --target=Manifest";

    private const string Repository = "cake-multiarch/hello";
    private const string Tag = "1.0";
    private static readonly string[] Archs = ["amd64", "arm32v6", "arm32v7", "arm64v8"];

    private string _workspace = "";
    private string _clone = "";
    private int _port;

    private string Registry => $"127.0.0.1:{_port}";

    [SetUp]
    public async Task CloneTheRepository()
    {
        _workspace = Directory.CreateTempSubdirectory("cake-multiarch-newcomer-").FullName;
        _clone = Path.Combine(_workspace, "Cake.MultiArch");
        _port = LoopbackPort.Free();
        await HostCommand.RunCheckedAsync("git", ["clone", "--quiet", RepositoryLayout.Root, _clone]);
        TestContext.Progress.WriteLine($"Newcomer: cloned {RepositoryLayout.Root} at {(await HostCommand.RunCheckedAsync("git", ["-C", _clone, "rev-parse", "--short", "HEAD"])).StandardOutput.Trim()} into {_clone}");
    }

    [TearDown]
    public async Task StopTheRegistryAndRemoveTheClone()
    {
        StopRegistryStartedBy(_clone, _port);
        foreach (var tag in Archs.Select(a => $"{Registry}/{Repository}:{Tag}-{a}").Append($"{Registry}/{Repository}:{Tag}"))
        {
            await HostCommand.RunAsync("docker", ["image", "rm", "--no-prune", tag]);
        }

        if (Directory.Exists(_workspace))
        {
            Directory.Delete(_workspace, recursive: true);
        }
    }

    [Test]
    public async Task The_readme_first_command_in_a_fresh_clone_publishes_a_four_arch_list_and_prints_the_summary()
    {
        // Given a fresh clone and no registry on the port
        using var api = new RegistryApi(new Uri($"http://{Registry}/"));
        Assert.That(File.Exists(Path.Combine(_clone, "example", "build.cake")), Is.True);

        // When the README's first command runs there
        var watch = Stopwatch.StartNew();
        var run = await RunFirstCommandAsync($"--registry={Registry} --start-registry=true");
        var output = Ansi().Replace(run.StandardOutput, "");
        var described = $"`{FirstCommand} --registry={Registry} --start-registry=true` exited with {run.ExitCode} after {watch.Elapsed.TotalSeconds:0}s.\n" +
                        $"stdout (end):\n{string.Join('\n', output.Split('\n').TakeLast(60))}\nstderr (end):\n{string.Join('\n', run.StandardError.Split('\n').TakeLast(30))}";
        TestContext.Progress.WriteLine($"Newcomer: the first command took {watch.Elapsed.TotalSeconds:0.0}s");

        // Then it succeeds, says what it did to the machine, and ends with the summary table
        Assert.That(run.ExitCode, Is.Zero, described);
        if (OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess)
        {
            Assert.That(output, Does.Contain("prepare-host: host ready"), described);
        }

        Assert.That(output, Does.Match(@"ARCH\s+PLATFORM\s+STATUS\s+TAG\s+DIGEST\s+TIME"), described);
        foreach (var arch in Archs)
        {
            Assert.That(output, Does.Match($@"\n{arch}\s+linux/\S+\s+succeeded\s+{Regex.Escape($"{Registry}/{Repository}:{Tag}-{arch}")}\s+sha256:[0-9a-f]{{64}}\s+\d+\.\ds"), described);
        }

        var listRow = ListRow().Match(output);
        Assert.That(listRow.Success, Is.True, described);
        Assert.That(listRow.Value.Contains("+ 4 attestations", StringComparison.Ordinal), Is.EqualTo(CurrentEngine.BuildKit), described);

        // And the registry serves the four-arch list it printed
        var list = await api.GetManifestAsync(Repository, Tag);
        Assert.That(list.IsList, Is.True, list.MediaType);
        Assert.That(list.Images.Select(e => e.Platform), Is.EquivalentTo(new[] { "linux/amd64", "linux/arm/v6", "linux/arm/v7", "linux/arm64/v8" }));
        Assert.That(list.Attestations.Select(a => a.AttestedDigest), Is.EquivalentTo(CurrentEngine.BuildKit ? list.Images.Select(i => i.Digest) : []));
        Assert.That(list.Digest, Is.EqualTo(listRow.Groups["digest"].Value));
        foreach (var entry in list.Images)
        {
            Assert.That((await api.GetManifestAsync(Repository, entry.Digest)).IsList, Is.False, $"{entry.Platform} should be an image");
        }
    }

    [Test]
    public async Task A_registry_address_other_than_the_default_gets_no_registry_of_its_own_and_fails_with_the_preflight_message()
    {
        // Given a fresh clone and nothing on the port, as after a mistyped --registry

        // When the README's first command runs against it without --start-registry
        var run = await RunFirstCommandAsync($"--registry={Registry}");
        var output = Ansi().Replace(run.StandardOutput + run.StandardError, "");
        var described = $"exited with {run.ExitCode}; output (end):\n{string.Join('\n', output.Split('\n').TakeLast(40))}";

        // Then it fails before building, with the preflight's message and its fix, and started no registry
        Assert.That(run.ExitCode, Is.Not.Zero, described);
        Assert.That(output, Does.Contain("cannot start").And.Contain($"The registry {Registry} does not answer GET /v2/").And.Contain("correct the registry host and port"), described);
        Assert.That(Directory.Exists(Path.Combine(_clone, "example", ".registry", _port.ToString(System.Globalization.CultureInfo.InvariantCulture))), Is.False, described);
        using var api = new RegistryApi(new Uri($"http://{Registry}/"));
        Assert.That(async () => await api.PingAsync(), Throws.InstanceOf<HttpRequestException>());
    }

    /// <summary>Runs the README's first command at the root of the clone, with the given arguments added, for at most 5 minutes.</summary>
    private async Task<BufferedCommandResult> RunFirstCommandAsync(string arguments)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return await Cli.Wrap("bash")
            .WithArguments(["-c", $"{FirstCommand} {arguments}"])
            .WithWorkingDirectory(_clone)
            .WithEnvironmentVariables(e => e.Set("NO_COLOR", "1").Set("DOTNET_NOLOGO", "1"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(limit.Token);
    }

    /// <summary>
    /// Stops the registry the example started for this port (its pid file is under example/.registry/PORT in the
    /// clone), after checking that the pid is still that registry's.
    /// </summary>
    private static void StopRegistryStartedBy(string clone, int port)
    {
        var pidFile = Path.Combine(clone, "example", ".registry", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "registry.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            if (commandLine.Contains("registry", StringComparison.Ordinal) && commandLine.Contains(clone, StringComparison.Ordinal))
            {
                process.Kill();
                process.WaitForExit(10_000);
            }
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IOException)
        {
            // Gone already.
        }
    }


    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"\nlist\s+4 platforms(?: \+ 4 attestations)?\s+pushed\s+\S+\s+(?<digest>sha256:[0-9a-f]{64})\s+\d+\.\ds")]
    private static partial Regex ListRow();
}
