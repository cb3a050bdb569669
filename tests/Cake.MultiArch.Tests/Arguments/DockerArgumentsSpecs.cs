using Cake.MultiArch.Building;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Qemu;

namespace Cake.MultiArch.Tests.Arguments;

[TestFixture]
public class DockerArgumentsSpecs
{
    [Test]
    public void Build_passes_platform_file_tags_base_and_context_in_order()
    {
        // Given
        var settings = new BuildArchImageSettings { Image = "127.0.0.1:5000/app", Tag = "1.0" };

        // When
        var tokens = BuildCommands.Build(settings, CpuArchitecture.Arm32V7, ["127.0.0.1:5000/app:1.0-arm32v7"], "local/qemu-arm32v7", "/src/Dockerfile", "/src");

        // Then
        Assert.That(tokens, Is.EqualTo(new[]
        {
            "build", "--platform", "linux/arm/v7", "--file", "/src/Dockerfile",
            "--tag", "127.0.0.1:5000/app:1.0-arm32v7",
            "--build-arg", "BASE=local/qemu-arm32v7",
            "/src",
        }));
    }

    [Test]
    public void Build_keeps_each_build_argument_and_label_one_token_however_odd_its_value()
    {
        // Given values a shell would interpret
        var settings = new BuildArchImageSettings
        {
            Image = "app",
            BaseArgumentName = "FROM_IMAGE",
            BuildArguments = { ["GREETING"] = "hi; rm -rf / $(id) `x`", ["MULTI"] = "a\nb" },
            Labels = { ["org.opencontainers.image.title"] = "A 'quoted' title" },
            Target = "runtime",
            Pull = true,
            NoCache = true,
            CacheFrom = { "app:cache" },
            ExtraArguments = { "--network", "host" },
        };

        // When
        var tokens = BuildCommands.Build(settings, CpuArchitecture.Arm64V8, ["app:1-arm64v8", "app:latest-arm64v8"], "base", "/d/Dockerfile", "/d");

        // Then
        Assert.That(tokens, Is.EqualTo(new[]
        {
            "build", "--platform", "linux/arm64", "--file", "/d/Dockerfile",
            "--tag", "app:1-arm64v8", "--tag", "app:latest-arm64v8",
            "--build-arg", "FROM_IMAGE=base",
            "--build-arg", "GREETING=hi; rm -rf / $(id) `x`",
            "--build-arg", "MULTI=a\nb",
            "--label", "org.opencontainers.image.title=A 'quoted' title",
            "--target", "runtime", "--pull", "--no-cache", "--cache-from", "app:cache",
            "--network", "host",
            "/d",
        }));
    }

    [Test]
    public void Build_without_a_base_passes_no_base_argument()
    {
        var tokens = BuildCommands.Build(new BuildArchImageSettings { Image = "app" }, CpuArchitecture.Amd64, ["app:latest-amd64"], null, "/d/Dockerfile", "/d");

        Assert.That(tokens, Has.No.Member("--build-arg"));
    }

    [TestCase("arm32v6", "arm", "v6")]
    [TestCase("arm32v7", "arm", "v7")]
    [TestCase("arm64v8", "arm64", "v8")]
    public void Manifest_annotate_states_os_architecture_and_variant(string arch, string ociArch, string variant)
    {
        var tokens = PublishCommands.ManifestAnnotate("r/app:1", "r/app@sha256:abc", CpuArchitecture.Parse(arch));

        Assert.That(tokens, Is.EqualTo(new[] { "manifest", "annotate", "--os", "linux", "--arch", ociArch, "--variant", variant, "r/app:1", "r/app@sha256:abc" }));
    }

    [Test]
    public void Manifest_annotate_of_amd64_states_no_variant()
    {
        var tokens = PublishCommands.ManifestAnnotate("r/app:1", "r/app:1-amd64", CpuArchitecture.Amd64);

        Assert.That(tokens, Is.EqualTo(new[] { "manifest", "annotate", "--os", "linux", "--arch", "amd64", "r/app:1", "r/app:1-amd64" }));
    }

    [Test]
    public void Manifest_create_amends_and_is_insecure_only_when_asked()
    {
        Assert.Multiple(() =>
        {
            Assert.That(
                PublishCommands.ManifestCreate("r/app:1", ["r/app@sha256:a", "r/app@sha256:b"], insecure: true),
                Is.EqualTo(new[] { "manifest", "create", "--insecure", "--amend", "r/app:1", "r/app@sha256:a", "r/app@sha256:b" }));
            Assert.That(
                PublishCommands.ManifestCreate("r/app:1", ["r/app@sha256:a"], insecure: false),
                Is.EqualTo(new[] { "manifest", "create", "--amend", "r/app:1", "r/app@sha256:a" }));
        });
    }

