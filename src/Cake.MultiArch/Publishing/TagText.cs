namespace Cake.MultiArch.Publishing;

/// <summary>Splits a tag reference such as <c>host:5000/app:1.0</c> into its repository and tag.</summary>
internal static class TagText
{
    /// <summary>The repository: everything before the tag's colon (a colon in the registry's port is not a tag).</summary>
    /// <param name="reference">The image reference.</param>
    public static string RepositoryOf(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            reference = reference[..at];
        }

        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/') ? reference[..colon] : reference;
    }

    /// <summary>The registry host of a reference, such as <c>127.0.0.1:5000</c>, or <c>docker.io</c> when none is named.</summary>
    /// <param name="reference">The image reference.</param>
    public static string RegistryOf(string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return "docker.io";
        }

        var first = reference[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" ? first : "docker.io";
    }

    /// <summary>Whether a registry is on this machine (127.0.0.0/8, ::1, localhost), which Docker treats as insecure.</summary>
    /// <param name="registry">The registry host, with or without port.</param>
    public static bool IsLoopback(string registry)
    {
        var host = registry.StartsWith('[') ? registry[1..registry.IndexOf(']', StringComparison.Ordinal)] : registry.Split(':')[0];
        return host == "localhost" || host.StartsWith("127.", StringComparison.Ordinal) || host == "::1";
    }

    /// <summary>
    /// Full tags for a main tag and extra tags: an extra tag that is bare (<c>latest</c>) goes on the main tag's repository,
    /// one with a repository of its own is kept as it is. The main tag comes first; duplicates are dropped.
    /// </summary>
    /// <param name="mainTag">The main tag, such as <c>ghcr.io/me/app:1.0</c>.</param>
    /// <param name="extraTags">More tags, bare or full.</param>
    public static IReadOnlyList<string> WithExtraTags(string mainTag, IEnumerable<string> extraTags) =>
        new[] { mainTag }
            .Concat(extraTags.Select(t => t.Contains(':', StringComparison.Ordinal) || t.Contains('/', StringComparison.Ordinal) ? t : $"{RepositoryOf(mainTag)}:{t}"))
            .Distinct(StringComparer.Ordinal)
            .ToArray();
}
