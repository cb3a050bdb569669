using System.Text.Json;
using Cake.MultiArch.Buildx;

namespace Cake.MultiArch.Tests.Buildx;

/// <summary>buildx's argument lists (BuildxCommands), specified in full; Buildx/BuildxSpecs runs them against the real buildx plugin and dockerd 26.</summary>
[TestFixture]
public class BuildxCommandsSpecs
{
    [Test]
    public void Buildx_build_names_every_platform_once_and_pushes()
    {
        var settings = new BuildxMultiArchSettings { Image = "ghcr.io/me/app", Tag = "1.0" };

        var tokens = BuildxCommands.BuildxBuild(settings, "/src/Dockerfile", "/src");

        Assert.That(tokens, Is.EqualTo(new[]
        {
            "buildx", "build", "--platform", "linux/amd64,linux/arm/v6,linux/arm/v7,linux/arm64",
            "--file", "/src/Dockerfile", "--tag", "ghcr.io/me/app:1.0", "--push", "/src",
        }));
    }

    [Test]
    public void Buildx_build_passes_tags_arguments_labels_cache_attestations_and_builder()
    {
        var settings = new BuildxMultiArchSettings
        {
            Image = "ghcr.io/me/app",
            Tag = "1.0",
            ExtraTags = { "latest", "ghcr.io/me/other:1" },
            Architectures = { },
            BuildArguments = { ["VERSION"] = "1.0 final" },
            Labels = { ["org.opencontainers.image.version"] = "1.0" },
            CacheFrom = { "type=registry,ref=ghcr.io/me/app:cache" },
            CacheTo = { "type=registry,ref=ghcr.io/me/app:cache,mode=max" },
            Provenance = false,
            Sbom = true,
            Builder = "multiarch",
            Target = "runtime",
            Pull = true,
            NoCache = true,
            Push = false,
        };
        settings.Architectures.Clear();
        settings.Architectures.Add(CpuArchitecture.Arm64V8);
        settings.Architectures.Add("ppc64le");

        var tokens = BuildxCommands.BuildxBuild(settings, "/d/Dockerfile", "/d");

        Assert.That(tokens, Is.EqualTo(new[]
        {
            "buildx", "build", "--platform", "linux/arm64,linux/ppc64le", "--file", "/d/Dockerfile",
            "--tag", "ghcr.io/me/app:1.0", "--tag", "ghcr.io/me/app:latest", "--tag", "ghcr.io/me/other:1",
            "--build-arg", "VERSION=1.0 final",
            "--label", "org.opencontainers.image.version=1.0",
            "--cache-from", "type=registry,ref=ghcr.io/me/app:cache",
            "--cache-to", "type=registry,ref=ghcr.io/me/app:cache,mode=max",
            "--provenance=false", "--sbom=true",
            "--builder", "multiarch", "--target", "runtime", "--pull", "--no-cache",
            "/d",
        }));
    }

    [Test]
    public void Builder_creation_appends_a_node_per_further_machine()
    {
        var settings = new BuildxBuilderSettings
        {
            Name = "multiarch",
            Nodes =
            {
                new BuildxNode(),
                new BuildxNode { Name = "pi", Endpoint = "ssh://pi@raspberrypi", Architectures = { "arm64v8", "arm32v7" } },
            },
        };

        var commands = BuildxCommands.BuildxCreate(settings);

        Assert.That(commands, Has.Count.EqualTo(2));
        Assert.That(commands[0], Is.EqualTo(new[] { "buildx", "create", "--name", "multiarch", "--driver", "docker-container", "--use", "--bootstrap" }));
        Assert.That(commands[1], Is.EqualTo(new[]
        {
            "buildx", "create", "--name", "multiarch", "--append", "--node", "pi", "--platform", "linux/arm64,linux/arm/v7", "ssh://pi@raspberrypi",
        }));
    }

    [Test]
    public void An_sbom_generator_becomes_an_sbom_attestation_with_that_scanner()
    {
        var settings = new BuildxMultiArchSettings { Image = "r/app", Tag = "1", SbomGenerator = "127.0.0.1:5000/buildkit-syft-scanner:stable-1" };
        settings.Architectures.Add(CpuArchitecture.Amd64);

        var tokens = BuildxCommands.BuildxBuild(settings, "/d/Dockerfile", "/d");

        Assert.That(tokens, Is.EqualTo(new[]
        {
            "buildx", "build", "--platform", "linux/amd64", "--file", "/d/Dockerfile", "--tag", "r/app:1",
            "--attest", "type=sbom,generator=127.0.0.1:5000/buildkit-syft-scanner:stable-1", "--push", "/d",
        }));
    }

