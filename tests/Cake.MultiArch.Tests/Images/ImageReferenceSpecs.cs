using Cake.MultiArch.Images;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Images;

[TestFixture]
public sealed class ImageReferenceSpecs
{
    private const string Digest = "sha256:4f5e2a8c1b0d3e6f7a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f";

    [TestCase("alpine", "docker.io", "library/alpine", null, null, "docker.io/library/alpine")]
    [TestCase("alpine:3.19", "docker.io", "library/alpine", "3.19", null, "docker.io/library/alpine:3.19")]
    [TestCase("library/alpine", "docker.io", "library/alpine", null, null, "docker.io/library/alpine")]
    [TestCase("team/app:1.0", "docker.io", "team/app", "1.0", null, "docker.io/team/app:1.0")]
    [TestCase("docker.io/alpine", "docker.io", "library/alpine", null, null, "docker.io/library/alpine")]
    [TestCase("index.docker.io/team/app", "docker.io", "team/app", null, null, "docker.io/team/app")]
    [TestCase("localhost/app", "localhost", "app", null, null, "localhost/app")]
    [TestCase("localhost:5000/team/app:1.0-arm32v7", "localhost:5000", "team/app", "1.0-arm32v7", null, "localhost:5000/team/app:1.0-arm32v7")]
    [TestCase("127.0.0.1:5000/app@" + Digest, "127.0.0.1:5000", "app", null, Digest, "127.0.0.1:5000/app@" + Digest)]
    [TestCase("ghcr.io/o/app:v1@" + Digest, "ghcr.io", "o/app", "v1", Digest, "ghcr.io/o/app:v1@" + Digest)]
    [TestCase("registry.example.com/a/b/c/d", "registry.example.com", "a/b/c/d", null, null, "registry.example.com/a/b/c/d")]
    [TestCase("[::1]:5000/app:tag", "[::1]:5000", "app", "tag", null, "[::1]:5000/app:tag")]
    [TestCase("my_org/my__app---x.y:Tag_1.0", "docker.io", "my_org/my__app---x.y", "Tag_1.0", null, "docker.io/my_org/my__app---x.y:Tag_1.0")]
    [TestCase("MyRegistry/app", "MyRegistry", "app", null, null, "MyRegistry/app")]
    [TestCase("app:_private", "docker.io", "library/app", "_private", null, "docker.io/library/app:_private")]
    public void Parse_accepts_and_normalises_valid_references(string value, string registry, string repository, string? tag, string? digest, string text)
    {
        // When
        var reference = ImageReference.Parse(value);

        // Then
        Assert.Multiple(() =>
        {
            Assert.That(reference.Registry, Is.EqualTo(registry));
            Assert.That(reference.Repository, Is.EqualTo(repository));
            Assert.That(reference.Tag, Is.EqualTo(tag));
            Assert.That(reference.Digest, Is.EqualTo(digest));
            Assert.That(reference.ToString(), Is.EqualTo(text));
            Assert.That(ImageReference.Parse(reference.ToString()), Is.EqualTo(reference), "the text form parses back to the same reference");
        });
    }

    [TestCase("127.0.0.1:5000/app:1.0", "127.0.0.1:5000", "app", "1.0", null, "127.0.0.1:5000/app")]
    [TestCase("localhost:5000/team/app", "localhost:5000", "team/app", null, null, "localhost:5000/team/app")]
    [TestCase("ghcr.io/me/app:1.0-arm64v8", "ghcr.io", "me/app", "1.0-arm64v8", null, "ghcr.io/me/app")]
    [TestCase("me/app:1.0", null, "me/app", "1.0", null, "me/app")]
    [TestCase("alpine", null, "alpine", null, null, "alpine")]
    [TestCase("docker.io/library/alpine:3", "docker.io", "library/alpine", "3", null, "docker.io/library/alpine")]
    [TestCase("r.example.com/app@sha256:abc", "r.example.com", "app", null, "sha256:abc", "r.example.com/app")]
    [TestCase("r.example.com/app:v1@sha256:abc", "r.example.com", "app", "v1", "sha256:abc", "r.example.com/app")]
    [TestCase("localhost/app", "localhost", "app", null, null, "localhost/app")]
    [TestCase("MyRegistry/app", "MyRegistry", "app", null, null, "MyRegistry/app")]
    [TestCase("localhost:5000", null, "localhost", "5000", null, "localhost")]
    [TestCase(":1.0-arm32v7", null, "", "1.0-arm32v7", null, "")]
    [TestCase("bad name/x:y", null, "bad name/x", "y", null, "bad name/x")]
    public void Written_reference_splits_the_text_as_written(string text, string? registry, string path, string? tag, string? digest, string name)
    {
        // When
        var written = WrittenReference.Of(text);

        // Then
        Assert.That(written, Is.EqualTo(new WrittenReference(registry, path, tag, digest)));
        Assert.That(written.Name, Is.EqualTo(name));
    }

