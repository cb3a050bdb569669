using Cake.MultiArch.Releasing;

namespace Cake.MultiArch.Tests.Releasing;

/// <summary>Which tags a build gets, decided in memory from the version, the registry's tags and the CI's or git's facts.</summary>
public sealed class ReleaseTagsSpecs
{
    private static readonly string[] RegistryTags = ["1.1.4", "v1.2.0", "1.3.0", "2.0.0-rc.1", "latest", "main", "sha-0123456"];

    [TestCase("1.3.1", new[] { "1.3", "1", "latest" }, TestName = "The highest release gets every short tag and latest")]
    [TestCase("1.3.0", new[] { "1.3", "1", "latest" }, TestName = "A rebuild of the highest release keeps them")]
    [TestCase("1.2.5", new[] { "1.2" }, TestName = "A patch of an older minor gets its minor tag alone")]
    [TestCase("1.1.2", new string[0], TestName = "A release lower than one of its own minor moves nothing")]
    [TestCase("2.0.0", new[] { "2.0", "2", "latest" }, TestName = "A pre-release in the registry does not hold a release back")]
    [TestCase("2.1.0-beta.1", new string[0], TestName = "A pre-release moves neither latest nor the short tags")]
    [TestCase("0.9.0", new[] { "0.9" }, TestName = "A 0.x release gets no major tag, and no latest under a higher release")]
    public void A_release_gets_the_short_tags_and_latest_only_where_no_higher_release_is_in_the_registry(string version, string[] expected)
    {
        // When
        var tags = ReleaseTags.ForVersion(SemanticVersion.Parse(version), RegistryTags, latest: true, shortTags: true);

        // Then
        Assert.That(tags, Is.EqualTo(expected));
    }

    [Test]
    public void An_empty_registry_gives_a_first_release_latest()
    {
        Assert.That(ReleaseTags.ForVersion(SemanticVersion.Parse("0.1.0"), [], latest: true, shortTags: true), Is.EqualTo(new[] { "0.1", "latest" }));
    }

    [Test]
    public void Latest_and_the_short_tags_can_be_turned_off()
    {
        Assert.That(ReleaseTags.ForVersion(SemanticVersion.Parse("3.0.0"), [], latest: false, shortTags: true), Is.EqualTo(new[] { "3.0", "3" }));
        Assert.That(ReleaseTags.ForVersion(SemanticVersion.Parse("3.0.0"), [], latest: true, shortTags: false), Is.EqualTo(new[] { "latest" }));
    }

    [TestCase("main", "main")]
    [TestCase("refs/heads/feature/Login-Page", "feature-login-page")]
    [TestCase("dependabot/npm_and_yarn/lodash-4.17.21", "dependabot-npm_and_yarn-lodash-4.17.21")]
    [TestCase("-.hotfix", "hotfix")]
    [TestCase("ünïcode", "n-code")]
    public void A_branch_becomes_a_valid_docker_tag(string branch, string expected)
    {
        Assert.That(ReleaseTags.ForBranch(branch), Is.EqualTo(expected));
    }

    [Test]
    public void A_branch_longer_than_a_tag_may_be_is_cut_to_128_characters()
    {
        Assert.That(ReleaseTags.ForBranch("feature/" + new string('a', 200)), Has.Length.EqualTo(128));
        Assert.That(ReleaseTags.ForBranch("///"), Is.Null);
    }

    [Test]
    public void A_release_on_a_branch_gets_the_version_first_then_its_short_tags_branch_and_commit()
    {
        // Given
        var facts = new SourceFacts("main", null, "0A1B2C3D4E5F", null, null);

        // When
        var tags = ReleaseTags.Decide(new MultiArchTagsSettings { Image = "ghcr.io/me/app" }, SemanticVersion.Parse("v1.4.0"), facts, RegistryTags);

        // Then
        Assert.That(tags, Is.EqualTo(new[] { "1.4.0", "1.4", "1", "latest", "main", "sha-0a1b2c3" }));
    }

    [Test]
    public void A_pull_request_gets_its_pr_tag_and_moves_no_release_tag()
    {
        // Given
        var facts = new SourceFacts(null, 42, "0a1b2c3d4e5f", null, null);

        // When
        var withVersion = ReleaseTags.Decide(new MultiArchTagsSettings { Image = "ghcr.io/me/app" }, SemanticVersion.Parse("9.0.0"), facts, []);
        var withoutVersion = ReleaseTags.Decide(new MultiArchTagsSettings { Image = "ghcr.io/me/app" }, null, facts, []);

        // Then
        Assert.That(withVersion, Is.EqualTo(new[] { "9.0.0", "pr-42", "sha-0a1b2c3" }));
        Assert.That(withoutVersion, Is.EqualTo(new[] { "pr-42", "sha-0a1b2c3" }));
    }

    [Test]
    public void A_version_too_long_for_a_tag_says_so()
    {
        // Given
        var version = SemanticVersion.Parse("1.0.0-" + new string('a', 130));

        // When
        var exception = Assert.Throws<MultiArchException>(() => ReleaseTags.Decide(new MultiArchTagsSettings { Image = "ghcr.io/me/app" }, version, SourceFacts.None, []));

        // Then
        Assert.That(exception!.Message, Does.Contain("is not a valid tag").And.Contain("the limit is 128").And.Contain("shorter pre-release"));
    }

    [Test]
    public void No_version_and_nothing_known_names_the_ways_to_get_a_tag()
    {
        // When
        var exception = Assert.Throws<MultiArchException>(() =>
            ReleaseTags.Decide(new MultiArchTagsSettings { Image = "ghcr.io/me/app", ShaTag = false }, null, new SourceFacts(null, null, "0a1b2c3d", null, null), []));

        // Then
        Assert.That(exception!.Message, Does.Contain("no tag to make for ghcr.io/me/app").And.Contain("Version = \"1.2.3\"").And.Contain("ShaTag"));
    }
}
