using Cake.MultiArch.Publishing;

namespace Cake.MultiArch.Tests.Publishing;

/// <summary>The argument lists of push, login, docker manifest and imagetools (PublishCommands), specified in full.</summary>
[TestFixture]
public class PublishCommandsSpecs
{
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
    public void Manifest_remove_names_the_local_list()
    {
        Assert.That(PublishCommands.ManifestRemove("r/app:1"), Is.EqualTo(new[] { "manifest", "rm", "r/app:1" }));
    }

    [Test]
    public void Imagetools_create_tags_the_list_and_lists_the_sources()
    {
        var tokens = PublishCommands.ImagetoolsCreate(["r/app:1", "r/app:latest"], ["r/app@sha256:a", "r/app@sha256:b"]);

        Assert.That(tokens, Is.EqualTo(new[] { "buildx", "imagetools", "create", "--tag", "r/app:1", "--tag", "r/app:latest", "r/app@sha256:a", "r/app@sha256:b" }));
    }
}
