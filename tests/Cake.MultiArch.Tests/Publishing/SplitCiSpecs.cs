using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Publishing;

/// <summary>
/// A CI matrix in miniature: each arch's job is its own <c>dotnet cake</c> process that pushes by digest and writes its
/// publication file; a final process merges the files into the list. Read back through the registry's HTTP API.
/// </summary>
/// <param name="engine">The engine the fixture runs against.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
[TestFixture(Engine.Legacy)]
public sealed class SplitCiSpecs(Engine engine) : RegistryIntegrationTest(engine)
{
    private async Task<string> ScriptAsync() => await PackedAddin.ScriptFolderAsync($$"""
        var arch = Argument("arch", "");
        var repository = Argument("repository", "split/app");
        Task("PublishArch").Does(() => MultiArchBuild(new MultiArchBuildSettings
        {
            Image = "{{Registry.Host}}/" + repository,
            Tag = "1.0",
            Architectures = { arch },
            Context = "app",
            BaseImage = "{{BusyboxBases.Repository}}:{arch}",
            QemuBaseTagPattern = "local/qemu-split-{arch}",
            PushManifestList = false,
            PublicationDirectory = "publications/" + arch,
        }));
        Task("Merge").Does(() => MergeArchPublications("publications", new MergePublicationsSettings
        {
            ExpectedArchitectures = { "amd64", "arm32v6", "arm32v7", "arm64v8" },
        }));
        RunTarget(Argument("target", "PublishArch"));
        """);

    private static async Task WriteAppAsync(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "app"));
        await File.WriteAllTextAsync(Path.Combine(folder, "app", "Dockerfile"), "ARG BASE\nFROM ${BASE}\nRUN uname -m > /machine\n");
    }

    private static string CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal), overwrite: true);
        }

        return to;
    }

    [Test]
    public async Task Per_arch_processes_and_a_merge_publish_the_four_arch_list_by_digest()
    {
        // Given
        var folder = await ScriptAsync();
        await WriteAppAsync(folder);
        using var api = Registry.CreateApi();

        // When each arch runs as its own job on its own runner (its own copy of the checkout), two at a time
        string[] archs = ["amd64", "arm32v6", "arm32v7", "arm64v8"];
        foreach (var pair in archs.Chunk(2))
        {
            var runs = await Task.WhenAll(pair.Select(async a =>
            {
                var runnerFolder = CopyFolder(folder, $"{folder}-{a}");
                var run = await PackedAddin.RunCakeAsync(runnerFolder, "--target=PublishArch", $"--arch={a}");

                // The CI keeps the job's publication as an artifact; the merge job downloads it.
                if (run.ExitCode == 0)
                {
                    CopyFolder(Path.Combine(runnerFolder, "publications", a), Path.Combine(folder, "publications", a));
                }

                return run;
            }));
            Assert.That(runs.Select(r => r.ExitCode), Is.All.EqualTo(0), string.Join("\n", runs.Select(r => r.Describe())));
        }

        // Then nothing is listed before the merge
        Assert.That(await api.TryGetManifestAsync("split/app", "1.0"), Is.Null);

        // When the final job merges
        var merge = await PackedAddin.RunCakeAsync(folder, "--target=Merge");

        // Then the list holds the four platforms at the digests the jobs recorded
        Assert.That(merge.ExitCode, Is.EqualTo(0), merge.Describe());
        var recorded = archs.Select(a => File.ReadAllText(Path.Combine(folder, "publications", a, a + ".json"))).ToArray();
        var manifest = await api.GetManifestAsync("split/app", "1.0");
        Assert.That(manifest.Images.Select(e => e.Platform), Is.EquivalentTo(new[] { "linux/amd64", "linux/arm/v6", "linux/arm/v7", "linux/arm64/v8" }));
        Assert.That(manifest.Attestations.Select(a => a.AttestedDigest), Is.EquivalentTo(CurrentEngine.BuildKit ? manifest.Images.Select(i => i.Digest) : []));
        var recordedImages = new List<string>();
        foreach (var text in recorded)
        {
            // The job records what it pushed: on the modern engine BuildKit's index, listed by its platform's image
            using var document = System.Text.Json.JsonDocument.Parse(text);
            var digest = document.RootElement.EnumerateObject().Single(p => p.Name.Equals("digest", StringComparison.OrdinalIgnoreCase)).Value.GetString()!;
            recordedImages.Add((await api.GetImageManifestAsync("split/app", digest)).Digest);
        }

        Assert.That(manifest.Images.Select(e => e.Digest), Is.EquivalentTo(recordedImages));
    }

    [Test]
    public async Task A_merge_with_an_arch_missing_pushes_no_list_and_names_the_arch()
    {
        var folder = await ScriptAsync();
        await WriteAppAsync(folder);
        var only = await PackedAddin.RunCakeAsync(folder, "--target=PublishArch", "--arch=arm64v8", "--repository=split/partial");
        Assert.That(only.ExitCode, Is.EqualTo(0), only.Describe());

        var merge = await PackedAddin.RunCakeAsync(folder, "--target=Merge", "--repository=split/partial");

        Assert.That(merge.ExitCode, Is.Not.EqualTo(0));
        Assert.That(merge.StandardOutput + merge.StandardError, Does.Contain("no publication for amd64, arm32v6, arm32v7"));
        using var api = Registry.CreateApi();
        Assert.That(await api.TryGetManifestAsync("split/partial", "1.0"), Is.Null);
    }
}
