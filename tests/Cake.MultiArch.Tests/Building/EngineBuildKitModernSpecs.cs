using Cake.MultiArch.Building;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Building;

/// <summary>
/// BuildMethod.EngineBuildKit and Auto on Docker 26 with the containerd image store: there docker build is BuildKit
/// already, so Auto keeps to it, and an explicit EngineBuildKit, which that store cannot serve, says what to set.
/// </summary>
/// <param name="engine">The modern engine.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
public sealed class EngineBuildKitModernSpecs(Engine engine) : IntegrationTest(engine)
{
    private string _app = "";
    private string _image = "";

    [SetUp]
    public async Task WriteApp()
    {
        _app = Directory.CreateTempSubdirectory("multiarch-buildkit-modern-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nRUN uname -m > /machine\n");
        _image = "cake-multiarch-test/buildkit-modern-" + Guid.NewGuid().ToString("N")[..12];
    }

    [TearDown]
    public async Task RemoveImagesAndFolder()
    {
        await HostCommand.RemoveLocalTagsAsync(_image);
        Directory.Delete(_app, recursive: true);
    }

    private BuildArchImageSettings Settings(BuildMethod method) => new()
    {
        Image = _image,
        Tag = method.ToString().ToLowerInvariant(),
        Context = _app,
        BaseImage = BusyboxBases.ImageFor("arm32v7"),
        BuildMethod = method,
        Force = true,
    };

    [Test]
    public async Task Auto_builds_with_docker_build_which_is_buildkit_on_this_engine()
    {
        var context = new TestCakeContext(_app);

        var image = context.BuildArchImage("arm32v7", Settings(BuildMethod.Auto));

        Assert.That(context.Log.Lines, Has.Some.Contains("docker build").And.None.Contains("(BuildKit through the Engine API)"));
        var run = await HostCommand.DockerAsync("run", "--rm", "--platform", "linux/arm/v7", image.Tag, "cat", "/machine");
        Assert.That(run.StandardOutput.Trim(), Is.EqualTo("armv7l"));
    }

    [Test]
    public void An_explicit_engine_buildkit_build_names_the_setting_that_works_here()
    {
        var error = Assert.Throws<MultiArchException>(() => new TestCakeContext(_app).BuildArchImage("arm32v7", Settings(BuildMethod.EngineBuildKit)));

        Assert.That(error!.Message, Does.Contain("containerd image store").And.Contain("BuildMethod = BuildMethod.DockerCli or Auto"));
    }
}
