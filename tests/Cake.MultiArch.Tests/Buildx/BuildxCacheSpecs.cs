using Cake.MultiArch.Publishing;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Buildx;

/// <summary>
/// BuildxMultiArch's registry cache on dockerd 26 (buildx's docker driver, containerd image store): a cache-only bake
/// target per arch writes each arch's own cache reference, the one multi-platform build still pushes one index with a
/// provenance attestation per image, and a build on a pruned engine reads each arch's cache back.
/// </summary>
/// <param name="engine">The engine the fixture runs against.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
public sealed class BuildxCacheSpecs(Engine engine) : IntegrationTest(engine)
{
    private const string HeavyStep = "RUN echo";
    private static readonly CpuArchitecture[] Archs = [CpuArchitecture.Amd64, CpuArchitecture.Arm64V8];

    private TestRegistry _registry = null!;
    private string _app = "";
    private string _base = "";

    [OneTimeSetUp]
    public async Task StartRegistryAndWriteApp()
    {
        _registry = await TestRegistry.StartAsync();
        _app = Directory.CreateTempSubdirectory("multiarch-buildx-cache-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"),
            "ARG BASE\nFROM ${BASE}\nARG RUN_ID\nRUN echo \"$RUN_ID\" > /run-id && dd if=/dev/zero bs=1M count=24 2>/dev/null | sha256sum > /heavy\n");

        // One multi-platform base in the registry, joined from the busybox bases: buildx builds every platform FROM it.
        var context = new TestCakeContext(_app);
        var bases = new List<PushedImage>();
        foreach (var arch in Archs)
        {
            var tag = $"{_registry.Host}/bases/busybox:{arch.Name}";
            await HostCommand.DockerAsync("tag", BusyboxBases.Repository + ":" + arch.Name, tag);
            bases.Add(context.PushArchImage(tag, arch, new PushArchImageSettings()));
        }

        _base = $"{_registry.Host}/bases/busybox:multi";
        context.PushManifest(_base, bases, new PushManifestSettings { ManifestMethod = ManifestMethod.Registry });
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        await BuildxSpecs.RemoveLocalImagesOfAsync(_registry.Host);
        await _registry.DisposeAsync();
        Directory.Delete(_app, recursive: true);
    }

    private BuildxMultiArchSettings Settings(string runId, RegistryCache cache) => new()
    {
        Image = $"{_registry.Host}/buildx/app",
        Tag = "1",
        Architectures = [.. Archs],
        Context = _app,
        BuildArguments = { ["BASE"] = _base, ["RUN_ID"] = runId },
        Provenance = true,
        RegistryCache = cache,
    };

    [Test]
    public async Task Each_arch_writes_its_own_cache_the_list_keeps_its_provenance_and_a_pruned_engine_reads_the_caches_back()
    {
        // Given a heavy step no cache holds yet
        var runId = Guid.NewGuid().ToString("N");
        var cache = new RegistryCache { Repository = $"{_registry.Host}/buildx/app-cache" };

        // When
        var first = new TestCakeContext(_app);
        var image = first.BuildxMultiArch(Settings(runId, cache));

        // Then one cache reference per arch, written by that arch's own cache-only target, which ran the heavy step
        using var api = _registry.CreateApi();
        Assert.That(await api.ListTagsAsync("buildx/app-cache"), Is.EquivalentTo(Archs.Select(a => $"buildcache-{a.Name}")));
        foreach (var arch in Archs)
        {
            Assert.That(BuildKitSteps.WasCached(first.Log.Lines, arch.Name, HeavyStep), Is.False, arch.Name);
        }

        // And one pushed index, every platform with its provenance, as without a cache; its build found every step cached
        var list = await api.GetManifestAsync("buildx/app", "1");
        Assert.That(list.Digest, Is.EqualTo(image.Digest));
        Assert.That(list.Images, Has.Count.EqualTo(Archs.Length));
        Assert.That(list.Attestations, Has.Count.EqualTo(Archs.Length));
        foreach (var arch in Archs)
        {
            Assert.That(BuildKitSteps.WasCached(first.Log.Lines, arch.Platform, HeavyStep), Is.True, arch.Platform);
        }

        // When the engine loses its build cache and images, and the build runs again
        await HostCommand.DockerAsync("builder", "prune", "-af");
        await BuildxSpecs.RemoveLocalImagesOfAsync(_registry.Host);
        var second = new TestCakeContext(_app);
        second.BuildxMultiArch(Settings(runId, cache));

        // Then each arch's target read its own cache and reused the heavy step
        foreach (var arch in Archs)
        {
            Assert.That(second.Log.Lines, Has.Some.Contains($"importing cache manifest from {cache.ReferenceOf(arch)}"), arch.Name);
            Assert.That(BuildKitSteps.WasCached(second.Log.Lines, arch.Name, HeavyStep), Is.True, arch.Name);
        }
    }

    [Test]
    public async Task A_read_only_cache_is_read_by_the_one_build_and_nothing_is_written()
    {
        // Given
        var cache = new RegistryCache { Repository = $"{_registry.Host}/buildx/pr-cache", ReadOnly = true };

        // When
        var context = new TestCakeContext(_app);
        context.BuildxMultiArch(Settings(Guid.NewGuid().ToString("N"), cache));

        // Then no cache-only bake ran and the registry holds no cache
        Assert.That(context.Log.Lines, Has.None.Contains("buildx bake"));
        Assert.That(context.Log.Lines, Has.None.Contains("exporting cache to registry"));
        using var api = _registry.CreateApi();
        Assert.That(await api.ListTagsAsync("buildx/pr-cache").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : []), Is.Empty);
    }
}
