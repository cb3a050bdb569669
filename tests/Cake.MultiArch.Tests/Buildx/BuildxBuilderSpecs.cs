using Cake.MultiArch.Buildx;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Buildx;

/// <summary>
/// BuildxCreateBuilder against the real buildx plugin on dockerd 26, which reaches no Docker Hub: the docker-container
/// driver cannot start BuildKit without its image, and buildx's docker driver builds with the daemon's own BuildKit.
/// Builders live in the fixture's own DOCKER_CONFIG, so none outlives it.
/// </summary>
[NonParallelizable]
[TestFixture(Infrastructure.Engine.Modern)]
public sealed class BuildxBuilderSpecs(Engine engine) : IntegrationTest(engine)
{
    private TestRegistry _registry = null!;
    private string _name = "";

    [OneTimeSetUp]
    public async Task StartRegistry() => _registry = await TestRegistry.StartAsync();

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        await BuildxSpecs.RemoveLocalImagesOfAsync(_registry.Host);
        await _registry.DisposeAsync();
    }

    [SetUp]
    public void NameTheBuilder() => _name = "cake-multiarch-" + Guid.NewGuid().ToString("N")[..10];

    [TearDown]
    public async Task RemoveTheBuilder() => await HostCommand.RunAsync("docker", ["buildx", "rm", _name]);

    [Test]
    public async Task The_docker_container_driver_without_moby_buildkit_fails_naming_the_image_and_the_fixes_and_leaves_no_builder()
    {
        var context = new TestCakeContext();

        var exception = Assert.Throws<MultiArchException>(() => context.BuildxCreateBuilder(new BuildxBuilderSettings { Name = _name }));

        Assert.That(exception!.Message, Does.StartWith("`docker buildx create` failed")
            .And.Contain("runs BuildKit in a container of the image moby/buildkit:buildx-stable-1 from Docker Hub, and the daemon could not pull it")
            .And.Contain("DriverOptions[\"image\"]")
            .And.Contain("buildx's docker driver (leave Builder empty"));
        Assert.That((await HostCommand.RunAsync("docker", ["buildx", "inspect", _name])).Succeeded, Is.False, "the half-made builder was removed");
    }

    [Test]
    public async Task A_buildkit_image_option_that_the_registry_lacks_is_named_in_the_failure()
    {
        var context = new TestCakeContext();
        var mirror = $"{_registry.Host}/mirror/buildkit:absent";

        var exception = Assert.Throws<MultiArchException>(() => context.BuildxCreateBuilder(new BuildxBuilderSettings
        {
            Name = _name,
            DriverOptions = { ["image"] = mirror },
        }));

        Assert.That(exception!.Message, Does.Contain($"container of the image {mirror}, and the daemon could not pull it"));
        Assert.That((await HostCommand.RunAsync("docker", ["buildx", "inspect", _name])).Succeeded, Is.False);
    }

    [Test]
    public void The_docker_driver_is_refused_for_a_new_name_with_the_reason()
    {
        var context = new TestCakeContext();

        var exception = Assert.Throws<MultiArchException>(() => context.BuildxCreateBuilder(new BuildxBuilderSettings { Name = _name, Driver = "docker" }));

        Assert.That(exception!.Message, Does.Contain($"cannot create '{_name}' with the docker driver")
            .And.Contain("one docker-driver builder per docker context")
            .And.Contain("docker context ls"));
    }

    [Test]
    public async Task The_docker_driver_builder_of_the_context_is_selected_and_builds_every_platform()
    {
        // Given a docker context (the default one) whose docker-driver builder buildx made by itself
        var context = new TestCakeContext();

        // When the context's own docker-driver builder is asked for by name
        context.BuildxCreateBuilder(new BuildxBuilderSettings { Name = "default", Driver = "docker" });

        // Then it is the current builder and builds two platforms into the registry
        var current = await HostCommand.DockerAsync("buildx", "inspect");
        Assert.That(current.StandardOutput, Does.Match(@"Name:\s+default\n").And.Match(@"Driver:\s+docker\n"));
        var app = Directory.CreateTempSubdirectory("multiarch-buildx-default-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(app, "Dockerfile"), "FROM scratch\nARG TARGETARCH\nCOPY Dockerfile /built-for-${TARGETARCH}\n");
            var image = context.BuildxMultiArch(new BuildxMultiArchSettings
            {
                Image = $"{_registry.Host}/default/app",
                Context = app,
                Builder = "default",
                Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm64V8],
            });

            using var api = _registry.CreateApi();
            var list = await api.GetManifestAsync("default/app", "latest");
            Assert.That(list.Digest, Is.EqualTo(image.Digest));
            Assert.That(list.Entries.Select(e => e.Platform), Is.SupersetOf(new[] { "linux/amd64", "linux/arm64" }));
        }
        finally
        {
            Directory.Delete(app, recursive: true);
        }
    }
}
