using Cake.MultiArch.Releasing;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Releasing;

/// <summary>Off CI, the branch, commit, commit time and origin come from a real git repository.</summary>
[TestFixture]
[NonParallelizable]
public sealed class GitSourceSpecs
{
    private static readonly DateTimeOffset Committed = new(2024, 5, 1, 14, 0, 0, TimeSpan.FromHours(2));

    [Test]
    public async Task MultiArchTags_takes_the_branch_commit_and_commit_time_from_git()
    {
        // Given: a repository on feature/Login whose origin carries a token.
        using var repository = await GitRepository.CreateAsync("feature/Login", Committed);
        await repository.GitAsync("remote", "add", "origin", "https://ci-bot:ghp_Secret123@github.com/octo-org/hello-app.git");
        var revision = await repository.GitAsync("rev-parse", "HEAD");
        var context = Context(repository.Path);

        // When
        var tags = context.MultiArchTags(new MultiArchTagsSettings { Image = "registry.example.com/octo/hello", Title = "Hello" });

        // Then
        Assert.That(tags.Tag, Is.EqualTo("feature-login"));
        Assert.That(tags.ExtraTags, Is.EqualTo(new[] { "sha-" + revision[..7] }));
        Assert.That(tags.Labels["org.opencontainers.image.revision"], Is.EqualTo(revision));
        Assert.That(tags.Labels["org.opencontainers.image.created"], Is.EqualTo("2024-05-01T12:00:00Z"), "the commit's time, in UTC");
        Assert.That(tags.Labels["org.opencontainers.image.source"], Is.EqualTo("https://github.com/octo-org/hello-app"), "without the token");
        Assert.That(tags.Labels["org.opencontainers.image.title"], Is.EqualTo("Hello"));
        Assert.That(tags.ToString(), Does.Not.Contain("Secret"));
    }

    [Test]
    public async Task A_rebuild_of_the_same_commit_later_gets_the_same_labels()
    {
        // Given
        using var repository = await GitRepository.CreateAsync("main", Committed);
        var first = Context(repository.Path).MultiArchTags(new MultiArchTagsSettings { Image = "registry.example.com/octo/hello" });

        // When: a second build of the same commit, a second later.
        await Task.Delay(1100);
        var second = Context(repository.Path).MultiArchTags(new MultiArchTagsSettings { Image = "registry.example.com/octo/hello" });

        // Then
        Assert.That(second.Labels, Is.EqualTo(first.Labels));
        Assert.That(second.AllTags, Is.EqualTo(new[] { "main", "sha-" + first.Labels["org.opencontainers.image.revision"][..7] }));
    }

    [Test]
    public async Task SOURCE_DATE_EPOCH_sets_created_and_a_bad_one_says_what_it_should_hold()
    {
        // Given
        using var repository = await GitRepository.CreateAsync("main", Committed);
        var context = Context(repository.Path);
        context.Environment.Variables["SOURCE_DATE_EPOCH"] = "1700000000";

        // When
        var tags = context.MultiArchTags(new MultiArchTagsSettings { Image = "registry.example.com/octo/hello" });
        context.Environment.Variables["SOURCE_DATE_EPOCH"] = "yesterday";
        var exception = Assert.Throws<MultiArchException>(() => context.MultiArchTags(new MultiArchTagsSettings { Image = "registry.example.com/octo/hello" }));

        // Then
        Assert.That(tags.Labels["org.opencontainers.image.created"], Is.EqualTo("2023-11-14T22:13:20Z"));
        Assert.That(exception!.Message, Does.Contain("SOURCE_DATE_EPOCH is 'yesterday'").And.Contain("git log -1 --format=%ct"));
    }

    [Test]
    public async Task A_detached_head_has_no_branch_tag_and_Created_overrides_the_commit_time()
    {
        // Given: a checkout of a commit, as CIs check out tags.
        using var repository = await GitRepository.CreateAsync("main", Committed);
        await repository.CommitAsync("second", Committed.AddDays(1));
        await repository.GitAsync("checkout", "--quiet", "--detach", "HEAD~1");
        var revision = await repository.GitAsync("rev-parse", "HEAD");

        // When
        var tags = Context(repository.Path).MultiArchTags(new MultiArchTagsSettings
        {
            Image = "registry.example.com/octo/hello",
            Created = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Source = "https://example.com/hello",
        });

        // Then
        Assert.That(tags.AllTags, Is.EqualTo(new[] { "sha-" + revision[..7] }));
        Assert.That(tags.Labels["org.opencontainers.image.created"], Is.EqualTo("2030-01-02T03:04:05Z"));
        Assert.That(tags.Labels["org.opencontainers.image.source"], Is.EqualTo("https://example.com/hello"));
        Assert.That(tags.Labels.ContainsKey("org.opencontainers.image.title"), Is.True);
    }

    [Test]
    public void Outside_a_repository_and_without_a_version_there_is_no_tag_to_make()
    {
        // Given
        var folder = Directory.CreateTempSubdirectory("multiarch-no-git-");
        try
        {
            // When
            var exception = Assert.Throws<MultiArchException>(() =>
                Context(folder.FullName).MultiArchTags(new MultiArchTagsSettings { Image = "registry.example.com/octo/hello" }));

            // Then
            Assert.That(exception!.Message, Does.Contain("no Version was given").And.Contain("run in a git repository"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestCase("git@github.com:octo-org/hello-app.git", "https://github.com/octo-org/hello-app")]
    [TestCase("ssh://git@gitlab.example.com:2222/team/hello.git", "https://gitlab.example.com/team/hello")]
    [TestCase("https://user:token@dev.azure.com/org/project/_git/hello", "https://dev.azure.com/org/project/_git/hello")]
    [TestCase("https://github.com/octo-org/hello-app/", "https://github.com/octo-org/hello-app")]
    public void A_remote_becomes_a_web_address_without_credentials(string remote, string expected)
    {
        Assert.That(GitSource.WebAddress(remote), Is.EqualTo(expected));
    }

    [TestCase("", "The repository whose tags are read")]
    [TestCase("ghcr.io/Me/App", "upper-case")]
    [TestCase("ghcr.io/me/app:1.0", "contains a tag")]
    public void A_bad_image_names_the_problem_and_the_fix(string image, string expected)
    {
        var exception = Assert.Throws<MultiArchException>(() => TestCakeContext.OnCi().MultiArchTags(new MultiArchTagsSettings { Image = image }));

        Assert.That(exception!.Message, Does.Contain(expected).IgnoreCase.And.Contain("ghcr.io/me/app"));
    }

    [Test]
    public void A_version_that_is_not_semver_fails_before_git_or_the_registry_is_asked()
    {
        var exception = Assert.Throws<MultiArchException>(() =>
            TestCakeContext.OnCi().MultiArchTags(new MultiArchTagsSettings { Image = "ghcr.io/me/app", Version = "1.2" }));

        Assert.That(exception!.Message, Does.Contain("'1.2' is not a semantic version").And.Contain("MAJOR.MINOR.PATCH"));
    }

    // Off CI whatever CI runs the tests, in the repository's folder.
    private static TestCakeContext Context(string directory)
    {
        var context = TestCakeContext.OnCi();
        context.Environment.WorkingDirectory = directory;
        context.Environment.Variables["SOURCE_DATE_EPOCH"] = null;
        return context;
    }
}
