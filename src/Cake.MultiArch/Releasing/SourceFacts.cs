namespace Cake.MultiArch.Releasing;

/// <summary>
/// What the build knows about the commit it builds, from the CI's variables or from git: each part
/// <see langword="null"/> where neither says.
/// </summary>
/// <param name="Branch">The branch, such as <c>main</c> or <c>feature/x</c> (not a tag, not a pull request's merge ref).</param>
/// <param name="PullRequest">The pull request's number, when the build is one.</param>
/// <param name="Revision">The commit's full sha.</param>
/// <param name="Source">The repository's web address, without credentials, such as <c>https://github.com/me/app</c>.</param>
/// <param name="CommitTime">When the commit was made (its committer date).</param>
internal sealed record SourceFacts(string? Branch, long? PullRequest, string? Revision, string? Source, DateTimeOffset? CommitTime)
{
    /// <summary>The git tag the CI builds, such as <c>v1.2.3</c>, when the build is a tag's; else <see langword="null"/>.</summary>
    public string? GitTag { get; init; }

    /// <summary>Nothing known.</summary>
    public static SourceFacts None { get; } = new(null, null, null, null, null);

    /// <summary>These facts, each part that is missing taken from <paramref name="fallback"/>.</summary>
    /// <param name="fallback">Facts from a source that is asked second (git, after the CI).</param>
    public SourceFacts Or(SourceFacts fallback) => new(
        Branch ?? (PullRequest is null ? fallback.Branch : null),
        PullRequest ?? fallback.PullRequest,
        Revision ?? fallback.Revision,
        Source ?? fallback.Source,
        CommitTime ?? fallback.CommitTime)
    {
        GitTag = GitTag ?? fallback.GitTag,
    };
}
