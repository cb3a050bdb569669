using System.Text.Json;
using Cake.MultiArch.Building;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Releasing;

/// <summary>
/// MultiArchTags's result taken by MultiArchBuild, end to end: a project in a real git repository, built for two
/// architectures into a real registry, whose list carries every tag and the annotations, and whose images the labels.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TaggedBuildSpecs : IntegrationTest
{
    private static readonly DateTimeOffset Committed = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private TestRegistry _registry = null!;
    private GitRepository _project = null!;
    private string _cache = "";

    [OneTimeSetUp]
    public async Task StartRegistryAndCommitProject()
    {
        _registry = await TestRegistry.StartAsync();
        _project = await GitRepository.CreateAsync("main", Committed);
        await File.WriteAllTextAsync(Path.Combine(_project.Path, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nRUN echo tagged > /tagged\n");
        await _project.GitAsync("add", "Dockerfile");
        await _project.CommitAsync("Dockerfile", Committed);
        _cache = Directory.CreateTempSubdirectory("multiarch-tagged-records-").FullName;
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        await _registry.DisposeAsync();
        _project.Dispose();
        Directory.Delete(_cache, recursive: true);
        await HostCommand.RemoveLocalTagsAsync($"{_registry.Host}/tagged/app");
    }

    [Test]
    public async Task The_list_gets_every_tag_and_the_annotations_and_each_image_the_labels()
    {
        // Given
        var context = TestCakeContext.OnCi();
        context.Environment.WorkingDirectory = _project.Path;
        context.Environment.Variables["SOURCE_DATE_EPOCH"] = null;
        var revision = await _project.GitAsync("rev-parse", "HEAD");
        var tags = context.MultiArchTags(new MultiArchTagsSettings { Image = $"{_registry.Host}/tagged/app", Version = "v1.0.0" });

        // When
        var result = context.MultiArchBuild(new MultiArchBuildSettings
        {
            Architectures = { "amd64", "arm64v8" },
            Context = _project.Path,
            BaseImage = BusyboxBases.Repository + ":{arch}",
            QemuBaseTagPattern = "local/qemu-tagged-{arch}",
            EnvironmentVariables = { [BuildRecords.CacheVariable] = _cache },
        }.UseTags(tags));

        // Then: every tag names the list, which carries the annotations
        using var api = _registry.CreateApi();
        Assert.That(await api.ListTagsAsync("tagged/app"), Is.SupersetOf(new[] { "1.0.0", "1.0", "1", "latest", "main", "sha-" + revision[..7] }));
        foreach (var tag in tags.AllTags)
        {
            var list = await api.GetManifestAsync("tagged/app", tag);
            Assert.That(list.Digest, Is.EqualTo(result.ManifestList!.Digest), tag);
            Assert.That(list.Annotations, Is.SupersetOf(tags.Annotations), tag);
        }

        // And each image's config carries the labels, created at the commit's time
        Assert.That(tags.Labels["org.opencontainers.image.created"], Is.EqualTo("2024-05-01T12:00:00Z"));
        foreach (var arch in result.Architectures)
        {
            var image = await api.GetImageManifestAsync("tagged/app", arch.Digest!);
            var config = await api.GetConfigAsync("tagged/app", image.ConfigDigest!);
            var labels = JsonDocument.Parse(config.Json).RootElement.GetProperty("config").GetProperty("Labels")
                .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            Assert.That(labels, Is.SupersetOf(tags.Labels), arch.Tag);
        }
    }
}
