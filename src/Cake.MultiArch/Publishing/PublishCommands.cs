using static Cake.MultiArch.Docker.CommandTokens;

namespace Cake.MultiArch.Publishing;

/// <summary>
/// The argument tokens of publishing: <c>docker push</c>, <c>docker login</c>, <c>docker manifest</c> and <c>docker buildx imagetools create</c>. Pure functions from settings to tokens: nothing here runs a process or touches a file.
/// </summary>
internal static class PublishCommands
{
    /// <summary><c>docker push</c> of one tag.</summary>
    /// <param name="tag">The full tag, such as <c>127.0.0.1:5000/app:1.0-arm32v7</c>.</param>
    public static IReadOnlyList<string> Push(string tag) => ["push", tag];

    /// <summary><c>docker login</c> with the password read from standard input, never from the arguments.</summary>
    /// <param name="server">The registry, such as <c>ghcr.io</c>; empty for Docker Hub.</param>
    /// <param name="username">The user name.</param>
    public static IReadOnlyList<string> Login(string? server, string username)
    {
        var tokens = new List<string> { "login", "--username", username, "--password-stdin" };
        if (!string.IsNullOrWhiteSpace(server))
        {
            tokens.Add(server);
        }

        return tokens;
    }

    /// <summary><c>docker manifest create --amend</c> of a list from its per-arch images.</summary>
    /// <param name="list">The list's reference, such as <c>127.0.0.1:5000/app:1.0</c>.</param>
    /// <param name="entries">The per-arch images, by tag or by digest.</param>
    /// <param name="insecure">Whether the registry speaks plain HTTP or has an untrusted certificate.</param>
    public static IReadOnlyList<string> ManifestCreate(string list, IEnumerable<string> entries, bool insecure)
    {
        var tokens = new List<string> { "manifest", "create" };
        if (insecure)
        {
            tokens.Add("--insecure");
        }

        tokens.Add("--amend");
        tokens.Add(list);
        tokens.AddRange(entries);
        return tokens;
    }

    /// <summary><c>docker manifest annotate</c> of one entry with the platform the architecture type states.</summary>
    /// <param name="list">The list's reference.</param>
    /// <param name="entry">The entry's image, as given to create.</param>
    /// <param name="architecture">The entry's architecture.</param>
    public static IReadOnlyList<string> ManifestAnnotate(string list, string entry, CpuArchitecture architecture)
    {
        var tokens = new List<string> { "manifest", "annotate", "--os", architecture.Os, "--arch", architecture.OciArchitecture };
        if (architecture.Variant is not null)
        {
            tokens.Add("--variant");
            tokens.Add(architecture.Variant);
        }

        tokens.Add(list);
        tokens.Add(entry);
        return tokens;
    }

    /// <summary><c>docker manifest push --purge</c>: publishes the list and drops the local copy.</summary>
    /// <param name="list">The list's reference.</param>
    /// <param name="insecure">Whether the registry speaks plain HTTP or has an untrusted certificate.</param>
    public static IReadOnlyList<string> ManifestPush(string list, bool insecure) =>
        insecure ? ["manifest", "push", "--insecure", "--purge", list] : ["manifest", "push", "--purge", list];

    /// <summary><c>docker manifest rm</c>: drops a local list that was not pushed.</summary>
    /// <param name="list">The list's reference.</param>
    public static IReadOnlyList<string> ManifestRemove(string list) => ["manifest", "rm", list];

    /// <summary><c>docker buildx imagetools create --tag LIST SOURCES</c>: a manifest list made by buildx from pushed images.</summary>
    /// <param name="tags">The list's tags.</param>
    /// <param name="sources">The per-arch images, by digest.</param>
    public static IReadOnlyList<string> ImagetoolsCreate(IEnumerable<string> tags, IEnumerable<string> sources)
    {
        var tokens = new List<string> { "buildx", "imagetools", "create" };
        AddEach(tokens, "--tag", tags);
        tokens.AddRange(sources);
        return tokens;
    }
}
