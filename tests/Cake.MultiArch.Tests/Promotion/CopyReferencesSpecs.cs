using Cake.MultiArch.Images;
using Cake.MultiArch.Promotion;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Promotion;

/// <summary>The references a script gives a copy, checked before any registry is asked, and the messages of a copy that cannot go on.</summary>
[TestFixture]
public sealed class CopyReferencesSpecs
{
    [Test]
    public void A_target_without_a_tag_is_tagged_latest_as_docker_reads_it_and_the_extra_tags_are_kept_once()
    {
        var copy = CopyReferences.Check("r.test/staging/app:1.2.3", " r.test/release/app ", ["latest", "1.2", "1.2"]);

        Assert.That(copy.Source.ToString(), Is.EqualTo("r.test/staging/app:1.2.3"));
        Assert.That(copy.Target.ToString(), Is.EqualTo("r.test/release/app:latest"));
        Assert.That(copy.ExtraTags, Is.EqualTo(new[] { "1.2" }), "latest is the target's own tag; 1.2 once");
        Assert.That(copy.SameRegistry, Is.True);
    }

    [Test]
    public void A_source_by_digest_is_copied_by_digest_and_another_registry_is_not_the_same_registry()
    {
        var digest = "sha256:" + new string('a', 64);

        var copy = CopyReferences.Check($"r.test/app@{digest}", "ghcr.io/me/app:1", null);

        Assert.That(copy.Source.Reference, Is.EqualTo(digest));
        Assert.That(copy.SameRegistry, Is.False);
    }

    [TestCase("", "r.test/app:1", "needs a source image")]
    [TestCase("r.test/app:1", " ", "needs a target image")]
    [TestCase("r.test/App:1", "r.test/app:2", "CopyMultiArchImage's source 'r.test/App:1' is not an image reference")]
    [TestCase("r.test/app:1", "r.test/app:bad tag", "CopyMultiArchImage's target 'r.test/app:bad tag' is not an image reference")]
    [TestCase("r.test/app:1", "r.test/app@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "names a digest. Give a tag, such as \"r.test/app:1.2.3\"")]
    public void Malformed_references_are_refused_with_the_value_and_how_to_write_it(string source, string target, string expected)
    {
        var error = Assert.Throws<MultiArchException>(() => CopyReferences.Check(source, target, null));

        Assert.That(error!.Message, Does.Contain(expected));
    }

    [Test]
    public void An_extra_tag_that_is_no_tag_is_refused()
    {
        var error = Assert.Throws<MultiArchException>(() => CopyReferences.Check("r.test/app:1", "r.test/app:2", ["-latest"]));

        Assert.That(error!.Message, Does.Contain("extra tag '-latest' is not a valid tag").And.Contain("Give the tag alone"));
    }

    [Test]
    public void A_missing_source_names_the_reference_the_registry_and_the_fix()
    {
        var error = CopyFailures.SourceMissing(ImageReference.Parse("r.test/team/app:1.2.3"), new MultiArchException("HTTP 404"));

        Assert.That(error.Message, Does.StartWith("CopyMultiArchImage: there is no image team/app:1.2.3 on r.test to copy.")
            .And.Contain("Check the tag and the repository name, or push the image there first").And.Contain("(HTTP 404)"));
    }

    [Test]
    public void A_refusing_target_names_the_registry_that_the_credentials_lack_push_and_how_to_log_in()
    {
        var error = CopyFailures.TargetRefused(ImageReference.Parse("ghcr.io/me/app:1.2.3"), new MultiArchException("HTTP 403 DENIED"));

        Assert.That(error.Message, Does.Contain("could not push to ghcr.io/me/app: ghcr.io refused").And.Contain("lack push permission on me/app")
            .And.Contain("MultiArchLogin with Server = \"ghcr.io\"").And.Contain("`docker login ghcr.io`").And.Contain("the tag 1.2.3 was not written"));
    }
}
