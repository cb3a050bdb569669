using System.Net.Sockets;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Tests.Fakes;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Docker;

/// <summary>
/// The Engine API against the real daemon: image inspect and the daemon's version give what the docker CLI gives, and a
/// socket that does not answer leaves the question, and its failure message, to the CLI.
/// </summary>
[NonParallelizable]
public sealed class DockerEngineSpecs : IntegrationTest
{
    private readonly string _unique = Guid.NewGuid().ToString("N")[..12];
    private string _folder = "";
    private TestRegistry? _registry;
    private string _tag = "";
    private string _pushed = "";
    private string _digestName = "";
    private string _id = "";

    private string Missing => $"127.0.0.1:5999/engine-specs/missing:{_unique}";

    [OneTimeSetUp]
    public async Task BuildImage()
    {
        // Given an image built FROM scratch, tagged under a registry-like name, and pushed once so that it has a repo digest
        _folder = Directory.CreateTempSubdirectory("engine-specs-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_folder, "hello.txt"), "hello " + _unique);
        await File.WriteAllTextAsync(Path.Combine(_folder, "Dockerfile"), $"FROM scratch\nCOPY hello.txt /hello.txt\nLABEL org.example.spec=engine org.example.run={_unique}\n");
        _tag = $"127.0.0.1:5999/engine-specs/x:{_unique}";
        await HostCommand.DockerAsync("build", "--quiet", "--tag", _tag, _folder);
        _id = (await HostCommand.DockerAsync("image", "inspect", "--format", "{{.Id}}", _tag)).StandardOutput.Trim();

        _registry = await TestRegistry.StartAsync();
        _pushed = $"{_registry.Host}/engine-specs/x:{_unique}";
        await HostCommand.DockerAsync("tag", _tag, _pushed);
        await HostCommand.DockerAsync("push", _pushed);
        _digestName = (await HostCommand.DockerAsync("image", "inspect", "--format", "{{index .RepoDigests 0}}", _pushed)).StandardOutput.Trim();
    }

    [OneTimeTearDown]
    public async Task RemoveImage()
    {
        await HostCommand.RunAsync("docker", ["image", "rm", "--force", _tag, _pushed]);
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private (DockerRunner Engine, DockerRunner Cli, CapturingLog EngineLog, CapturingLog CliLog) Runners()
    {
        // A configuration directory of its own gives each test a daemon key of its own, so nothing is answered from a cache.
        var config = Directory.CreateDirectory(Path.Combine(_folder, "config-" + Guid.NewGuid().ToString("N"))).FullName;
        var engineLog = new CapturingLog(echo: false);
        var cliLog = new CapturingLog(echo: false);
        var engine = new DockerRunner(new MultiArchToolSettings { ConfigDirectory = config }, new TestCakeEnvironment(_folder), engineLog);
        var cli = new DockerRunner(new MultiArchToolSettings { ConfigDirectory = config, ToolPath = DockerOnPath() }, new TestCakeEnvironment(_folder), cliLog);
        Assert.That(engine.Engine, Is.Not.Null, "the default socket, no context: the Engine API");
        Assert.That(cli.Engine, Is.Null, "a ToolPath: the CLI");
        return (engine, cli, engineLog, cliLog);
    }

    private static string DockerOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "docker")).First(File.Exists);

    private async Task<IReadOnlyDictionary<string, LocalImage?>> InspectBothAsync(params string[] images)
    {
        var (engine, cli, engineLog, cliLog) = Runners();

        var viaEngine = await LocalImage.InspectManyAsync(engine, images, null, CancellationToken.None);
        var viaCli = await LocalImage.InspectManyAsync(cli, images, null, CancellationToken.None);

        Assert.That(engineLog.Lines, Has.Some.Contains("(Engine API)").And.None.Contains("image inspect").And.None.Contains("asking docker instead"));
        Assert.That(cliLog.Lines, Has.Some.Contains(" image inspect "));
        Assert.That(viaEngine.Keys, Is.EquivalentTo(viaCli.Keys));
        foreach (var (name, image) in viaCli)
        {
            AssertSame(viaEngine[name], image, name);
        }

        return viaEngine;
    }

