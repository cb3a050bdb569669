namespace Cake.MultiArch;

/// <summary>
/// A BuildKit build cache kept in a registry between runs, one cache per architecture: each architecture reads and writes
/// <c>&lt;Repository&gt;:&lt;Scope&gt;-&lt;arch&gt;</c> (such as <c>ghcr.io/me/app-cache:buildcache-arm64v8</c>), so
/// that the architectures never replace each other's cache. Pulled and pushed with the same credentials as the images.
/// </summary>
public sealed class RegistryCache
{
    /// <summary>The repository the cache is kept in, such as <c>ghcr.io/me/app-cache</c> (no tag). Required.</summary>
    public string Repository { get; set; } = "";

    /// <summary>
    /// The front of each architecture's cache tag: <c>&lt;Scope&gt;-&lt;arch&gt;</c>. Defaults to <c>buildcache</c>; give
    /// builds that must not share a cache (another Dockerfile, a release branch) scopes of their own.
    /// </summary>
    public string Scope { get; set; } = "buildcache";

    /// <summary>Which layers are written: <see cref="RegistryCacheMode.Max"/> (every step's, the default) or <see cref="RegistryCacheMode.Min"/>.</summary>
    public RegistryCacheMode Mode { get; set; } = RegistryCacheMode.Max;

    /// <summary>Read the cache without writing it, as a pull-request build that must not change the cache does. Off by default.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>The cache reference of one architecture: <c>&lt;Repository&gt;:&lt;Scope&gt;-&lt;arch&gt;</c>.</summary>
    /// <param name="architecture">The architecture.</param>
    internal string ReferenceOf(CpuArchitecture architecture) => $"{Repository}:{Scope}-{architecture.Name}";

    /// <summary>What is wrong with this cache for these architectures, as (problem, fix); empty when all is well.</summary>
    /// <param name="architectures">The architectures whose cache tags are made.</param>
    internal IReadOnlyList<(string Problem, string Fix)> Problems(IEnumerable<CpuArchitecture> architectures)
    {
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(Repository))
        {
            problems.Add(("RegistryCache.Repository is empty.", "Set it to the repository the cache is kept in, such as \"ghcr.io/me/app-cache\", or leave RegistryCache null."));
        }
        else if (Images.ReferenceProblems.ImageName(Repository) is { } repositoryProblem)
        {
            problems.Add(($"RegistryCache.Repository '{Repository}' is not a valid repository name: {repositoryProblem}.",
                Images.ReferenceProblems.ImageNameFix + " Each architecture's cache tag is made from Scope."));
        }

        var longest = architectures.MaxBy(a => a.Name.Length);
        var tag = longest is null ? Scope : $"{Scope}-{longest.Name}";
        if (Images.ReferenceProblems.Tag(string.IsNullOrEmpty(Scope) ? null : tag) is { } tagProblem)
        {
            problems.Add(($"RegistryCache.Scope '{Scope}' makes the cache tag '{tag}', which is not a valid tag: {tagProblem}.",
                "Use letters, digits, '_', '.' and '-', not starting with '.' or '-', short enough for '-<arch>' to follow within 128 characters, such as \"buildcache\"."));
        }

        return problems;
    }
}
