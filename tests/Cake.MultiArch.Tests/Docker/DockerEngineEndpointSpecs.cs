using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Tests.Docker;

/// <summary>When read-only queries go to the Engine API's unix socket, and when they stay with the docker CLI.</summary>
[TestFixture]
public class DockerEngineEndpointSpecs
{
    private string _home = "";
    private Dictionary<string, string?> _environment = [];
    private HashSet<string> _sockets = [];

    [SetUp]
    public void CreateHome()
    {
        _home = Directory.CreateTempSubdirectory("engine-endpoint-").FullName;
        _environment = new Dictionary<string, string?>(StringComparer.Ordinal) { ["HOME"] = _home };
        _sockets = new HashSet<string>(StringComparer.Ordinal) { DockerEngineEndpoint.DefaultSocket };
    }

    [TearDown]
    public void RemoveHome() => Directory.Delete(_home, recursive: true);

    private string? Resolve(MultiArchToolSettings settings, bool isWindows = false) =>
        DockerEngineEndpoint.Resolve(settings, _home, n => _environment.GetValueOrDefault(n), _sockets.Contains, isWindows);

    private void WriteConfig(string directory, string json)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), json);
    }

    [Test]
    public void No_host_and_no_context_is_the_default_socket() =>
        Assert.That(Resolve(new MultiArchToolSettings()), Is.EqualTo("/var/run/docker.sock"));

    [Test]
    public void Windows_uses_the_cli() =>
        Assert.That(Resolve(new MultiArchToolSettings(), isWindows: true), Is.Null);

    [Test]
    public void A_tool_path_uses_the_cli_it_names() =>
        Assert.That(Resolve(new MultiArchToolSettings { ToolPath = "/opt/docker/bin/docker" }), Is.Null);

    [Test]
    public void A_context_setting_uses_the_cli() =>
        Assert.That(Resolve(new MultiArchToolSettings { DockerContext = "remote" }), Is.Null);

    [Test]
    public void A_context_in_the_settings_environment_uses_the_cli() =>
        Assert.That(Resolve(new MultiArchToolSettings { EnvironmentVariables = { ["DOCKER_CONTEXT"] = "remote" } }), Is.Null);

    [Test]
    public void A_context_in_the_process_environment_uses_the_cli()
    {
        _environment["DOCKER_CONTEXT"] = "remote";

        Assert.That(Resolve(new MultiArchToolSettings()), Is.Null);
    }

    [TestCase("""{"auths":{},"currentContext":"remote"}""", null)]
    [TestCase("""{"auths":{},"currentContext":"default"}""", "/var/run/docker.sock")]
    [TestCase("""{"auths":{},"currentContext":""}""", "/var/run/docker.sock")]
    [TestCase("""{"auths":{}}""", "/var/run/docker.sock")]
    [TestCase("""{"auths":{},"currentContext":""", null)]
    [TestCase("""["not", "a", "config"]""", null)]
    public void The_current_context_of_the_home_config_decides(string config, string? expected)
    {
        WriteConfig(Path.Combine(_home, ".docker"), config);

        Assert.That(Resolve(new MultiArchToolSettings()), Is.EqualTo(expected));
    }

    [Test]
    public void The_config_directory_setting_is_read_before_docker_config_and_home()
    {
        WriteConfig(Path.Combine(_home, ".docker"), """{"currentContext":"remote"}""");
        WriteConfig(Path.Combine(_home, "from-env"), """{"currentContext":"remote"}""");
        WriteConfig(Path.Combine(_home, "from-settings"), """{"currentContext":"default"}""");
        _environment["DOCKER_CONFIG"] = Path.Combine(_home, "from-env");

        Assert.That(Resolve(new MultiArchToolSettings { ConfigDirectory = "from-settings" }), Is.EqualTo("/var/run/docker.sock"), "relative to the working directory");
        Assert.That(Resolve(new MultiArchToolSettings()), Is.Null, "DOCKER_CONFIG's context");
    }

    [Test]
    public void Docker_config_in_the_settings_environment_is_read_before_the_process_one()
    {
        WriteConfig(Path.Combine(_home, "from-process"), """{"currentContext":"default"}""");
        WriteConfig(Path.Combine(_home, "from-settings"), """{"currentContext":"remote"}""");
        _environment["DOCKER_CONFIG"] = Path.Combine(_home, "from-process");

        Assert.That(Resolve(new MultiArchToolSettings { EnvironmentVariables = { ["DOCKER_CONFIG"] = Path.Combine(_home, "from-settings") } }), Is.Null);
        Assert.That(Resolve(new MultiArchToolSettings()), Is.EqualTo("/var/run/docker.sock"));
    }

    [Test]
    public void A_unix_host_is_its_socket_when_it_exists()
    {
        _sockets.Add("/run/user/1000/docker.sock");

        Assert.That(Resolve(new MultiArchToolSettings { DockerHost = "unix:///run/user/1000/docker.sock" }), Is.EqualTo("/run/user/1000/docker.sock"));
        Assert.That(Resolve(new MultiArchToolSettings { DockerHost = "unix:///x" }), Is.Null, "no socket at /x");
    }

    [TestCase("tcp://10.0.0.5:2375")]
    [TestCase("ssh://pi@raspberrypi")]
    [TestCase("npipe:////./pipe/docker_engine")]
    [TestCase("unix://relative.sock")]
    [TestCase(" ")]
    public void Any_other_host_uses_the_cli(string host)
    {
        _environment["DOCKER_HOST"] = host;

        Assert.That(Resolve(new MultiArchToolSettings()), Is.Null);
    }

    [Test]
    public void The_host_setting_comes_before_the_settings_environment_and_the_process_environment()
    {
        _sockets.Add("/a.sock");
        _sockets.Add("/b.sock");
        _environment["DOCKER_HOST"] = "tcp://10.0.0.5:2375";

        Assert.That(Resolve(new MultiArchToolSettings { DockerHost = "unix:///a.sock", EnvironmentVariables = { ["DOCKER_HOST"] = "unix:///b.sock" } }), Is.EqualTo("/a.sock"));
        Assert.That(Resolve(new MultiArchToolSettings { EnvironmentVariables = { ["DOCKER_HOST"] = "unix:///b.sock" } }), Is.EqualTo("/b.sock"));
        Assert.That(Resolve(new MultiArchToolSettings()), Is.Null, "the process's tcp host");
    }

    [Test]
    public void A_missing_default_socket_uses_the_cli()
    {
        _sockets.Clear();

        Assert.That(Resolve(new MultiArchToolSettings()), Is.Null);
    }
}
