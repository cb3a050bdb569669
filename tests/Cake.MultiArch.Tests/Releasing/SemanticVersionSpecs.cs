using Cake.MultiArch.Releasing;

namespace Cake.MultiArch.Tests.Releasing;

/// <summary>Semantic versions: what parses, how they are ordered, and what a version that is not one says.</summary>
public sealed class SemanticVersionSpecs
{
    [TestCase("1.2.3", 1, 2, 3, null, null)]
    [TestCase("v1.2.3", 1, 2, 3, null, null)]
    [TestCase("0.0.0", 0, 0, 0, null, null)]
    [TestCase("2.0.0-rc.1", 2, 0, 0, "rc.1", null)]
    [TestCase("1.4.0-alpha-2.x+build.7", 1, 4, 0, "alpha-2.x", "build.7")]
    public void Parses_a_semantic_version_with_an_optional_leading_v(string text, int major, int minor, int patch, string? preRelease, string? build)
    {
        // When
        var version = SemanticVersion.Parse(text);

        // Then
        Assert.That((version.Major, version.Minor, version.Patch, version.PreRelease, version.Build), Is.EqualTo((major, minor, patch, preRelease, build)));
        Assert.That(version.IsPreRelease, Is.EqualTo(preRelease is not null));
        Assert.That(version.ToString(), Is.EqualTo(text.TrimStart('v')));
    }

    [TestCase("1.2")]
    [TestCase("1.2.3.4")]
    [TestCase("01.2.3")]
    [TestCase("1.2.3-")]
    [TestCase("1.2.3-01")]
    [TestCase("V1.2.3")]
    [TestCase("latest")]
    [TestCase("1.2.3 ")]
    public void A_version_that_is_not_semver_says_what_semver_looks_like(string text)
    {
        // When
        var exception = Assert.Throws<MultiArchException>(() => SemanticVersion.Parse(text));

        // Then
        Assert.That(exception!.Message, Does.StartWith($"The version '{text}' is not a semantic version.")
            .And.Contain("MAJOR.MINOR.PATCH").And.Contain("'v1.2.3'").And.Contain("'2.0.0-rc.1'"));
        Assert.That(SemanticVersion.TryParse(text, out _), Is.False);
    }

    [Test]
    public void Versions_are_ordered_by_semver_precedence()
    {
        // Given: semver.org's own example order, shuffled, and build metadata that does not count.
        string[] ordered =
        [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
            "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0",
        ];

        // When
        var sorted = ordered.Reverse().Select(SemanticVersion.Parse).Order().Select(v => v.ToString());

        // Then
        Assert.That(sorted, Is.EqualTo(ordered));
        Assert.That(SemanticVersion.Parse("1.0.0+build.9").CompareTo(SemanticVersion.Parse("1.0.0")), Is.Zero);
    }

    [Test]
    public void A_tag_writes_build_metadata_with_an_underscore_as_tags_may_not_hold_plus()
    {
        Assert.That(SemanticVersion.Parse("v1.4.0+build.7").ToTag(), Is.EqualTo("1.4.0_build.7"));
    }
}
