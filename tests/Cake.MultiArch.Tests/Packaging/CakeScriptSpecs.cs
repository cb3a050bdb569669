using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Packaging;

/// <summary>End to end: the real <c>dotnet cake</c> loads the packed add-in with <c>#addin</c> and runs the pipeline.</summary>
/// <param name="engine">The engine the fixture runs against.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
[TestFixture(Engine.Legacy)]
public sealed class CakeScriptSpecs(Engine engine) : RegistryIntegrationTest(engine)
{
    [Test]
    public async Task A_build_cake_that_adds_the_packed_addin_publishes_a_four_arch_image()
    {
        // Given a user's build.cake and Dockerfile
        var folder = await PackedAddin.ScriptFolderAsync($$"""
            Task("Publish").Does(() =>
            {
                var result = MultiArchBuild(new MultiArchBuildSettings
                {
                    Image = "{{Registry.Host}}/e2e/hello",
                    Tag = "1.0",
                    Architectures = { "amd64", "arm32v6", "arm32v7", "arm64v8" },
                    Context = "./app",
                    BaseImage = "{{BusyboxBases.Repository}}:{arch}",
                    QemuBaseTagPattern = "local/qemu-e2e-{arch}",
                    BuildArguments = { ["GREETING"] = Argument("greeting", "hello") },
                });
                System.IO.File.WriteAllText("list-digest.txt", result.ManifestList.Digest);
            });
            RunTarget(Argument("target", "Publish"));
            """);
        Directory.CreateDirectory(Path.Combine(folder, "app"));
        await File.WriteAllTextAsync(Path.Combine(folder, "app", "Dockerfile"), "ARG BASE\nFROM ${BASE}\nARG GREETING\nRUN echo \"$GREETING from $(uname -m)\" > /greeting\n");

        // When
        var run = await PackedAddin.RunCakeAsync(folder, "--greeting=hi there");

        // Then
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe());
        Assert.That(run.StandardOutput, Does.Contain("arm32v6").And.Contain("linux/arm/v6").And.Contain("pushed"));
        using var api = Registry.CreateApi();
        var manifest = await api.GetManifestAsync("e2e/hello", "1.0");
        Assert.That(manifest.Digest, Is.EqualTo(await File.ReadAllTextAsync(Path.Combine(folder, "list-digest.txt"))));
        Assert.That(manifest.Images.Select(e => e.Platform), Is.EquivalentTo(new[] { "linux/amd64", "linux/arm/v6", "linux/arm/v7", "linux/arm64/v8" }));
        Assert.That(manifest.Attestations, Has.Count.EqualTo(CurrentEngine.BuildKit ? 4 : 0));
    }

    [Test]
    public async Task A_failing_pipeline_ends_dotnet_cake_with_a_non_zero_exit_and_the_fix()
    {
        var folder = await PackedAddin.ScriptFolderAsync($$"""
            MultiArchBuild(new MultiArchBuildSettings
            {
                Image = "{{Registry.Host}}/e2e/broken",
                Tag = "1.0",
                Architectures = { "arm32v7" },
                Context = "./missing",
            });
            """);

        var run = await PackedAddin.RunCakeAsync(folder);

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.StandardError + run.StandardOutput, Does.Contain("The build context").And.Contain("does not exist"));
        using var api = Registry.CreateApi();
        Assert.That(await api.TryGetManifestAsync("e2e/broken", "1.0"), Is.Null);
    }
}
