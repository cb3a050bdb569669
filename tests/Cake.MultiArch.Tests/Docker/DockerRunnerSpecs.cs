using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Tests.Fakes;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Docker;

/// <summary>The runner against a stand-in docker executable (a shell script): what it keeps, what it shows, what it throws.</summary>
[TestFixture]
public class DockerRunnerSpecs
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("docker-runner-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private async Task<string> FakeDockerAsync(string body)
    {
        var path = Path.Combine(_folder, "docker");
        await File.WriteAllTextAsync(path, "#!/bin/sh\n" + body + "\n");
        await HostCommand.RunCheckedAsync("chmod", ["+x", path]);
        return path;
    }

    [Test]
    public async Task Output_is_kept_as_written_and_shown_masked()
    {
        // Given a secret that is also part of the values docker prints
        var docker = await FakeDockerAsync("echo x86_64; echo 'token x here' >&2");
        var log = new CapturingLog(echo: false);
        var runner = new DockerRunner(new MultiArchToolSettings { ToolPath = docker }, new TestCakeEnvironment(_folder), log);

        // When
        var result = await runner.RunAsync(new DockerCommand(["info"]) { Secrets = ["x"], OutputVerbosity = Verbosity.Normal });

        // Then the value read from the output is intact, and the log shows it masked
        Assert.That(result.StandardOutput, Is.EqualTo(new[] { "x86_64" }));
        Assert.That(log.Lines, Does.Contain("***86_64").And.Contain("token *** here"));
    }

    [Test]
    public async Task A_failure_shows_the_masked_tail_and_standard_input_never_reaches_the_arguments()
    {
        var docker = await FakeDockerAsync("read password; echo \"got $# arguments\"; echo \"denied for $password\" >&2; exit 3");
        var runner = new DockerRunner(new MultiArchToolSettings { ToolPath = docker }, new TestCakeEnvironment(_folder), new CapturingLog(echo: false));

        var exception = Assert.ThrowsAsync<MultiArchException>(() => runner.RunAsync(new DockerCommand(["login", "--password-stdin"])
        {
            StandardInput = "s3cret-stdin-value",
            Secrets = ["s3cret-stdin-value"],
        }));

        Assert.That(exception!.ExitCode, Is.EqualTo(3));
        Assert.That(exception.Message, Does.Contain("denied for ***").And.Not.Contain("s3cret-stdin-value"));
        Assert.That(exception.CommandLine, Does.EndWith("login --password-stdin"));
    }

    [Test]
    public void A_missing_tool_path_names_it_and_the_fix()
    {
        var runner = new DockerRunner(new MultiArchToolSettings { ToolPath = Path.Combine(_folder, "no-docker") }, new TestCakeEnvironment(_folder), new CapturingLog(echo: false));

        var exception = Assert.ThrowsAsync<MultiArchException>(() => runner.RunAsync(new DockerCommand(["info"])));

        Assert.That(exception!.Message, Does.Contain("no-docker").And.Contain("given as ToolPath does not exist"));
    }

    [Test]
    public async Task A_command_past_its_timeout_is_stopped_with_the_fix()
    {
        var docker = await FakeDockerAsync("sleep 30");
        var runner = new DockerRunner(new MultiArchToolSettings { ToolPath = docker, ToolTimeout = TimeSpan.FromMilliseconds(300) }, new TestCakeEnvironment(_folder), new CapturingLog(echo: false));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var exception = Assert.ThrowsAsync<MultiArchException>(() => runner.RunAsync(new DockerCommand(["push", "x"])));

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(exception!.Message, Does.Contain("did not finish within").And.Contain("Raise ToolTimeout"));
    }

    [Test]
    public async Task Docker_host_and_environment_reach_the_process()
    {
        var docker = await FakeDockerAsync("echo \"$DOCKER_HOST $EXTRA\"; echo \"$@\"");
        var settings = new MultiArchToolSettings
        {
            ToolPath = docker,
            DockerHost = "ssh://pi@raspberrypi",
            DockerContext = "arm",
            ConfigDirectory = "cfg",
            EnvironmentVariables = { ["EXTRA"] = "yes" },
        };
        var runner = new DockerRunner(settings, new TestCakeEnvironment(_folder), new CapturingLog(echo: false));

        var result = await runner.RunAsync(new DockerCommand(["version"]));

        Assert.That(result.StandardOutput, Is.EqualTo(new[] { "ssh://pi@raspberrypi yes", $"--config {_folder}/cfg --context arm version" }));
    }
}
