using Cake.MultiArch.Building;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Pipeline;

/// <summary>
/// MultiArchBuild's registry cache on the modern engine: a build writes one cache reference per arch to a real
/// registry, and a build on an engine whose build cache was pruned and whose images were removed (a fresh CI runner)
/// reads it back, so that BuildKit reports the heavy step CACHED instead of running it again.
/// </summary>
/// <param name="engine">The engine the fixture runs against.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
public sealed class CacheAcrossRunsSpecs(Engine engine) : IntegrationTest(engine)
{
    private const string HeavyStep = "RUN echo";
    private static readonly CpuArchitecture[] Archs = [CpuArchitecture.Amd64, CpuArchitecture.Arm64V8];

    private TestRegistry _registry = null!;
    private string _app = "";

    [OneTimeSetUp]
    public async Task StartRegistryAndWriteApp()
    {
        _registry = await TestRegistry.StartAsync();
        _app = Directory.CreateTempSubdirectory("multiarch-cache-").FullName;

        // RUN_ID makes the heavy step new to every cache on the first build of a test.
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"),
            "ARG BASE\nFROM ${BASE}\nARG RUN_ID\nRUN echo \"$RUN_ID\" > /run-id && dd if=/dev/zero bs=1M count=24 2>/dev/null | sha256sum > /heavy\n");
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        await Buildx.BuildxSpecs.RemoveLocalImagesOfAsync(_registry.Host);
        await _registry.DisposeAsync();
        Directory.Delete(_app, recursive: true);
    }

    /// <summary>The settings of one run; each run gets records of its own, as a fresh machine has none.</summary>
    private MultiArchBuildSettings Settings(string repository, string runId, RegistryCache cache) => new()
    {
        Image = $"{_registry.Host}/{repository}",
        Tag = "1.0",
        Architectures = [.. Archs],
        Context = _app,
        BaseImage = BusyboxBases.Repository + ":{arch}",
        QemuBaseTagPattern = "local/qemu-cache-{arch}",
        BuildArguments = { ["RUN_ID"] = runId },
        RegistryCache = cache,
        EnvironmentVariables = { [BuildRecords.CacheVariable] = Directory.CreateTempSubdirectory("multiarch-cache-records-").FullName },
    };

    /// <summary>What a fresh runner lacks: BuildKit's cache, and the images built.</summary>
    private async Task FreshEngineAsync(string repository)
    {
        await HostCommand.DockerAsync("builder", "prune", "-af");
        await HostCommand.RemoveLocalTagsAsync($"{_registry.Host}/{repository}");
    }

    [Test]
    public async Task A_build_writes_one_cache_per_arch_and_a_build_on_a_pruned_engine_reads_it_back_instead_of_running_the_heavy_step()
    {
        // Given a build with a registry cache, of a heavy step no cache holds yet
        var runId = Guid.NewGuid().ToString("N");
        var cache = new RegistryCache { Repository = $"{_registry.Host}/cached/app-cache" };
        var first = new TestCakeContext(_app);
        first.MultiArchBuild(Settings("cached/app", runId, cache));

        // Then the registry holds one cache reference per arch, and the first build ran the heavy step
        using var api = _registry.CreateApi();
        Assert.That(await api.ListTagsAsync("cached/app-cache"), Is.EquivalentTo(Archs.Select(a => $"buildcache-{a.Name}")));
        foreach (var arch in Archs)
        {
            Assert.That(BuildKitSteps.WasCached(first.Log.Lines, arch.Name, HeavyStep), Is.False, arch.Name);
        }

        // When the engine loses its build cache and images, and the same build runs again
        await FreshEngineAsync("cached/app");
        var second = new TestCakeContext(_app);
        var result = second.MultiArchBuild(Settings("cached/app", runId, cache));

        // Then each arch imported its own cache, and BuildKit reused the heavy step from it
        foreach (var arch in Archs)
        {
            Assert.That(second.Log.Lines, Has.Some.Contains($"importing cache manifest from {cache.ReferenceOf(arch)}"), arch.Name);
            Assert.That(BuildKitSteps.WasCached(second.Log.Lines, arch.Name, HeavyStep), Is.True, arch.Name);
        }

        Assert.That(result.ManifestList, Is.Not.Null);
    }

    [Test]
    public async Task A_read_only_cache_is_read_but_never_written()
    {
        // Given a cache written by a build of the main branch
        var runId = Guid.NewGuid().ToString("N");
        var cache = new RegistryCache { Repository = $"{_registry.Host}/readonly/app-cache" };
        new TestCakeContext(_app).MultiArchBuild(Settings("readonly/app", runId, cache));
        using var api = _registry.CreateApi();
        var written = await Task.WhenAll(Archs.Select(a => api.GetManifestAsync("readonly/app-cache", $"buildcache-{a.Name}")));

        // When a pull-request build on a fresh engine reads it read-only
        await FreshEngineAsync("readonly/app");
        var pullRequest = new TestCakeContext(_app);
        pullRequest.MultiArchBuild(Settings("readonly/app", runId, new RegistryCache { Repository = cache.Repository, ReadOnly = true }));

        // Then it reused the heavy step, and the cache references are the ones the main build wrote
        foreach (var arch in Archs)
        {
            Assert.That(BuildKitSteps.WasCached(pullRequest.Log.Lines, arch.Name, HeavyStep), Is.True, arch.Name);
        }

        Assert.That(pullRequest.Log.Lines, Has.None.Contains("exporting cache to registry"));
        var after = await Task.WhenAll(Archs.Select(a => api.GetManifestAsync("readonly/app-cache", $"buildcache-{a.Name}")));
        Assert.That(after.Select(m => m.Digest), Is.EqualTo(written.Select(m => m.Digest)));
        Assert.That(await api.ListTagsAsync("readonly/app-cache"), Has.Count.EqualTo(Archs.Length));
    }
}