    [TestCase("alpine:3.19")]
    [TestCase("index.docker.io/team/app:1")]
    [TestCase("localhost:5000/team/app:1.0@" + Digest)]
    [TestCase("MyRegistry/app")]
    public void Parse_reads_the_parts_written_reference_finds(string text)
    {
        // Given
        var written = WrittenReference.Of(text);

        // When
        var reference = ImageReference.Parse(text);

        // Then
        Assert.Multiple(() =>
        {
            Assert.That(reference.Registry, Is.EqualTo(written.Registry is { } registry && !ImageReference.IsDockerHubName(registry) ? registry : "docker.io"));
            Assert.That(reference.Repository, Does.EndWith(written.Path));
            Assert.That(reference.Tag, Is.EqualTo(written.Tag));
            Assert.That(reference.Digest, Is.EqualTo(written.Digest));
        });
    }

    [TestCase("127.0.0.1:5000", true)]
    [TestCase("127.1.2.3", true)]
    [TestCase("localhost:5000", true)]
    [TestCase("localhost", true)]
    [TestCase("[::1]:5000", true)]
    [TestCase("ghcr.io", false)]
    [TestCase("10.0.0.1:5000", false)]
    [TestCase("docker.io", false)]
    public void Loopback_registries_are_recognised(string registry, bool loopback)
    {
        Assert.That(ImageReference.IsLoopbackRegistry(registry), Is.EqualTo(loopback));
    }

    [TestCase("127.0.0.1:5000/app:1", true)]
    [TestCase("localhost/app", true)]
    [TestCase("localhost", false)]
    [TestCase("alpine", false)]
    [TestCase("ghcr.io/me/app", false)]
    public void A_written_reference_is_on_loopback_when_it_names_a_loopback_registry(string text, bool loopback)
    {
        Assert.That(WrittenReference.Of(text).IsOnLoopback, Is.EqualTo(loopback));
    }

