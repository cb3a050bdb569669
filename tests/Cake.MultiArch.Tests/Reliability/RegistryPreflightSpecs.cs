using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// Preflight's registry checks: the registry answers <c>GET /v2/</c>, and credentials are there where it demands them.
/// Found before any build runs, reported with every other problem, and nothing is built, pushed or listed.
/// </summary>
/// <remarks>
/// These specify the registry and credential checks of preflight (issue 5), which are being added to Pipeline/Preflight.cs;
/// until they land, these fail where the pipeline builds first and fails at the push.
/// </remarks>
[NonParallelizable]
public sealed class RegistryPreflightSpecs : IntegrationTest
{
    private readonly List<string> _images = [];
    private TestRegistry _secureRegistry = null!;
    private string _app = "";

    // A pipeline that builds before it fails (no registry check yet) leaves its arch image behind.
    [TearDown]
    public async Task RemoveArchImages()
    {
        foreach (var image in _images)
        {
            await HostCommand.RemoveLocalTagsAsync(image);
        }

        _images.Clear();
    }

    [OneTimeSetUp]
    public async Task StartRegistryAndWriteApp()
    {
        _secureRegistry = await TestRegistry.StartAsync(new TestRegistryOptions { Tls = true, Htpasswd = ("ci-pusher", "Preflight-" + Guid.NewGuid().ToString("N")) });
        _app = Directory.CreateTempSubdirectory("reliability-preflight-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nRUN echo preflight > /note\n");
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        await _secureRegistry.DisposeAsync();
        Directory.Delete(_app, recursive: true);
    }

    [Test]
    public async Task A_registry_that_does_not_answer_is_named_before_any_build()
    {
        var host = BadInputScene.ClosedAddress();
        var (exception, context) = Publish($"{host}/preflight/down");

        Assert.That(exception.Message, Does.Contain(host).And.Contain("/v2/"));
        await AssertNothingBuiltAsync(context, $"{host}/preflight/down");
    }

    [Test]
    public async Task A_registry_host_that_does_not_resolve_is_named_before_any_build()
    {
        var (exception, context) = Publish("no-such-registry.invalid/preflight/app");

        Assert.That(exception.Message, Does.Contain("no-such-registry.invalid"));
        await AssertNothingBuiltAsync(context, "no-such-registry.invalid/preflight/app");
    }

    [Test]
    public async Task A_registry_that_demands_credentials_nobody_logged_in_with_says_to_run_MultiArchLogin_before_any_build()
    {
        var config = Directory.CreateTempSubdirectory("reliability-preflight-config-").FullName;
        try
        {
            var (exception, context) = Publish($"{_secureRegistry.Host}/preflight/auth", s => s.ConfigDirectory = config);

            Assert.That(exception.Message, Does.Contain(_secureRegistry.Host).And.Contain("credentials").And.Contain("MultiArchLogin"));
            await AssertNothingBuiltAsync(context, $"{_secureRegistry.Host}/preflight/auth");
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    [Test]
    public async Task A_docker_config_file_that_is_not_json_is_named_before_any_build()
    {
        var config = Directory.CreateTempSubdirectory("reliability-preflight-config-").FullName;
        await File.WriteAllTextAsync(Path.Combine(config, "config.json"), "{not json");
        try
        {
            var (exception, context) = Publish($"{_secureRegistry.Host}/preflight/badconfig", s => s.ConfigDirectory = config);

            Assert.That(exception.Message, Does.Contain("config.json").And.Contain("is not valid JSON"));
            await AssertNothingBuiltAsync(context, $"{_secureRegistry.Host}/preflight/badconfig");
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    private (MultiArchException Exception, TestCakeContext Context) Publish(string image, Action<MultiArchBuildSettings>? spoil = null)
    {
        _images.Add(image);
        var context = new TestCakeContext(_app);
        var settings = new MultiArchBuildSettings
        {
            Image = image,
            Tag = "1.0",
            Architectures = { "arm32v7" },
            Context = _app,
            BaseImage = BusyboxBases.Repository + ":{arch}",
            QemuBaseTagPattern = "local/reliability-preflight-{arch}",
            Retry = BadInputScene.QuickRetry,
        };
        spoil?.Invoke(settings);
        var exception = Assert.Catch<MultiArchException>(() => context.MultiArchBuild(settings));
        TestContext.Out.WriteLine(exception!.Message);
        Assert.That(exception, Is.Not.InstanceOf<MultiArchBuildException>(), "preflight stops the pipeline before any step");
        Assert.That(exception.Message, Does.Contain("found before anything was built or pushed"));
        return (exception, context);
    }

    private static async Task AssertNothingBuiltAsync(TestCakeContext context, string image)
    {
        Assert.That(context.Log.Lines, Has.None.Contains("Building "));
        var local = await HostCommand.DockerAsync("image", "ls", "--format", "{{.Repository}}:{{.Tag}}", image);
        Assert.That(local.StandardOutput.Trim(), Is.Empty, "no arch image was built");
    }
}
