using Cake.MultiArch.Tests.Infrastructure;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Tests.Fakes;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>MultiArchLogin refuses to run docker login over a Docker config file it would destroy.</summary>
[TestFixture]
public class LoginConfigSpecs
{
    private string _config = "";

    [SetUp]
    public void CreateConfigDirectory() => _config = Directory.CreateTempSubdirectory("reliability-login-config-").FullName;

    [TearDown]
    public void RemoveConfigDirectory() => Directory.Delete(_config, recursive: true);

    [Test]
    public void A_config_file_that_is_not_json_stops_the_login_before_docker_runs_and_is_left_as_it_was()
    {
        // Given a config.json that docker would only warn about, then overwrite
        var file = Path.Combine(_config, "config.json");
        const string broken = "{\"auths\": {\"ghcr.io\": {\"auth\": \"c2VjcmV0\"}},, not json";
        File.WriteAllText(file, broken);
        var docker = new ScriptedDockerRunner();

        // When
        var exception = Assert.ThrowsAsync<MultiArchException>(() => new RegistryLogin(docker, new CapturingLog(echo: false)).LoginAsync(new MultiArchLoginSettings
        {
            Server = "127.0.0.1:5000",
            Username = "ci",
            Password = "Config-Check-Pa55",
            ConfigDirectory = _config,
        }));

        // Then
        Assert.That(exception!.Message, Does.Contain($"The Docker config file '{file}' is not valid JSON").And.Contain("Fix it, or move it away"));
        Assert.That(exception.Message, Does.Not.Contain("c2VjcmV0"), "the file's content is never quoted");
        Assert.That(docker.Commands, Is.Empty);
        Assert.That(File.ReadAllText(file), Is.EqualTo(broken));
    }

    [Test]
    public void A_relative_config_directory_is_read_where_docker_would_read_it()
    {
        var parent = Path.GetDirectoryName(_config)!;
        File.WriteAllText(Path.Combine(_config, "config.json"), "not json");

        var exception = Assert.ThrowsAsync<MultiArchException>(() => new RegistryLogin(new ScriptedDockerRunner(parent), new CapturingLog(echo: false)).LoginAsync(new MultiArchLoginSettings
        {
            Username = "ci",
            Password = "Config-Check-Pa55",
            ConfigDirectory = Path.GetFileName(_config),
        }));

        Assert.That(exception!.Message, Does.Contain(Path.Combine(_config, "config.json")));
    }

    [Test]
    public async Task A_valid_config_file_lets_the_login_run()
    {
        File.WriteAllText(Path.Combine(_config, "config.json"), "{\"auths\": {}}");
        var docker = new ScriptedDockerRunner();

        await new RegistryLogin(docker, new CapturingLog(echo: false)).LoginAsync(new MultiArchLoginSettings { Username = "ci", Password = "Config-Check-Pa55", ConfigDirectory = _config });

        Assert.That(docker.CommandLines, Has.One.Contains("login"));
    }
}