    [TestCase("docker.io", true, "registry-1.docker.io")]
    [TestCase("index.docker.io", true, "registry-1.docker.io")]
    [TestCase("registry-1.docker.io", false, "registry-1.docker.io")]
    [TestCase("ghcr.io", false, "ghcr.io")]
    [TestCase("localhost:5000", false, "localhost:5000")]
    public void Docker_Hub_is_known_by_both_its_names(string registry, bool dockerHub, string apiHost)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ImageReference.IsDockerHubName(registry), Is.EqualTo(dockerHub));
            Assert.That(ImageReference.ApiHostOf(registry), Is.EqualTo(apiHost));
        });
    }

    [TestCase("ghcr.io/me/app", null)]
    [TestCase("localhost:5000/team/app", null)]
    [TestCase("127.0.0.1:5000/Bad/App", "'Bad' has upper-case letters")]
    [TestCase("MyOrg/app", "'MyOrg' has upper-case letters")]
    [TestCase("app:1.0", "it contains a tag (':')")]
    [TestCase("localhost:5000/app:1.0", "'app:1.0' is not lowercase letters and digits")]
    [TestCase("exa_mple.com/app", "the registry 'exa_mple.com' is not a host name")]
    [TestCase("team//app", "it has an empty path component")]
    [TestCase("", "it has an empty path component")]
    public void An_image_setting_takes_a_registry_only_by_a_hosts_spelling(string image, string? problem)
    {
        // An upper-case first component is a registry to docker, and to ImageReference, but in an Image setting it is
        // taken as a mistyped repository path component, which the problem names.
        Assert.That(ReferenceProblems.ImageName(image), problem is null ? Is.Null : Does.StartWith(problem));
    }

    [Test]
    public void An_image_setting_longer_than_a_repository_name_may_be_is_named()
    {
        Assert.That(ReferenceProblems.ImageName("ghcr.io/" + new string('a', 250)), Is.EqualTo("it is longer than 255 characters"));
    }

    [Test]
    public void Parse_accepts_a_tag_of_128_characters()
    {
        var tag = new string('a', 128);

        var reference = ImageReference.Parse("team/app:" + tag);

        Assert.That(reference.Tag, Is.EqualTo(tag));
    }

    [TestCase("", "empty", "alpine:3.19")]
    [TestCase("   ", "empty", "alpine:3.19")]
    [TestCase("Alpine", "upper case in 'Alpine'", "use 'alpine'")]
    [TestCase("team/App:1.0", "upper case in 'App'", "use 'app'")]
    [TestCase("my app", "white space", "remove the spaces")]
    [TestCase("team/app :1.0", "white space", "remove the spaces")]
    [TestCase("a..b", "'..' in 'a..b'", "use one '.'")]
    [TestCase("/alpine", "starts with '/'", "'alpine'")]
    [TestCase("app:", "invalid tag", "leave out the ':'")]
    [TestCase("app:-x", "invalid tag", "must not start with '.' or '-'")]
    [TestCase("app:1.0+build", "invalid tag", "letters, digits")]
    [TestCase("app@sha256:abc", "invalid digest", "64 hex digits")]
    [TestCase("app@md5", "invalid digest", "algorithm:hex")]
    [TestCase("team//app", "empty path component", "Remove the extra '/'")]
    [TestCase("team/app/", "empty path component", "Remove the extra '/'")]
    [TestCase("app-", "starts or ends with a separator", "lower-case letter or digit")]
    [TestCase("-app", "starts or ends with a separator", "lower-case letter or digit")]
    [TestCase("a_.b", "mixed separators", "'__'")]
    [TestCase("app!", "character '!'", "lower-case letters, digits")]
    [TestCase("localhost:abc/app", "port 'abc' is not a number", "localhost:5000")]
    [TestCase("exa_mple.com/app", "is not a host name", "letters, digits")]
    [TestCase(":1.0", "no repository name", "team/app:1.0")]
    [TestCase("localhost:5000/", "has a registry but no repository", "localhost:5000/team/app")]
    public void Parse_rejects_invalid_references_with_the_reason_and_the_fix(string value, string reason, string fix)
    {
        // When
        var exception = Assert.Throws<MultiArchException>(() => ImageReference.Parse(value));

        // Then
        Assert.That(exception!.Message, Does.Contain(reason).And.Contain(fix));
        Assert.That(ImageReference.TryParse(value, out var reference), Is.False);
        Assert.That(reference, Is.Null);
    }

    [Test]
    public void Parse_rejects_a_tag_of_129_characters_naming_the_limit()
    {
        var exception = Assert.Throws<MultiArchException>(() => ImageReference.Parse("team/app:" + new string('a', 129)));

        Assert.That(exception!.Message, Does.Contain("129 characters long").And.Contain("limit is 128").And.Contain("shorter tag"));
    }

    [Test]
    public void Parse_rejects_a_null_reference()
    {
        Assert.That(ImageReference.TryParse(null, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("empty"));
    }

    [Test]
    public void Docker_Hub_references_use_the_registry_1_API_host()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ImageReference.Parse("alpine").RegistryApiHost, Is.EqualTo("registry-1.docker.io"));
            Assert.That(ImageReference.Parse("alpine").IsDockerHub, Is.True);
            Assert.That(ImageReference.Parse("localhost:5000/app").RegistryApiHost, Is.EqualTo("localhost:5000"));
        });
    }

    [Test]
    public void Reference_is_the_digest_then_the_tag_then_latest()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ImageReference.Parse("app").Reference, Is.EqualTo("latest"));
            Assert.That(ImageReference.Parse("app:1.0").Reference, Is.EqualTo("1.0"));
            Assert.That(ImageReference.Parse("app:1.0@" + Digest).Reference, Is.EqualTo(Digest));
        });
    }

    [Test]
    public void WithTag_replaces_the_tag_and_drops_the_digest()
    {
        var reference = ImageReference.Parse("localhost:5000/team/app:1.0@" + Digest);

        var retagged = reference.WithTag("1.0-arm64v8");

        Assert.That(retagged.ToString(), Is.EqualTo("localhost:5000/team/app:1.0-arm64v8"));
        Assert.That(reference.ToString(), Does.EndWith(Digest), "the original is unchanged");
    }

    [Test]
    public void WithTag_rejects_an_invalid_tag()
    {
        var exception = Assert.Throws<MultiArchException>(() => ImageReference.Parse("app").WithTag("bad tag"));

        Assert.That(exception!.Message, Does.Contain("Cannot tag 'docker.io/library/app' with 'bad tag'"));
    }

    [Test]
    public void ToFamiliarString_shows_Docker_Hub_references_as_docker_does()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ImageReference.Parse("alpine:3.19").ToFamiliarString(), Is.EqualTo("alpine:3.19"));
            Assert.That(ImageReference.Parse("team/app").ToFamiliarString(), Is.EqualTo("team/app"));
            Assert.That(ImageReference.Parse("localhost:5000/app:1").ToFamiliarString(), Is.EqualTo("localhost:5000/app:1"));
        });
    }

    [Test]
    public void A_string_converts_implicitly_for_scripts()
    {
        ImageReference reference = "localhost:5000/app:1.0";

        Assert.That(reference.Registry, Is.EqualTo("localhost:5000"));
    }
}
