using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Pipeline;

/// <summary>
/// A registry cache asked of dockerd 20.10, whose docker build is the legacy builder: it can neither export nor import
/// one, so MultiArchBuild refuses before anything is built, naming the fix, instead of building without it.
/// </summary>
[NonParallelizable]
public sealed class CacheOnLegacyEngineSpecs : IntegrationTest
{
    private TestRegistry _registry = null!;
    private string _app = "";

    [OneTimeSetUp]
    public async Task StartRegistryAndWriteApp()
    {
        _registry = await TestRegistry.StartAsync();
        _app = Directory.CreateTempSubdirectory("multiarch-legacy-cache-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nRUN echo hi > /hi\n");
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_app, recursive: true);
    }

    private MultiArchBuildSettings Settings(bool preflight) => new()
    {
        Image = $"{_registry.Host}/legacy/app",
        Architectures = { "amd64", "arm64v8" },
        Context = _app,
        BaseImage = BusyboxBases.Repository + ":{arch}",
        QemuBaseTagPattern = "local/qemu-legacy-cache-{arch}",
        RegistryCache = new RegistryCache { Repository = $"{_registry.Host}/legacy/app-cache" },
        Preflight = preflight,
    };

    [Test]
    public async Task The_preflight_refuses_a_registry_cache_on_the_legacy_builder_and_names_the_fix()
    {
        // When
        var context = new TestCakeContext(_app);
        var exception = Assert.Throws<MultiArchException>(() => context.MultiArchBuild(Settings(preflight: true)));

        // Then one preflight problem names the cache, the legacy builder and what to do, and nothing was built or pushed
        Assert.That(exception!.Message, Does.Contain("MultiArchBuild cannot start: 1 problem found")
            .And.Contain("[RegistryCache] RegistryCache is set, but the daemon builds with the legacy builder (Docker 20.10")
            .And.Contain("It builds amd64, arm64v8.")
            .And.Contain("Fix: Build on Docker 23 or later with the buildx plugin"));
        Assert.That(context.Log.Lines, Has.None.Contains("Building"));
        using var api = _registry.CreateApi();
        Assert.That(await api.ListTagsAsync("legacy/app").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : []), Is.Empty);
    }

    [Test]
    public void Without_the_preflight_each_build_refuses_it_before_docker_builds()
    {
        // When the environment is not checked first
        var context = new TestCakeContext(_app);
        var exception = Assert.Throws<MultiArchBuildException>(() => context.MultiArchBuild(Settings(preflight: false)));

        // Then each arch's build failed with the same reason and fix, and no docker build ran
        Assert.That(exception!.Result.Architectures.Select(a => a.Error), Has.All.Contain("the daemon builds with the legacy builder").And.All.Contain("or leave RegistryCache null"));
        Assert.That(context.Log.Lines, Has.None.Contains("docker build"));
    }
}
