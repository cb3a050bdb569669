using System.Diagnostics;
using System.Text.Json;
using Cake.MultiArch.Tests.Example.Templates;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Example;

/// <summary>
/// The example's fan-out templates run for real on this machine: each template's jobs in the order its CI would run
/// them (one checkout each, the build-script steps with the arch and variables the template gives them, the machine
/// setup steps left out), a folder standing in for the CI's artifact store, a real registry in place of the template's,
/// and the legacy engine building every arch (the stand-in bases of the example, made from Debian's busybox).
/// </summary>
[NonParallelizable]
public sealed class FanOutTemplateSpecs : RegistryIntegrationTest
{
    private string _workspace = "";
    private string _version = "";

    [OneTimeSetUp]
    public async Task PrepareWorkspaceAsync()
    {
        (_workspace, _version) = await PackedAddin.RestoredFolderAsync("cake-multiarch-fanout-");
    }

    [OneTimeTearDown]
    public async Task RemoveWorkspaceAsync()
    {
        foreach (var ci in FanOutTemplate.Files.Keys)
        {
            await HostCommand.RemoveLocalTagsAsync($"{Registry.Host}/fanout/{ci}");
        }

        if (Directory.Exists(_workspace))
        {
            Directory.Delete(_workspace, recursive: true);
        }
    }

    [TestCase("github")]
    [TestCase("azure")]
    [TestCase("travis")]
    public async Task Template_jobs_hand_their_publications_to_the_merge_which_lists_every_arch_at_its_published_digest(string ci)
    {
        // Given the template's jobs with this registry, an image of the CI's own and the tag 1.0
        var image = $"fanout/{ci}";
        var jobs = FanOutTemplate.Jobs(ci, new Dictionary<string, string>
        {
            ["REGISTRY"] = Registry.Host,
            ["IMAGE"] = image,
            ["TAG"] = "1.0",
            ["REGISTRY_USER"] = "",
            ["REGISTRY_PASSWORD"] = "",
        });
        var run = new FanOutRun(Directory.CreateDirectory(Path.Combine(_workspace, ci)).FullName, _version);
        using var api = Registry.CreateApi();

        // When every job runs, in order
        var watch = Stopwatch.StartNew();
        await run.RunAsync(jobs);
        TestContext.Progress.WriteLine($"Fan-out: the {ci} template's {jobs.Count} jobs took {watch.Elapsed.TotalSeconds:0.0}s");

        // Then the registry holds one list with an entry per arch, of its platform, at the digest its job published
        var published = Directory.EnumerateFiles(run.Store, "*.json", SearchOption.AllDirectories).Select(Publication).ToDictionary(p => p.Arch, p => p.Digest);
        Assert.That(published.Keys, Is.EquivalentTo(new[] { "amd64", "arm32v6", "arm32v7", "arm64v8" }));
        var list = await api.GetManifestAsync(image, "1.0");
        Assert.That(list.IsList, Is.True, list.MediaType);
        Assert.That(list.Images, Has.Count.EqualTo(4), list.Json);
        foreach (var (arch, digest) in published)
        {
            var expected = CpuArchitecture.Parse(arch);
            var entry = list.Images.SingleOrDefault(e => e.Digest == digest);
            Assert.That(entry, Is.Not.Null, $"no entry of the list is {arch}'s published {digest}:\n{list.Json}");
            Assert.That((entry!.Os, entry.Architecture, entry.Variant), Is.EqualTo((expected.Os, expected.OciArchitecture, expected.Variant)), arch);
        }
    }

    /// <summary>The arch and digest a job recorded in its publication file.</summary>
    private static (string Arch, string Digest) Publication(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        string Field(string name) => document.RootElement.EnumerateObject().Single(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value.GetString()!;
        return (CpuArchitecture.Parse(Field("architecture")).Name, Field("digest"));
    }
}
