using System.Collections.Concurrent;
using System.Text;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Images;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Registry;
using Cake.MultiArch.Tests.Infrastructure;
using CliWrap;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// Passwords reach docker on standard input only, never in a process's arguments or environment, and never in a log
/// line or message at any verbosity: checked in /proc while docker login runs, in Cake's log, and in the output of the
/// real <c>dotnet cake --verbosity=diagnostic</c>.
/// </summary>
/// <param name="engine">The engine the fixture runs against.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
[TestFixture(Engine.Legacy)]
public sealed class CredentialSpecs(Engine engine) : IntegrationTest(engine)
{
    private const string User = "ci-pusher";
    private TestRegistry _registry = null!;
    private string _password = "";
    private string _work = "";

    [OneTimeSetUp]
    public async Task StartRegistry()
    {
        _password = "Reliability-" + Guid.NewGuid().ToString("N");
        _registry = await TestRegistry.StartAsync(new TestRegistryOptions { Tls = true, Htpasswd = (User, _password) });
        _work = Directory.CreateTempSubdirectory("reliability-credentials-").FullName;
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Test]
    public async Task The_password_is_in_no_command_line_or_environment_of_the_docker_processes_of_a_login()
    {
        // Given a docker that waits a second before it starts, so the login's processes can surely be seen
        var config = Directory.CreateDirectory(Path.Combine(_work, "login-config")).FullName;
        var wrapper = DockerWrapper.Write(Path.Combine(_work, "docker-slow-start"), "sleep 1");
        var context = new TestCakeContext(_work);
        var seen = new ConcurrentDictionary<string, (ProcessTable.Entry Process, string Environment)>();
        using var done = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                foreach (var process in ProcessTable.Snapshot().Where(p => p.RawCommandLine.Contains(config, StringComparison.Ordinal)))
                {
                    seen.TryAdd($"{process.Pid} {process.RawCommandLine}", (process, ProcessTable.EnvironmentOf(process.Pid)));
                }

                await Task.Delay(5);
            }
        });

        // When
        try
        {
            await Task.Run(() => context.MultiArchLogin(new MultiArchLoginSettings
            {
                Server = _registry.Host,
                Username = User,
                Password = _password,
                ConfigDirectory = config,
                ToolPath = wrapper,
            }));
        }
        finally
        {
            await done.CancelAsync();
            await watcher;
        }

        // Then the wrapper and docker itself were seen running the login, and the password was in neither's arguments or environment
        var processes = seen.Values.ToList();
        foreach (var (process, _) in processes)
        {
            TestContext.Out.WriteLine("Seen: " + process);
        }

        Assert.That(processes, Has.Some.Matches<(ProcessTable.Entry Process, string Environment)>(p => p.Process.Arguments.Contains(wrapper) && p.Process.Arguments.Contains("login")), "the wrapper was not seen");
        Assert.That(processes, Has.Some.Matches<(ProcessTable.Entry Process, string Environment)>(p => ProcessTable.IsDocker(p.Process) && p.Process.Arguments.Contains("--password-stdin")), "docker login was not seen");
        Assert.That(processes.Select(p => p.Process.RawCommandLine), Has.None.Contains(_password));
        Assert.That(processes.Select(p => p.Environment), Has.None.Contains(_password));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(config, "config.json")), Does.Contain(_registry.Host), "the login succeeded");
        Assert.That(context.Log.Text, Does.Not.Contain(_password));
        Assert.That(context.Log.Lines, Has.Some.Contains("login --username ci-pusher --password-stdin"), "the command line is logged, without the password");
    }

    [Test]
    public async Task A_login_into_the_settings_DOCKER_CONFIG_is_what_the_registry_client_sends()
    {
        // Given a login whose docker is given DOCKER_CONFIG through the settings, not the process
        var config = Directory.CreateDirectory(Path.Combine(_work, "settings-docker-config")).FullName;
        var context = new TestCakeContext(_work);
        context.MultiArchLogin(new MultiArchLoginSettings
        {
            Server = _registry.Host,
            Username = User,
            Password = _password,
            EnvironmentVariables = { ["DOCKER_CONFIG"] = config },
        });

        // When the registry client connects with the same settings
        var settings = new MultiArchToolSettings { EnvironmentVariables = { ["DOCKER_CONFIG"] = config } };
        using var client = await RegistryAccess.ConnectAsync(ImageReference.Parse($"{_registry.Host}/credentials/app:1"), settings, _work, context.Log, CancellationToken.None);

        // Then it reads the credentials docker stored there, and the registry, which demands them, accepts them
        Assert.That(await File.ReadAllTextAsync(Path.Combine(config, "config.json")), Does.Contain(_registry.Host));
        await client.PingAsync();
        Assert.That(context.Log.Text, Does.Not.Contain(_password));
    }

    [Test]
    public void A_wrong_password_is_in_neither_the_message_nor_any_log_line()
    {
        var wrong = "Wrong-" + Guid.NewGuid().ToString("N");
        var context = new TestCakeContext(_work);

        var exception = Assert.Catch<MultiArchException>(() => context.MultiArchLogin(new MultiArchLoginSettings
        {
            Server = _registry.Host,
            Username = User,
            Password = wrong,
            ConfigDirectory = Directory.CreateDirectory(Path.Combine(_work, "wrong-config")).FullName,
        }));

        Assert.That(exception!.Message, Does.Contain("401 Unauthorized").And.Contain("check the user name and password"));
        Assert.That(exception.Message + exception.CommandLine + string.Join("\n", exception.StandardErrorTail), Does.Not.Contain(wrong));
        Assert.That(context.Log.Entries, Has.Some.Matches<LogEntry>(e => e.Verbosity == Cake.Core.Diagnostics.Verbosity.Diagnostic || e.Verbosity == Cake.Core.Diagnostics.Verbosity.Verbose),
            "the log was recorded at the most verbose level");
        Assert.That(context.Log.Text, Does.Not.Contain(wrong));
    }

    [Test]
    public async Task Dotnet_cake_at_diagnostic_verbosity_prints_no_password_on_a_login_or_a_refused_one_and_masks_it_in_GitHub_Actions()
    {
        // Given a build.cake that logs in with a password from the environment, right or spoiled
        var folder = await PackedAddin.ScriptFolderAsync($$"""
            var password = EnvironmentVariable("RELIABILITY_REGISTRY_PASSWORD");
            var settings = new MultiArchLoginSettings { Server = "{{_registry.Host}}", Username = "{{User}}", ConfigDirectory = "./docker-config" };
            Task("Right").Does(() => { settings.Password = password; MultiArchLogin(settings); });
            Task("Wrong").Does(() => { settings.Password = password + "-wrong"; MultiArchLogin(settings); });
            RunTarget(Argument("target", "Right"));
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "cake.config"), "[Settings]\nEnableScriptCache=true\n");

        // When
        var right = await RunCakeAsync(folder, "Right", githubActions: false);
        var wrong = await RunCakeAsync(folder, "Wrong", githubActions: false);
        var inActions = await RunCakeAsync(folder, "Wrong", githubActions: true);

        // Then
        Assert.That(right.ExitCode, Is.EqualTo(0), right.Output);
        Assert.That(wrong.ExitCode, Is.Not.EqualTo(0), wrong.Output);
        Assert.That(wrong.Output, Does.Contain("401 Unauthorized").And.Contain("check the user name and password"));
        Assert.That(right.Output, Does.Contain("--password-stdin"), "diagnostic output shows the docker command line");
        Assert.That(right.Output, Does.Not.Contain(_password));
        Assert.That(wrong.Output, Does.Not.Contain(_password));

        // And under GitHub Actions the runner is told to mask the password, which appears on no other line
        var lines = inActions.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.That(lines, Has.One.EqualTo("::add-mask::" + _password + "-wrong"));
        Assert.That(lines.Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal)), Has.None.Contains(_password));
        Assert.That(lines.FindIndex(l => l.StartsWith("::add-mask::", StringComparison.Ordinal)), Is.LessThan(lines.FindIndex(l => l.Contains("docker", StringComparison.Ordinal) && l.Contains("login", StringComparison.Ordinal))),
            "the mask is registered before docker runs");
    }

    private async Task<(int ExitCode, string Output)> RunCakeAsync(string folder, string target, bool githubActions)
    {
        var output = new StringBuilder();
        var result = await Cli.Wrap("dotnet")
            .WithArguments(["cake", "build.cake", "--verbosity=diagnostic", "--target=" + target])
            .WithWorkingDirectory(folder)
            .WithEnvironmentVariables(e => e
                .Set("RELIABILITY_REGISTRY_PASSWORD", _password)
                .Set("GITHUB_ACTIONS", githubActions ? "true" : null)
                .Set("TF_BUILD", null))
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(output))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(output))
            .ExecuteAsync();
        TestContext.Out.WriteLine($"dotnet cake --target={target} (GitHub Actions: {githubActions}) exited with {result.ExitCode}");
        return (result.ExitCode, output.ToString());
    }
}
