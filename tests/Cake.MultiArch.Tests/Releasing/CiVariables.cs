namespace Cake.MultiArch.Tests.Releasing;

/// <summary>
/// The variables each CI really sets for a push, a pull request and a tag (as their documentation lists them, values
/// from real runs), every one of them given, so that a test sees these whichever CI runs it.
/// </summary>
internal static class CiVariables
{
    public const string Sha = "6f1ed002ab5595859014ebf0951522d9b1a7d0f3";

    public static (string, string)[] GitHubPush(string reference) =>
    [
        ("GITHUB_ACTIONS", "true"), ("GITHUB_EVENT_NAME", "push"), ("GITHUB_REF", reference),
        ("GITHUB_REF_NAME", reference.Split('/', 3)[^1]), ("GITHUB_REF_TYPE", reference.StartsWith("refs/tags/", StringComparison.Ordinal) ? "tag" : "branch"),
        ("GITHUB_HEAD_REF", ""), ("GITHUB_BASE_REF", ""), ("GITHUB_SHA", Sha),
        ("GITHUB_SERVER_URL", "https://github.com"), ("GITHUB_REPOSITORY", "octo-org/hello-app"),
    ];

    public static (string, string)[] GitHubPullRequest =>
    [
        ("GITHUB_ACTIONS", "true"), ("GITHUB_EVENT_NAME", "pull_request"), ("GITHUB_REF", "refs/pull/42/merge"),
        ("GITHUB_REF_NAME", "42/merge"), ("GITHUB_REF_TYPE", "branch"), ("GITHUB_HEAD_REF", "feature/login"), ("GITHUB_BASE_REF", "main"),
        ("GITHUB_SHA", Sha), ("GITHUB_SERVER_URL", "https://github.com"), ("GITHUB_REPOSITORY", "octo-org/hello-app"),
    ];

    public static (string, string)[] GitHubPullRequestTarget =>
    [
        ("GITHUB_ACTIONS", "true"), ("GITHUB_EVENT_NAME", "pull_request_target"), ("GITHUB_REF", "refs/heads/main"),
        ("GITHUB_REF_NAME", "main"), ("GITHUB_REF_TYPE", "branch"), ("GITHUB_HEAD_REF", "feature/login"), ("GITHUB_BASE_REF", "main"),
        ("GITHUB_SHA", Sha), ("GITHUB_SERVER_URL", "https://github.com"), ("GITHUB_REPOSITORY", "octo-org/hello-app"),
    ];

    public static (string, string)[] AzurePush =>
    [
        ("TF_BUILD", "True"), ("BUILD_REASON", "IndividualCI"), ("BUILD_SOURCEBRANCH", "refs/heads/release/2.x"),
        ("BUILD_SOURCEBRANCHNAME", "2.x"), ("BUILD_SOURCEVERSION", Sha),
        ("BUILD_REPOSITORY_URI", "https://fabrikam@dev.azure.com/fabrikam/Fiber/_git/hello-app"),
        ("SYSTEM_PULLREQUEST_PULLREQUESTID", ""), ("SYSTEM_PULLREQUEST_PULLREQUESTNUMBER", ""), ("SYSTEM_PULLREQUEST_SOURCEBRANCH", ""),
    ];

    public static (string, string)[] AzureTag =>
    [
        ("TF_BUILD", "True"), ("BUILD_REASON", "IndividualCI"), ("BUILD_SOURCEBRANCH", "refs/tags/v2.0.0"),
        ("BUILD_SOURCEBRANCHNAME", "v2.0.0"), ("BUILD_SOURCEVERSION", Sha),
        ("BUILD_REPOSITORY_URI", "https://fabrikam@dev.azure.com/fabrikam/Fiber/_git/hello-app"),
        ("SYSTEM_PULLREQUEST_PULLREQUESTID", ""), ("SYSTEM_PULLREQUEST_PULLREQUESTNUMBER", ""), ("SYSTEM_PULLREQUEST_SOURCEBRANCH", ""),
    ];

    public static (string, string)[] AzurePullRequest =>
    [
        ("TF_BUILD", "True"), ("BUILD_REASON", "PullRequest"), ("BUILD_SOURCEBRANCH", "refs/pull/17/merge"),
        ("BUILD_SOURCEBRANCHNAME", "merge"), ("BUILD_SOURCEVERSION", Sha),
        ("BUILD_REPOSITORY_URI", "https://dev.azure.com/fabrikam/Fiber/_git/hello-app"),
        ("SYSTEM_PULLREQUEST_PULLREQUESTID", "17"), ("SYSTEM_PULLREQUEST_PULLREQUESTNUMBER", ""),
        ("SYSTEM_PULLREQUEST_SOURCEBRANCH", "refs/heads/feature/login"), ("SYSTEM_PULLREQUEST_TARGETBRANCH", "refs/heads/main"),
    ];

    public static (string, string)[] TravisPush =>
    [
        ("TRAVIS", "true"), ("CI", "true"), ("TRAVIS_EVENT_TYPE", "push"), ("TRAVIS_BRANCH", "main"), ("TRAVIS_PULL_REQUEST", "false"),
        ("TRAVIS_PULL_REQUEST_BRANCH", ""), ("TRAVIS_TAG", ""), ("TRAVIS_COMMIT", Sha), ("TRAVIS_REPO_SLUG", "octo-org/hello-app"),
    ];

    public static (string, string)[] TravisPullRequest =>
    [
        ("TRAVIS", "true"), ("CI", "true"), ("TRAVIS_EVENT_TYPE", "pull_request"), ("TRAVIS_BRANCH", "main"), ("TRAVIS_PULL_REQUEST", "7"),
        ("TRAVIS_PULL_REQUEST_BRANCH", "feature/login"), ("TRAVIS_TAG", ""), ("TRAVIS_COMMIT", Sha), ("TRAVIS_REPO_SLUG", "octo-org/hello-app"),
    ];

    public static (string, string)[] TravisTag =>
    [
        ("TRAVIS", "true"), ("CI", "true"), ("TRAVIS_EVENT_TYPE", "push"), ("TRAVIS_BRANCH", "v1.2.3"), ("TRAVIS_PULL_REQUEST", "false"),
        ("TRAVIS_PULL_REQUEST_BRANCH", ""), ("TRAVIS_TAG", "v1.2.3"), ("TRAVIS_COMMIT", Sha), ("TRAVIS_REPO_SLUG", "octo-org/hello-app"),
    ];
}