    [Test]
    public void Manifest_push_purges_the_local_list()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PublishCommands.ManifestPush("r/app:1", insecure: true), Is.EqualTo(new[] { "manifest", "push", "--insecure", "--purge", "r/app:1" }));
            Assert.That(PublishCommands.ManifestPush("r/app:1", insecure: false), Is.EqualTo(new[] { "manifest", "push", "--purge", "r/app:1" }));
        });
    }

    [Test]
    public void Login_reads_the_password_from_standard_input_and_never_takes_it_as_an_argument()
    {
        var tokens = PublishCommands.Login("ghcr.io", "octocat");

        Assert.That(tokens, Is.EqualTo(new[] { "login", "--username", "octocat", "--password-stdin", "ghcr.io" }));
    }

    [Test]
    public void Login_to_docker_hub_names_no_server()
    {
        Assert.That(PublishCommands.Login(null, "me"), Is.EqualTo(new[] { "login", "--username", "me", "--password-stdin" }));
    }

    [Test]
    public void Push_pushes_one_tag()
    {
        Assert.That(PublishCommands.Push("r/app:1-arm32v7"), Is.EqualTo(new[] { "push", "r/app:1-arm32v7" }));
    }

    [Test]
    public void Qemu_container_registration_is_the_classic_privileged_run()
    {
        var tokens = QemuCommands.RegisterQemuContainer("multiarch/qemu-user-static", ["--reset", "-p", "yes"], [CpuArchitecture.Arm32V7]);

        Assert.That(tokens, Is.EqualTo(new[] { "run", "--rm", "--privileged", "multiarch/qemu-user-static", "--reset", "-p", "yes" }));
    }

    [Test]
    public void Qemu_container_registration_expands_the_qemu_targets_once_each()
    {
        var tokens = QemuCommands.RegisterQemuContainer(
            "tonistiigi/binfmt", ["--install", "{qemu-archs}"], [CpuArchitecture.Arm32V6, CpuArchitecture.Arm32V7, CpuArchitecture.Arm64V8]);

        Assert.That(tokens, Is.EqualTo(new[] { "run", "--rm", "--privileged", "tonistiigi/binfmt", "--install", "arm,aarch64" }));
    }

    [Test]
    public void Qemu_base_build_passes_the_vanilla_base_and_the_generated_context()
    {
        var tokens = QemuCommands.BuildQemuBase(CpuArchitecture.Arm32V6, "arm32v6/alpine", "local/qemu-arm32v6", "/tmp/ctx");

        Assert.That(tokens, Is.EqualTo(new[]
        {
            "build", "--platform", "linux/arm/v6", "--build-arg", "BASE=arm32v6/alpine", "--tag", "local/qemu-arm32v6",
            "--file", "/tmp/ctx/Dockerfile", "/tmp/ctx",
        }));
    }

    [Test]
    public void Image_commands_name_the_image_last()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DaemonCommands.Tag("a", "b"), Is.EqualTo(new[] { "tag", "a", "b" }));
            Assert.That(DaemonCommands.Pull("arm32v7/alpine", "linux/arm/v7"), Is.EqualTo(new[] { "pull", "--platform", "linux/arm/v7", "arm32v7/alpine" }));
            Assert.That(DaemonCommands.InspectImages(["x"]), Is.EqualTo(new[] { "image", "inspect", "x" }));
            Assert.That(DaemonCommands.InspectImages(["x", "y:1"]), Is.EqualTo(new[] { "image", "inspect", "x", "y:1" }));
            Assert.That(PublishCommands.ManifestRemove("r/app:1"), Is.EqualTo(new[] { "manifest", "rm", "r/app:1" }));
        });
    }

    [Test]
    public void Global_arguments_name_the_config_directory_and_the_context()
    {
        var settings = new MultiArchToolSettings { ConfigDirectory = "cfg", DockerContext = "remote-arm" };

        var tokens = Cake.MultiArch.Docker.DockerGlobalArguments.For(settings, "/work");

        Assert.That(tokens, Is.EqualTo(new[] { "--config", "/work/cfg", "--context", "remote-arm" }));
    }
}
