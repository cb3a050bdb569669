using System.Globalization;
using Cake.Core;

namespace Cake.MultiArch.Releasing;

/// <summary>
/// The branch, pull request, commit and repository the CI builds, from Cake's build-system information on GitHub
/// Actions, Azure Pipelines and Travis CI (and the CI's documented variables where Cake's model lacks one).
/// </summary>
internal static class CiSource
{
    private const string PullRefPrefix = "refs/pull/";
    private const string HeadsPrefix = "refs/heads/";
    private const string TagsPrefix = "refs/tags/";

    /// <summary>What the CI says; <see cref="SourceFacts.None"/> off CI.</summary>
    /// <param name="context">The Cake context.</param>
    public static SourceFacts Read(ICakeContext context)
    {
        var environment = context.Environment;
        if (CiBuildSystem.Detect(context) is not { } system)
        {
            return SourceFacts.None;
        }

        if (system.IsRunningOnGitHubActions)
        {
            var workflow = system.GitHubActions.Environment.Workflow;
            // GITHUB_HEAD_REF is set on pull_request and pull_request_target builds alike; Cake knows the first.
            var isPullRequest = system.GitHubActions.Environment.PullRequest.IsPullRequest || Known(workflow.HeadRef) is not null;
            var source = Known(workflow.ServerUrl) is { } server && Known(workflow.Repository) is { } repository ? $"{server.TrimEnd('/')}/{repository}" : null;

            // A pull_request_target build runs on the base branch's ref: a pull request's build never gets a branch tag.
            return new SourceFacts(isPullRequest ? null : BranchOfRef(workflow.Ref), isPullRequest ? PullRequestOfRef(workflow.Ref) : null, Known(workflow.Sha), source, null)
            {
                GitTag = TagOfRef(workflow.Ref),
            };
        }

        if (system.IsRunningOnAzurePipelines)
        {
            var azure = system.AzurePipelines.Environment;
            var request = azure.PullRequest;
            long? pullRequest = !request.IsPullRequest ? null : request.Number > 0 ? request.Number : request.Id > 0 ? request.Id : null;
            var uri = Known(environment.GetEnvironmentVariable("BUILD_REPOSITORY_URI"));
            return new SourceFacts(BranchOfRef(azure.Repository.SourceBranch), pullRequest, Known(azure.Repository.SourceVersion), uri is null ? null : GitSource.WebAddress(uri), null)
            {
                GitTag = TagOfRef(azure.Repository.SourceBranch),
            };
        }

        if (system.IsRunningOnTravisCI)
        {
            var travis = system.TravisCI.Environment;
            long? pullRequest = travis.PullRequest.IsPullRequest && travis.PullRequest.Id > 0 ? travis.PullRequest.Id : null;

            // On a pull request TRAVIS_BRANCH holds the target branch, on a tag's build the tag.
            var tag = Known(environment.GetEnvironmentVariable("TRAVIS_TAG"));
            var branch = pullRequest is null && tag is null ? Known(travis.Build.Branch) : null;
            var slug = Known(travis.Repository.Slug);
            return new SourceFacts(branch, pullRequest, Known(travis.Repository.Commit), slug is null ? null : $"https://github.com/{slug}", null)
            {
                GitTag = pullRequest is null ? tag : null,
            };
        }

        return SourceFacts.None;
    }

    /// <summary>The branch of a ref such as <c>refs/heads/main</c>; <see langword="null"/> for tags and pull requests' refs.</summary>
    /// <param name="reference">The ref the CI builds.</param>
    internal static string? BranchOfRef(string? reference) =>
        Known(reference) is not { } value ? null
        : value.StartsWith(HeadsPrefix, StringComparison.Ordinal) ? value[HeadsPrefix.Length..]
        : value.StartsWith("refs/", StringComparison.Ordinal) ? null
        : value;

    /// <summary>The tag of a ref such as <c>refs/tags/v1.2.3</c>; <see langword="null"/> for branches and pull requests' refs.</summary>
    /// <param name="reference">The ref the CI builds.</param>
    internal static string? TagOfRef(string? reference) =>
        Known(reference) is { } value && value.StartsWith(TagsPrefix, StringComparison.Ordinal) && value.Length > TagsPrefix.Length
            ? value[TagsPrefix.Length..]
            : null;

    /// <summary>The number of a pull request's ref, such as <c>refs/pull/42/merge</c>.</summary>
    /// <param name="reference">The ref the CI builds.</param>
    internal static long? PullRequestOfRef(string? reference)
    {
        if (reference is null || !reference.StartsWith(PullRefPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var number = reference[PullRefPrefix.Length..].Split('/')[0];
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static string? Known(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
