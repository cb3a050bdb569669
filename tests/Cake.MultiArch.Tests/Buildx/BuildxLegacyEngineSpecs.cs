using Cake.MultiArch.Buildx;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Buildx;

/// <summary>
/// BuildxMultiArch on dockerd 20.10 (classic image store), with and without the buildx plugin in the client's config
/// folder: buildx's docker driver refuses a multi-platform build and a cache export there, and the failures say how to
/// get past them.
/// </summary>
[NonParallelizable]
[TestFixture(Infrastructure.Engine.Legacy)]
public sealed class BuildxLegacyEngineSpecs(Engine engine) : IntegrationTest(engine)
{
    private string _app = "";
    private string _withPlugin = "";
    private string _withoutPlugin = "";

    [OneTimeSetUp]
    public async Task WriteAppAndConfigs()
    {
        _app = Directory.CreateTempSubdirectory("multiarch-buildx-legacy-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "FROM scratch\nCOPY Dockerfile /Dockerfile\n");
        _withPlugin = Directory.CreateTempSubdirectory("multiarch-buildx-config-").FullName;
        TestEngine.LinkBuildxPlugin(_withPlugin);
        _withoutPlugin = Directory.CreateTempSubdirectory("multiarch-nobuildx-config-").FullName;
    }

    [OneTimeTearDown]
    public void RemoveAppAndConfigs()
    {
        foreach (var directory in new[] { _app, _withPlugin, _withoutPlugin })
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private BuildxMultiArchSettings Settings(string config, Action<BuildxMultiArchSettings> change)
    {
        var settings = new BuildxMultiArchSettings { Image = "127.0.0.1:9/never/pushed", Context = _app, ConfigDirectory = config };
        change(settings);
        return settings;
    }

    [Test]
    public void A_multi_platform_build_on_the_classic_image_store_names_the_containerd_store_and_a_container_builder()
    {
        var exception = Assert.Throws<MultiArchException>(() => new TestCakeContext(_app).BuildxMultiArch(Settings(_withPlugin, _ => { })));

        Assert.That(exception!.Message, Does.Contain("builds one platform at a time")
            .And.Contain("\"containerd-snapshotter\": true")
            .And.Contain("BuildxCreateBuilder")
            .And.Contain("MultiArchBuild"));
    }

    [Test]
    public void A_cache_export_on_the_classic_image_store_names_the_fixes()
    {
        var exception = Assert.Throws<MultiArchException>(() => new TestCakeContext(_app).BuildxMultiArch(Settings(_withPlugin, s =>
        {
            s.Architectures = [CpuArchitecture.Amd64];
            s.CacheTo = ["type=registry,ref=127.0.0.1:9/never/cache"];
        })));

        Assert.That(exception!.Message, Does.Contain("cannot export a cache (CacheTo, RegistryCache)")
            .And.Contain("\"containerd-snapshotter\": true")
            .And.Contain("leave CacheTo empty"));
    }

    [Test]
    public void A_docker_client_without_the_plugin_is_told_how_to_install_it()
    {
        var exception = Assert.Throws<MultiArchException>(() => new TestCakeContext(_app).BuildxMultiArch(Settings(_withoutPlugin, _ => { })));

        Assert.That(exception!.Message, Does.Contain("has no buildx plugin").And.Contain("cli-plugins").And.Contain("MultiArchBuild"));
    }
}
