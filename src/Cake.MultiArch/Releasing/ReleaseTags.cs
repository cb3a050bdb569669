using System.Text;
using Cake.MultiArch.Images;

namespace Cake.MultiArch.Releasing;

/// <summary>
/// Which tags a build gets, decided in memory: a release's full, short and <c>latest</c> tags against the releases the
/// registry already holds, and the branch, pull-request and commit tags.
/// </summary>
internal static class ReleaseTags
{
    /// <summary>The length of the commit sha in a <c>sha-</c> tag, as git abbreviates it.</summary>
    public const int ShaLength = 7;

    /// <summary>
    /// The tags a version gets besides its full one. A release gets <c>MAJOR.MINOR</c>, <c>MAJOR</c> (not for 0.x, whose
    /// minor versions may break) and <c>latest</c>, each only when the registry holds no higher release that the tag
    /// should stay on: a 1.2.3 built after 1.3.0 is published gets <c>1.2</c> but neither <c>1</c> nor <c>latest</c>.
    /// A pre-release gets none of them.
    /// </summary>
    /// <param name="version">The version built.</param>
    /// <param name="registryTags">The tags the repository already holds; those that are not semantic versions are ignored.</param>
    /// <param name="latest">Whether <c>latest</c> may be made.</param>
    /// <param name="shortTags">Whether the short tags may be made.</param>
    public static IReadOnlyList<string> ForVersion(SemanticVersion version, IEnumerable<string> registryTags, bool latest, bool shortTags)
    {
        if (version.IsPreRelease)
        {
            return [];
        }

        var higher = registryTags
            .Select(t => SemanticVersion.TryParse(t.Replace('_', '+'), out var v) ? v : null)
            .OfType<SemanticVersion>()
            .Where(v => !v.IsPreRelease && v.CompareTo(version) > 0)
            .ToList();
        var tags = new List<string>();
        if (shortTags && !higher.Any(v => v.Major == version.Major && v.Minor == version.Minor))
        {
            tags.Add($"{version.Major}.{version.Minor}");
        }

        if (shortTags && version.Major > 0 && !higher.Any(v => v.Major == version.Major))
        {
            tags.Add($"{version.Major}");
        }

        if (latest && higher.Count == 0)
        {
            tags.Add(ImageReference.DefaultTag);
        }

        return tags;
    }

    /// <summary>
    /// A branch as a docker tag: <c>refs/heads/</c> dropped, lower case, every character a tag may not hold written
    /// <c>-</c> (<c>feature/X</c> is <c>feature-x</c>), no leading <c>.</c> or <c>-</c>, at most 128 characters;
    /// <see langword="null"/> when nothing is left.
    /// </summary>
    /// <param name="branch">The branch, such as <c>refs/heads/feature/x</c> or <c>main</c>.</param>
    public static string? ForBranch(string branch)
    {
        const string heads = "refs/heads/";
        var name = branch.StartsWith(heads, StringComparison.Ordinal) ? branch[heads.Length..] : branch;
        var text = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            text.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '.' or '-' ? c : '-');
        }

        var tag = text.ToString().TrimStart('.', '-');
        tag = tag.Length > ImageReference.MaxTagLength ? tag[..ImageReference.MaxTagLength] : tag;
        return ReferenceProblems.Tag(tag) is null ? tag : null;
    }

    /// <summary>
    /// The primary tag and the extra tags of a build. With a version the primary tag is the version; on a pull request
    /// no release tag moves (no short tags, no <c>latest</c>). Without a version the primary tag is the first of the
    /// pull-request, branch and sha tags.
    /// </summary>
    /// <param name="settings">Which tags to make.</param>
    /// <param name="version">The version, if any.</param>
    /// <param name="facts">The branch, pull request and revision.</param>
    /// <param name="registryTags">The tags the repository holds (only read for a release).</param>
    /// <returns>The primary tag first, then the extra tags, without duplicates.</returns>
    public static IReadOnlyList<string> Decide(MultiArchTagsSettings settings, SemanticVersion? version, SourceFacts facts, IEnumerable<string> registryTags)
    {
        var tags = new List<string>();
        if (version is not null)
        {
            if (ReferenceProblems.Tag(version.ToTag()) is { } problem)
            {
                throw new MultiArchException(
                    $"The version '{version}' makes the tag '{version.ToTag()}', which is not a valid tag: {problem}. Use a shorter pre-release or build metadata.");
            }

            tags.Add(version.ToTag());
            if (facts.PullRequest is null)
            {
                tags.AddRange(ForVersion(version, registryTags, settings.Latest, settings.ShortTags));
            }
        }

        if (settings.PullRequestTag && facts.PullRequest is { } number)
        {
            tags.Add($"pr-{number}");
        }

        if (settings.BranchTag && facts.PullRequest is null && facts.Branch is { } branch && ForBranch(branch) is { } branchTag)
        {
            tags.Add(branchTag);
        }

        if (settings.ShaTag && facts.Revision is { Length: >= ShaLength } revision)
        {
            tags.Add("sha-" + revision[..ShaLength].ToLowerInvariant());
        }

        if (tags.Count == 0)
        {
            throw new MultiArchException(
                $"MultiArchTags has no tag to make for {settings.Image}: no Version was given, and neither the CI nor git " +
                "told a branch, pull request or commit (or their tags are turned off). Give Version = \"1.2.3\", run in a git " +
                "repository, or turn on BranchTag, ShaTag or PullRequestTag.");
        }

        return tags.Distinct(StringComparer.Ordinal).ToList();
    }
}