    private static void AssertSame(LocalImage? actual, LocalImage? expected, string name)
    {
        if (expected is null)
        {
            Assert.That(actual, Is.Null, name);
            return;
        }

        Assert.That(actual, Is.Not.Null, name);
        Assert.That(actual!.Id, Is.EqualTo(expected.Id), name);
        Assert.That(actual.Os, Is.EqualTo(expected.Os), name);
        Assert.That(actual.Architecture, Is.EqualTo(expected.Architecture), name);
        Assert.That(actual.Variant, Is.EqualTo(expected.Variant), name);
        Assert.That(actual.RepoTags, Is.EqualTo(expected.RepoTags), name);
        Assert.That(actual.RepoDigests, Is.EqualTo(expected.RepoDigests), name);
    }

    [Test]
    public async Task An_image_by_tag_is_the_one_the_cli_inspects()
    {
        var images = await InspectBothAsync(_tag);

        Assert.That(images[_tag]!.Id, Is.EqualTo(_id));
        Assert.That(images[_tag]!.RepoTags, Does.Contain(_tag).And.Contain(_pushed));
    }

    [Test]
    public async Task An_image_by_id_is_the_one_the_cli_inspects()
    {
        var images = await InspectBothAsync(_id);

        Assert.That(images[_id]!.RepoTags, Does.Contain(_tag));
    }

    [Test]
    public async Task An_image_by_repo_digest_is_the_one_the_cli_inspects()
    {
        var images = await InspectBothAsync(_digestName);

        Assert.That(images[_digestName]!.Id, Is.EqualTo(_id));
        Assert.That(images[_digestName]!.RepoDigests, Does.Contain(_digestName));
    }

    [Test]
    public async Task A_missing_image_is_null_as_with_the_cli()
    {
        var images = await InspectBothAsync(Missing);

        Assert.That(images[Missing], Is.Null);
    }

    [Test]
    public async Task A_mix_of_names_answers_each_as_the_cli_does()
    {
        var images = await InspectBothAsync(_tag, Missing, _pushed, _digestName, _tag);

        Assert.That(images.Keys, Is.EquivalentTo(new[] { _tag, Missing, _pushed, _digestName }));
        Assert.That(images[Missing], Is.Null);
        Assert.That(images[_pushed]!.Id, Is.EqualTo(_id));
    }

