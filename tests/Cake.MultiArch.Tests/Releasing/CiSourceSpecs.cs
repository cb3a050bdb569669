using Cake.MultiArch.Releasing;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Releasing;

/// <summary>
/// The branch, pull request, commit and repository each CI builds, read through Cake's build-system information from
/// the variables GitHub Actions, Azure Pipelines and Travis CI really set; and MultiArchTags's tags from them.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CiSourceSpecs
{
    private const string GitHub = "https://github.com/octo-org/hello-app";

    public static IEnumerable<TestCaseData> Builds()
    {
        yield return new TestCaseData(CiVariables.GitHubPush("refs/heads/feature/Login"), new SourceFacts("feature/Login", null, CiVariables.Sha, GitHub, null))
            .SetName("GitHub Actions: a push to a branch");
        yield return new TestCaseData(CiVariables.GitHubPush("refs/tags/v1.2.3"), new SourceFacts(null, null, CiVariables.Sha, GitHub, null) { GitTag = "v1.2.3" })
            .SetName("GitHub Actions: a tag has no branch, and names its tag");
        yield return new TestCaseData(CiVariables.GitHubPullRequest, new SourceFacts(null, 42, CiVariables.Sha, GitHub, null))
            .SetName("GitHub Actions: a pull request");
        yield return new TestCaseData(CiVariables.GitHubPullRequestTarget, new SourceFacts(null, null, CiVariables.Sha, GitHub, null))
            .SetName("GitHub Actions: a pull_request_target build, on the base branch's ref, gets no branch");
        yield return new TestCaseData(CiVariables.AzurePush, new SourceFacts("release/2.x", null, CiVariables.Sha, "https://dev.azure.com/fabrikam/Fiber/_git/hello-app", null))
            .SetName("Azure Pipelines: a push, the user name left out of the repository's address");
        yield return new TestCaseData(CiVariables.AzurePullRequest, new SourceFacts(null, 17, CiVariables.Sha, "https://dev.azure.com/fabrikam/Fiber/_git/hello-app", null))
            .SetName("Azure Pipelines: a pull request");
        yield return new TestCaseData(CiVariables.TravisPush, new SourceFacts("main", null, CiVariables.Sha, GitHub, null))
            .SetName("Travis CI: a push");
        yield return new TestCaseData(CiVariables.TravisPullRequest, new SourceFacts(null, 7, CiVariables.Sha, GitHub, null))
            .SetName("Travis CI: a pull request");
        yield return new TestCaseData(CiVariables.TravisTag, new SourceFacts(null, null, CiVariables.Sha, GitHub, null) { GitTag = "v1.2.3" })
            .SetName("Travis CI: a tag, which Travis also sets as the branch, names its tag");
        yield return new TestCaseData(CiVariables.AzureTag, new SourceFacts(null, null, CiVariables.Sha, "https://dev.azure.com/fabrikam/Fiber/_git/hello-app", null) { GitTag = "v2.0.0" })
            .SetName("Azure Pipelines: a tag has no branch, and names its tag");
    }

    [TestCaseSource(nameof(Builds))]
    public void Reads_what_the_CI_builds_from_its_real_variables((string, string)[] variables, object expected)
    {
        // Given
        var context = TestCakeContext.OnCi(variables);

        // When
        var facts = CiSource.Read(context);

        // Then
        Assert.That(facts, Is.EqualTo(expected));
    }

    [Test]
    public void Off_CI_nothing_is_known()
    {
        Assert.That(CiSource.Read(TestCakeContext.OnCi()), Is.EqualTo(SourceFacts.None));
    }

    [TestCase("refs/tags/v1.2.3", "1.2.3", "1.2.3")]
    [TestCase("refs/tags/nightly", "sha-6f1ed00", "sha-6f1ed00")]
    public void On_a_GitHub_tag_push_without_a_Version_a_semantic_version_tag_is_the_version(string reference, string tag, string versionLabel)
    {
        // Given: a push of a git tag, no Version in the settings, and the registry not asked (no latest, no short tags).
        var folder = Directory.CreateTempSubdirectory("multiarch-tags-ci-");
        try
        {
            var context = TestCakeContext.OnCi(CiVariables.GitHubPush(reference));
            context.Environment.WorkingDirectory = folder.FullName;
            context.Environment.Variables["SOURCE_DATE_EPOCH"] = "1714564800";

            // When
            var tags = context.MultiArchTags(new MultiArchTagsSettings { Image = "ghcr.io/octo-org/hello-app", Latest = false, ShortTags = false });

            // Then: v1.2.3 releases 1.2.3; a tag that is no version gives no version tag
            Assert.That(tags.Tag, Is.EqualTo(tag));
            Assert.That(tags.Labels["org.opencontainers.image.version"], Is.EqualTo(versionLabel));
            Assert.That(tags.AllTags, Does.Contain("sha-6f1ed00"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void On_a_GitHub_pull_request_MultiArchTags_makes_the_pr_and_sha_tags_and_labels_from_the_CI()
    {
        // Given: the CI's variables, outside any git repository.
        var folder = Directory.CreateTempSubdirectory("multiarch-tags-ci-");
        try
        {
            var context = TestCakeContext.OnCi(CiVariables.GitHubPullRequest);
            context.Environment.WorkingDirectory = folder.FullName;
            context.Environment.Variables["SOURCE_DATE_EPOCH"] = "1714564800";

            // When
            var tags = context.MultiArchTags(new MultiArchTagsSettings { Image = "ghcr.io/octo-org/hello-app" });

            // Then
            Assert.That(tags.Tag, Is.EqualTo("pr-42"));
            Assert.That(tags.ExtraTags, Is.EqualTo(new[] { "sha-6f1ed00" }));
            Assert.That(tags.Labels, Is.EqualTo(new Dictionary<string, string>
            {
                ["org.opencontainers.image.created"] = "2024-05-01T12:00:00Z",
                ["org.opencontainers.image.source"] = GitHub,
                ["org.opencontainers.image.revision"] = CiVariables.Sha,
                ["org.opencontainers.image.version"] = "pr-42",
                ["org.opencontainers.image.title"] = "hello-app",
            }));
            Assert.That(tags.Annotations, Is.EqualTo(tags.Labels));
            Assert.That(tags.ToString(), Does.StartWith("ghcr.io/octo-org/hello-app: pr-42, sha-6f1ed00"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
