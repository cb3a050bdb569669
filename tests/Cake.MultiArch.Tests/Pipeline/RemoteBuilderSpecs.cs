using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Pipeline;

/// <summary>Per-arch builders: an arch routed to another daemon is built and pushed there; the list joins them all.</summary>
[NonParallelizable]
public sealed class RemoteBuilderSpecs : IntegrationTest
{
    private TestRegistry _registry = null!;
    private SecondDockerDaemon _remote = null!;
    private string _app = "";

    [OneTimeSetUp]
    public async Task StartRegistryAndSecondDaemon()
    {
        _registry = await TestRegistry.StartAsync();
        _remote = await SecondDockerDaemon.StartAsync();
        _app = Directory.CreateTempSubdirectory("multiarch-remote-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nRUN uname -m > /machine\n");

        // The remote machine has its own base images, as a real one would.
        var context = Path.Combine(_app, "base");
        Directory.CreateDirectory(context);
        File.Copy(BusyboxBases.Arm64V8.BusyboxPath, Path.Combine(context, "busybox"));
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n");
        var built = await _remote.DockerAsync("build", "--platform", "linux/arm64", "--tag", BusyboxBases.ImageFor("arm64v8"), context);
        Assert.That(built.Succeeded, built.Describe());
    }

    [OneTimeTearDown]
    public async Task StopAll()
    {
        await _remote.DisposeAsync();
        await _registry.DisposeAsync();
        Directory.Delete(_app, recursive: true);
    }

    [Test]
    public async Task Each_arch_is_built_and_pushed_by_the_daemon_it_was_routed_to()
    {
        // Given arm64v8 routed to the second daemon, amd64 left on the default one
        var image = $"{_registry.Host}/remote/app";
        var context = new TestCakeContext(_app);

        // When
        var result = context.MultiArchBuild(new MultiArchBuildSettings
        {
            Image = image,
            Tag = "1",
            Architectures = { "amd64", "arm64v8" },
            BaseImage = BusyboxBases.Repository + ":{arch}",
            QemuBaseTagPattern = "local/qemu-remote-{arch}",
            Builders = { ["arm64v8"] = new ArchBuilder { DockerHost = _remote.Host } },
        });

        // Then each image exists on its own daemon only
        Assert.That((await _remote.DockerAsync("image", "inspect", $"{image}:1-arm64v8")).Succeeded, Is.True, "arm64v8 was not built by the second daemon");
        Assert.That((await HostCommand.RunAsync("docker", ["image", "inspect", $"{image}:1-arm64v8"])).Succeeded, Is.False, "arm64v8 was built by the default daemon");
        Assert.That((await HostCommand.RunAsync("docker", ["image", "inspect", $"{image}:1-amd64"])).Succeeded, Is.True, "amd64 was not built by the default daemon");
        Assert.That((await _remote.DockerAsync("image", "inspect", $"{image}:1-amd64")).Succeeded, Is.False, "amd64 was built by the second daemon");
        Assert.That(context.Log.Lines, Has.Some.Contains($"arm64v8 builds on {_remote.Host}"));

        // And the list joins both, at the digests each daemon pushed
        using var api = _registry.CreateApi();
        var manifest = await api.GetManifestAsync("remote/app", "1");
        Assert.That(manifest.Entries.Select(e => (e.Platform, e.Digest)), Is.EquivalentTo(result.Architectures.Select(a =>
            (a.Architecture == CpuArchitecture.Arm64V8 ? "linux/arm64/v8" : a.Platform, a.Digest!))));
    }

    [Test]
    public void A_builder_whose_daemon_does_not_answer_is_named_before_anything_is_built()
    {
        var context = new TestCakeContext(_app);

        var exception = Assert.Throws<MultiArchException>(() => context.MultiArchBuild(new MultiArchBuildSettings
        {
            Image = $"{_registry.Host}/remote/down",
            Tag = "1",
            Architectures = { "amd64", "arm64v8" },
            BaseImage = BusyboxBases.Repository + ":{arch}",
            Builders = { ["arm64v8"] = new ArchBuilder { DockerHost = "unix:///run/cake-multiarch-no-such-daemon.sock" } },
        }));

        Assert.That(exception!.Message, Does.Contain("[Daemon]").And.Contain("unix:///run/cake-multiarch-no-such-daemon.sock").And.Contain("arm64v8"));
        Assert.That(context.Log.Lines, Has.None.Contains("Building"));
    }
}
