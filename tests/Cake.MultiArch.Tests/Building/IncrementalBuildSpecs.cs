using System.Text.Json;
using Cake.MultiArch.Building;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Building;

/// <summary>
/// Incremental builds against the real daemon: a build from unchanged inputs is skipped, a changed input or a lost
/// record builds again, and the add-in leaves no label of its own in the image (the inputs are recorded beside it).
/// </summary>
/// <param name="engine">The engine the fixture runs against.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
[TestFixture(Engine.Legacy)]
public sealed class IncrementalBuildSpecs(Engine engine) : IntegrationTest(engine)
{
    private string _work = "";
    private string _app = "";
    private string _cache = "";
    private string _image = "";

    [SetUp]
    public async Task WriteApp()
    {
        _work = Directory.CreateTempSubdirectory("multiarch-incremental-").FullName;
        _app = Path.Combine(_work, "app");
        _cache = Path.Combine(_work, "cache");
        Directory.CreateDirectory(_app);
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nCOPY greeting /greeting\nLABEL org.example.kind=test\n");
        await File.WriteAllTextAsync(Path.Combine(_app, "greeting"), "hello\n");
        _image = "cake-multiarch-test/incremental-" + Guid.NewGuid().ToString("N")[..12];
    }

    [TearDown]
    public async Task RemoveImageAndFolder()
    {
        await HostCommand.RunAsync("docker", ["image", "rm", $"{_image}:1.0-arm32v7"]);
        Directory.Delete(_work, recursive: true);
    }

    private ArchImage Build(TestCakeContext context) => context.BuildArchImage("arm32v7", new BuildArchImageSettings
    {
        Image = _image,
        Tag = "1.0",
        Context = _app,
        BaseImage = BusyboxBases.ImageFor("arm32v7"),
        Labels = { ["org.opencontainers.image.version"] = "1.0" },
        EnvironmentVariables = { [BuildRecords.CacheVariable] = _cache },
    });

    [Test]
    public async Task Unchanged_inputs_skip_the_build_and_the_image_carries_only_the_labels_asked_for()
    {
        // Given a built image
        var first = Build(new TestCakeContext(_app));

        // When the same build runs again
        var context = new TestCakeContext(_app);
        var second = Build(context);

        // Then it is skipped, and the image's labels are the Dockerfile's and the settings' only
        Assert.That((first.UpToDate, second.UpToDate), Is.EqualTo((false, true)));
        Assert.That(second.ImageId, Is.EqualTo(first.ImageId));
        Assert.That(context.Log.Lines, Has.Some.Contains("is up to date: built from the same inputs").And.None.Contains("docker build "));
        Assert.That(Directory.GetDirectories(Path.Combine(_cache, "builds")).Select(Path.GetFileName), Is.EqualTo(new[] { first.ImageId.Replace(':', '-') }));
        var inspect = await HostCommand.DockerAsync("image", "inspect", "--format", "{{json .Config.Labels}}", $"{_image}:1.0-arm32v7");
        var labels = JsonSerializer.Deserialize<Dictionary<string, string>>(inspect.StandardOutput)!;
        Assert.That(labels.Keys.Where(k => k.StartsWith("org.cakebuild.", StringComparison.Ordinal)), Is.Empty);
        Assert.That(labels, Does.ContainKey("org.example.kind").And.ContainKey("org.opencontainers.image.version"));
    }

    [Test]
    public void A_changed_context_file_or_a_lost_record_builds_again()
    {
        var first = Build(new TestCakeContext(_app));

        // A changed file: built again, into another image
        File.WriteAllText(Path.Combine(_app, "greeting"), "hello again\n");
        var changed = Build(new TestCakeContext(_app));
        Assert.That(changed.UpToDate, Is.False);
        Assert.That(changed.ImageId, Is.Not.EqualTo(first.ImageId));

        // The records gone (another machine's cache, a cleaned home): built again, from docker's layer cache, into
        // the same layers (the same image on 20.10; BuildKit's image also holds a provenance attestation, which records
        // the build's time); the run after that is skipped again
        var changedLayers = LayersOf(changed.ImageId);
        Directory.Delete(_cache, recursive: true);
        var rebuilt = Build(new TestCakeContext(_app));
        var again = Build(new TestCakeContext(_app));
        Assert.That(rebuilt.UpToDate, Is.False);
        Assert.That(LayersOf(rebuilt.ImageId), Is.EqualTo(changedLayers));
        if (!CurrentEngine.BuildKit)
        {
            Assert.That(rebuilt.ImageId, Is.EqualTo(changed.ImageId));
        }

        Assert.That(again.UpToDate, Is.True);
    }

    private static string LayersOf(string imageId) =>
        HostCommand.RunCheckedAsync("docker", ["image", "inspect", "--format", "{{json .RootFS.Layers}}", imageId]).GetAwaiter().GetResult().StandardOutput.Trim();
}