    [Test]
    public void Driver_options_go_to_the_builder_s_first_node_only()
    {
        var settings = new BuildxBuilderSettings
        {
            Name = "mirrored",
            DriverOptions = { ["image"] = "registry.example/moby/buildkit:buildx-stable-1", ["network"] = "host" },
            Use = false,
            Nodes = { new BuildxNode(), new BuildxNode { Name = "pi", Endpoint = "ssh://pi@raspberrypi" } },
        };

        var commands = BuildxCommands.BuildxCreate(settings);

        Assert.That(commands[0], Is.EqualTo(new[]
        {
            "buildx", "create", "--name", "mirrored", "--driver", "docker-container",
            "--driver-opt", "image=registry.example/moby/buildkit:buildx-stable-1", "--driver-opt", "network=host", "--bootstrap",
        }));
        Assert.That(commands[1], Is.EqualTo(new[] { "buildx", "create", "--name", "mirrored", "--append", "--node", "pi", "ssh://pi@raspberrypi" }));
    }

    [Test]
    public void The_list_digest_is_read_from_buildx_metadata()
    {
        const string metadata = """{"buildx.build.ref":"multiarch/multiarch0/x","containerimage.digest":"sha256:0123","image.name":"r/app:1"}""";

        Assert.That(BuildxBuilder.DigestFromMetadata(metadata), Is.EqualTo("sha256:0123"));
        Assert.That(BuildxBuilder.DigestFromMetadata("{}"), Is.Null);
    }
    [Test]
    public void Buildx_build_with_a_registry_cache_reads_every_arch_cache()
    {
        var settings = new BuildxMultiArchSettings
        {
            Image = "ghcr.io/me/app",
            Architectures = { "amd64", "arm64v8" },
            RegistryCache = new RegistryCache { Repository = "ghcr.io/me/app-cache" },
        };

        var tokens = BuildxCommands.BuildxBuild(settings, "/src/Dockerfile", "/src");

        Assert.That(tokens, Is.EqualTo(new[]
        {
            "buildx", "build", "--platform", "linux/amd64,linux/arm64", "--file", "/src/Dockerfile", "--tag", "ghcr.io/me/app:latest",
            "--cache-from", "type=registry,ref=ghcr.io/me/app-cache:buildcache-amd64",
            "--cache-from", "type=registry,ref=ghcr.io/me/app-cache:buildcache-arm64v8",
            "--push", "/src",
        }));
    }

    [Test]
    public void The_cache_bake_is_a_cache_only_target_per_arch_each_writing_its_own_cache()
    {
        // Given
        var settings = new BuildxMultiArchSettings
        {
            Image = "ghcr.io/me/app",
            Architectures = { "arm32v7", "arm64v8" },
            BuildArguments = { ["VERSION"] = "${HOME}" },
            Target = "runtime",
            RegistryCache = new RegistryCache { Repository = "10.0.0.5:5000/cache", Scope = "main" },
            Insecure = true,
            Builder = "multiarch",
        };

        // When
        using var json = JsonDocument.Parse(BuildxCommands.CacheBake(settings, "/src/Dockerfile", "/src").ToJson());
        var command = BuildxCommands.CacheBakeCommand(settings, "/tmp/bake.json");

        // Then
        Assert.That(json.RootElement.GetProperty("group").GetProperty("default").GetProperty("targets").EnumerateArray().Select(t => t.GetString()),
            Is.EqualTo(new[] { "arm32v7", "arm64v8" }));
        var arm = json.RootElement.GetProperty("target").GetProperty("arm32v7");
        Assert.That(arm.GetProperty("platforms").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "linux/arm/v7" }));
        Assert.That(arm.GetProperty("args").GetProperty("VERSION").GetString(), Is.EqualTo("$${HOME}"));
        Assert.That(arm.GetProperty("target").GetString(), Is.EqualTo("runtime"));
        Assert.That(arm.GetProperty("tags").GetArrayLength(), Is.Zero);
        Assert.That(arm.GetProperty("cache-from")[0].GetString(), Is.EqualTo("type=registry,ref=10.0.0.5:5000/cache:main-arm32v7,registry.insecure=true"));
        Assert.That(arm.GetProperty("cache-to")[0].GetString(), Is.EqualTo("type=registry,ref=10.0.0.5:5000/cache:main-arm32v7,mode=max,registry.insecure=true"));
        Assert.That(arm.GetProperty("output").EnumerateArray().Select(o => o.GetString()), Is.EqualTo(new[] { "type=cacheonly" }));
        Assert.That(command, Is.EqualTo(new[] { "buildx", "bake", "--file", "/tmp/bake.json", "--progress", "plain", "--builder", "multiarch" }));
    }
}
