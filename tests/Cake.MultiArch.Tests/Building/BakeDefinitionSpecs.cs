using System.Text.Json;
using Cake.MultiArch.Building;

namespace Cake.MultiArch.Tests.Building;

/// <summary>The bake file MultiArchBuild hands to <c>docker buildx bake</c>, and what it reads back from bake's metadata.</summary>
public sealed class BakeDefinitionSpecs
{
    private static readonly BuildSources Sources = new("/src/app", "/src/app/Dockerfile");

    private static BuildArchImageSettings Settings() => new()
    {
        Image = "registry.example/app",
        Tag = "1.0",
        BuildArguments = { ["VERSION"] = "1.0" },
        Labels = { ["org.opencontainers.image.version"] = "1.0" },
        CacheFrom = { "type=registry,ref=registry.example/app:cache" },
    };

    [Test]
    public void Each_arch_is_a_target_of_its_own_platform_base_and_tags_and_the_default_group_names_them_all()
    {
        var definition = BakeDefinition.For(
            Settings(),
            [
                (CpuArchitecture.Amd64, ["registry.example/app:1.0-amd64"], "amd64/alpine:3.20"),
                (CpuArchitecture.Arm32V7, ["registry.example/app:1.0-arm32v7", "registry.example/app:latest-arm32v7"], "arm32v7/alpine:3.20"),
            ],
            Sources);

        using var json = JsonDocument.Parse(definition.ToJson());
        var arm = json.RootElement.GetProperty("target").GetProperty("arm32v7");
        Assert.That(arm.GetProperty("platforms").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "linux/arm/v7" }));
        Assert.That(arm.GetProperty("args").GetProperty("BASE").GetString(), Is.EqualTo("arm32v7/alpine:3.20"));
        Assert.That(arm.GetProperty("args").GetProperty("VERSION").GetString(), Is.EqualTo("1.0"));
        Assert.That(arm.GetProperty("tags").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "registry.example/app:1.0-arm32v7", "registry.example/app:latest-arm32v7" }));
        Assert.That(arm.GetProperty("labels").GetProperty("org.opencontainers.image.version").GetString(), Is.EqualTo("1.0"));
        Assert.That(arm.GetProperty("cache-from")[0].GetString(), Is.EqualTo("type=registry,ref=registry.example/app:cache"));
        Assert.That(arm.GetProperty("output")[0].GetString(), Is.EqualTo("type=image,push=true"));
        Assert.That(arm.GetProperty("context").GetString(), Is.EqualTo("/src/app"));
        Assert.That(arm.GetProperty("dockerfile").GetString(), Is.EqualTo("/src/app/Dockerfile"));
        Assert.That(arm.TryGetProperty("target", out _), Is.False);
        Assert.That(json.RootElement.GetProperty("target").GetProperty("amd64").GetProperty("args").GetProperty("BASE").GetString(), Is.EqualTo("amd64/alpine:3.20"));
        Assert.That(json.RootElement.GetProperty("group").GetProperty("default").GetProperty("targets").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "amd64", "arm32v7" }));
    }

    [Test]
    public void A_shared_build_is_one_target_of_every_platform_from_the_one_base_pushed_to_the_one_tag()
    {
        var definition = BakeDefinition.Shared(
            Settings(), [CpuArchitecture.Amd64, CpuArchitecture.Arm32V6, CpuArchitecture.Arm64V8], "alpine:3.20", "registry.example/app:1.0", Sources);

        var target = definition.Target.Single();
        Assert.That(target.Key, Is.EqualTo(BakeDefinition.SharedTarget));
        Assert.That(target.Value.Platforms, Is.EqualTo(new[] { "linux/amd64", "linux/arm/v6", "linux/arm64" }));
        Assert.That(target.Value.Args, Is.EqualTo(new Dictionary<string, string> { ["BASE"] = "alpine:3.20", ["VERSION"] = "1.0" }));
        Assert.That(target.Value.Tags, Is.EqualTo(new[] { "registry.example/app:1.0" }));
        Assert.That(target.Value.Output, Is.EqualTo(new[] { "type=image,push=true" }));
        Assert.That(definition.Group["default"].Targets, Is.EqualTo(new[] { BakeDefinition.SharedTarget }));
    }

    [Test]
    public void A_build_without_a_base_passes_no_base_argument_and_the_stage_and_switches_are_kept_and_it_is_pushed()
    {
        var settings = Settings();
        settings.Target = "runtime";
        settings.NoCache = true;
        settings.Pull = true;

        var target = BakeDefinition.For(settings, [(CpuArchitecture.Arm64V8, ["registry.example/app:1.0-arm64v8"], null)], Sources).Target["arm64v8"];

        Assert.That(target.Args.Keys, Is.EqualTo(new[] { "VERSION" }));
        Assert.That((target.BuildTarget, target.NoCache, target.Pull), Is.EqualTo(("runtime", true, true)));
        Assert.That(target.Output, Is.EqualTo(new[] { "type=image,push=true" }));
    }

    [TestCase("${HOME}", "$${HOME}")]
    [TestCase("%{ if x }", "%%{ if x }")]
    [TestCase("plain $HOME and 100%", "plain $HOME and 100%")]
    public void Values_are_escaped_so_that_bake_does_not_interpolate_them(string value, string written) =>
        Assert.That(BakeDefinition.Literal(value), Is.EqualTo(written));

    [Test]
    public void The_metadata_gives_each_target_its_digest_and_skips_targets_without_one()
    {
        const string metadata = """
            {
              "amd64": { "containerimage.digest": "sha256:aaa", "image.name": "r/app:1-amd64" },
              "arm32v7": { "containerimage.descriptor": { "digest": "sha256:bbb" }, "containerimage.digest": "sha256:bbb" },
              "buildx.build.warnings": [],
              "arm64v8": { "buildx.build.ref": "default/default/x" }
            }
            """;

        Assert.That(BakeMetadata.Digests(metadata), Is.EqualTo(new Dictionary<string, string> { ["amd64"] = "sha256:aaa", ["arm32v7"] = "sha256:bbb" }));
    }

    [Test]
    public void The_bake_command_reads_the_file_and_writes_the_metadata_with_plain_progress() =>
        Assert.That(
            BuildCommands.Bake("/tmp/b/docker-bake.json", "/tmp/b/metadata.json"),
            Is.EqualTo(new[] { "buildx", "bake", "--file", "/tmp/b/docker-bake.json", "--metadata-file", "/tmp/b/metadata.json", "--progress", "plain" }));
    [Test]
    public void With_a_registry_cache_each_arch_target_reads_and_writes_its_own_cache_and_the_shared_target_none()
    {
        // Given
        var settings = Settings();
        settings.RegistryCache = new RegistryCache { Repository = "registry.example/app-cache", Scope = "main" };

        // When
        var definition = BakeDefinition.For(
            settings,
            [(CpuArchitecture.Amd64, ["registry.example/app:1.0-amd64"], null), (CpuArchitecture.Arm64V8, ["registry.example/app:1.0-arm64v8"], null)],
            Sources);
        var shared = BakeDefinition.Shared(settings, [CpuArchitecture.Amd64, CpuArchitecture.Arm64V8], null, "registry.example/app:1.0", Sources);

        // Then
        using var json = JsonDocument.Parse(definition.ToJson());
        foreach (var arch in new[] { "amd64", "arm64v8" })
        {
            var target = json.RootElement.GetProperty("target").GetProperty(arch);
            Assert.That(target.GetProperty("cache-from").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[]
            {
                "type=registry,ref=registry.example/app:cache", $"type=registry,ref=registry.example/app-cache:main-{arch}",
            }), arch);
            Assert.That(target.GetProperty("cache-to").EnumerateArray().Select(p => p.GetString()),
                Is.EqualTo(new[] { $"type=registry,ref=registry.example/app-cache:main-{arch},mode=max" }), arch);
        }

        using var sharedJson = JsonDocument.Parse(shared.ToJson());
        Assert.That(sharedJson.RootElement.GetProperty("target").GetProperty(BakeDefinition.SharedTarget).GetProperty("cache-to").GetArrayLength(), Is.Zero);
    }
}
