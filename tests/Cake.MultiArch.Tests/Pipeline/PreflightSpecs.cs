using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Pipeline;

/// <summary>Preflight against the real registry: it names the registry that does not answer, and missing credentials, before any build.</summary>
[NonParallelizable]
public sealed class PreflightSpecs : IntegrationTest
{
    private string _app = "";

    [OneTimeSetUp]
    public async Task WriteApp()
    {
        _app = Directory.CreateTempSubdirectory("multiarch-preflight-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\n");
    }

    [OneTimeTearDown]
    public void RemoveApp() => Directory.Delete(_app, recursive: true);

    private MultiArchBuildSettings Settings(string image) => new()
    {
        Image = image,
        Tag = "1",
        Architectures = { "amd64", "arm64v8" },
        BaseImage = BusyboxBases.Repository + ":{arch}",
        Retry = new RetryPolicy { Attempts = 2, InitialDelay = TimeSpan.FromMilliseconds(50) },
        ConfigDirectory = Path.Combine(_app, "docker-config"),
    };

    [Test]
    public async Task A_registry_that_does_not_answer_is_named_before_anything_is_built()
    {
        // Given a registry that was started and stopped: its port is known and closed
        var registry = await TestRegistry.StartAsync();
        var host = registry.Host;
        await registry.DisposeAsync();
        var context = new TestCakeContext(_app);

        // When
        var exception = Assert.Throws<MultiArchException>(() => context.MultiArchBuild(Settings($"{host}/preflight/app")));

        // Then
        Assert.That(exception!.Message, Does.Contain($"[Registry] The registry {host} does not answer GET /v2/").And.Contain("connection refused").And.Contain("Start the registry"));
        Assert.That(context.Log.Lines, Has.None.Contains("Building"));
    }

    [Test]
    public async Task A_registry_that_demands_credentials_docker_lacks_is_named_with_the_login_to_do()
    {
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { Htpasswd = ("ci", "preflight-password-1"), Tls = true });
        var context = new TestCakeContext(_app);

        var exception = Assert.Throws<MultiArchException>(() => context.MultiArchBuild(Settings($"{registry.Host}/preflight/app")));

        Assert.That(exception!.Message, Does.Contain($"[Credentials] The registry {registry.Host} demands credentials").And.Contain("MultiArchLogin"));
        Assert.That(context.Log.Lines, Has.None.Contains("Building"));
        using var api = registry.CreateApi();
        Assert.That(await api.ListTagsAsync("preflight/app").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : []), Is.Empty);
    }
}