    [Test]
    public async Task A_name_the_daemon_rejects_is_left_to_the_cli_which_reads_it_as_missing()
    {
        var (engine, _, log, _) = Runners();

        var images = await LocalImage.InspectManyAsync(engine, ["Not/A Valid:Name"], null, CancellationToken.None);

        Assert.That(images["Not/A Valid:Name"], Is.Null);
        Assert.That(log.Lines.Count(l => l.Contains("asking docker instead", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(log.Lines, Has.Some.Contains(" image inspect "));
    }

    [Test]
    public async Task The_daemon_architecture_and_api_version_are_the_ones_the_cli_reports()
    {
        var (engine, cli, engineLog, cliLog) = Runners();

        var viaEngine = await DaemonPlatform.ProbeAsync(engine);
        var viaCli = await DaemonPlatform.ProbeAsync(cli);

        Assert.That(viaEngine.Answered && viaCli.Answered, Is.True);
        Assert.That(viaEngine, Is.EqualTo(viaCli));
        Assert.That(viaEngine.Architecture, Is.Not.Null);
        Assert.That(viaEngine.ApiVersion, Is.EqualTo(new Version(1, 41)), "dockerd 20.10 speaks API 1.41");
        Assert.That(viaEngine.BuildsWithBuildKit, Is.False);
        Assert.That(engineLog.Lines, Has.Some.Contains("> GET /version (Engine API)").And.None.Contains(" version --format"));
        Assert.That(cliLog.Lines, Has.Some.Contains(" version --format"));
    }

    [Test]
    public void A_host_socket_that_does_not_exist_is_the_cli_and_its_daemon_down_failure()
    {
        var runner = new DockerRunner(
            new MultiArchToolSettings { DockerHost = $"unix:///tmp/engine-specs-{Guid.NewGuid():N}/docker.sock" }, new TestCakeEnvironment(_folder), new CapturingLog(echo: false));

        Assert.That(runner.Engine, Is.Null);
        var inspect = Assert.ThrowsAsync<MultiArchException>(() => LocalImage.InspectManyAsync(runner, [_tag], null, CancellationToken.None));
        var version = Assert.ThrowsAsync<MultiArchException>(() => DaemonPlatform.ArchitectureAsync(runner));

        Assert.That(inspect!.Message, Does.Contain("Cannot connect to the Docker daemon").And.Contain("sudo systemctl start docker"));
        Assert.That(version!.Message, Does.Contain("Cannot connect to the Docker daemon").And.Contain("sudo systemctl start docker"));
    }

    [Test]
    public void A_socket_nothing_listens_on_falls_back_to_the_cli_and_its_failure()
    {
        // Given a socket file that exists but refuses connections: bound, never listening
        var path = Path.Combine(_folder, $"s-{Guid.NewGuid():N}"[..12] + ".sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        var log = new CapturingLog(echo: false);
        var runner = new DockerRunner(new MultiArchToolSettings { DockerHost = "unix://" + path }, new TestCakeEnvironment(_folder), log);
        Assert.That(runner.Engine, Is.Not.Null);

        // When
        var inspect = Assert.ThrowsAsync<MultiArchException>(() => LocalImage.InspectManyAsync(runner, [_tag, Missing], null, CancellationToken.None));
        var version = Assert.ThrowsAsync<MultiArchException>(() => DaemonPlatform.ArchitectureAsync(runner));

        // Then each query says once why it left the API, and the CLI's own message reaches the user
        Assert.That(log.Lines.Count(l => l.Contains("did not inspect the images", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(log.Lines.Count(l => l.Contains("did not give the daemon's version", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(inspect!.Message, Does.Contain("Cannot connect to the Docker daemon"));
        Assert.That(version!.Message, Does.Contain("Cannot connect to the Docker daemon"));
    }

    [Test]
    public void A_daemon_that_never_answers_is_given_up_after_the_tool_timeout_on_both_paths()
    {
        // Given a socket that takes connections and never answers
        var path = Path.Combine(_folder, $"h-{Guid.NewGuid():N}"[..12] + ".sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen();
        var log = new CapturingLog(echo: false);
        var runner = new DockerRunner(
            new MultiArchToolSettings { DockerHost = "unix://" + path, ToolTimeout = TimeSpan.FromMilliseconds(500) }, new TestCakeEnvironment(_folder), log);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        // When
        var exception = Assert.ThrowsAsync<MultiArchException>(() => DaemonPlatform.ArchitectureAsync(runner));

        // Then the API gives up first, and the CLI's own timeout is what the user reads
        Assert.That(log.Lines, Has.One.Contains("did not give the daemon's version (no answer within 00:00:00.5000000)"));
        Assert.That(exception!.Message, Does.Contain("did not finish within").And.Contain("Raise ToolTimeout"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void Cancelling_stops_an_engine_request_without_asking_the_cli()
    {
        var path = Path.Combine(_folder, $"c-{Guid.NewGuid():N}"[..12] + ".sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen();
        var log = new CapturingLog(echo: false);
        var runner = new DockerRunner(new MultiArchToolSettings { DockerHost = "unix://" + path }, new TestCakeEnvironment(_folder), log);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.CatchAsync<OperationCanceledException>(() => LocalImage.InspectManyAsync(runner, [_tag], null, cancellation.Token));

        Assert.That(log.Lines, Has.None.Contains("asking docker instead").And.None.Contains(" image inspect "));
    }
}
