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
}
