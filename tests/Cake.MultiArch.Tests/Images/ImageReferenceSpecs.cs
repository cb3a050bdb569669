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
