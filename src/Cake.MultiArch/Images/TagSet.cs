namespace Cake.MultiArch.Images;

/// <summary>The full tags a publication gets: its main tag and its extra tags.</summary>
internal static class TagSet
{
    /// <summary>
    /// Full tags for a main tag and extra tags: an extra tag that is bare (<c>latest</c>) goes on the main tag's repository,
    /// one with a repository of its own is kept as it is. The main tag comes first; duplicates are dropped.
    /// </summary>
    /// <param name="mainTag">The main tag, such as <c>ghcr.io/me/app:1.0</c>.</param>
    /// <param name="extraTags">More tags, bare or full.</param>
    public static IReadOnlyList<string> Of(string mainTag, IEnumerable<string> extraTags) =>
        new[] { mainTag }
            .Concat(extraTags.Select(t => t.Contains(':', StringComparison.Ordinal) || t.Contains('/', StringComparison.Ordinal) ? t : $"{WrittenReference.Of(mainTag).Name}:{t}"))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
}
