namespace Cake.MultiArch.Images;

/// <summary>
/// A reference's parts as its text writes them, found the way docker finds them and neither checked nor normalised
/// (<c>alpine</c> stays <c>alpine</c>, with no registry written). The one place a reference's text is split:
/// <see cref="ImageReference"/> checks and normalises these parts, and code that keeps a reference's own spelling
/// (a pushed image's repository, docker's RepoDigests) reads them here.
/// </summary>
/// <param name="Registry">The registry host and port, or <see langword="null"/> when the text starts with the repository path.</param>
/// <param name="Path">The repository path, such as <c>team/app</c>.</param>
/// <param name="Tag">The tag, or <see langword="null"/> when the text has none.</param>
/// <param name="Digest">The digest, or <see langword="null"/> when the text has none.</param>
internal readonly record struct WrittenReference(string? Registry, string Path, string? Tag, string? Digest)
{
    /// <summary>The repository as written, without tag or digest: <c>127.0.0.1:5000/app</c>, <c>alpine</c>.</summary>
    public string Name => Registry is null ? Path : $"{Registry}/{Path}";

    /// <summary>Whether the text names a registry on this machine (see <see cref="ImageReference.IsLoopbackRegistry"/>).</summary>
    public bool IsOnLoopback => Registry is not null && ImageReference.IsLoopbackRegistry(Registry);

    /// <summary>
    /// Splits a reference's text: the digest follows the first '@', the tag the first ':' after the last '/', and the
    /// rest is the name, split by <see cref="SplitRegistry"/>. Any text splits; whether the parts are valid is
    /// <see cref="ImageReference"/>'s to say.
    /// </summary>
    /// <param name="text">The reference, such as <c>localhost:5000/team/app:1.0</c>.</param>
    public static WrittenReference Of(string text)
    {
        string? digest = null;
        var remainder = text;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = text[(at + 1)..];
            remainder = text[..at];
        }

        string? tag = null;
        var name = remainder;
        var colon = remainder.IndexOf(':', remainder.LastIndexOf('/') + 1);
        if (colon >= 0)
        {
            tag = remainder[(colon + 1)..];
            name = remainder[..colon];
        }

        var (registry, path) = SplitRegistry(name);
        return new WrittenReference(registry, path, tag, digest);
    }

    /// <summary>
    /// Splits a name into registry and repository path as docker's <c>splitDockerDomain</c> does: the first component,
    /// when a '/' follows it, is a registry if it has a host's spelling (<see cref="HasHostSpelling"/>) or any upper
    /// case, which repository paths never have.
    /// </summary>
    /// <param name="name">The name, without tag or digest.</param>
    public static (string? Registry, string Path) SplitRegistry(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (null, name);
        }

        var first = name[..slash];
        return HasHostSpelling(first) || first.Any(char.IsUpper) ? (first, name[(slash + 1)..]) : (null, name);
    }

    /// <summary>Whether a name component is spelled as only a host is: it has a '.' or a ':' (a port), or is <c>localhost</c>.</summary>
    /// <param name="component">The first component of a name.</param>
    public static bool HasHostSpelling(string component) =>
        component.Contains('.', StringComparison.Ordinal) || component.Contains(':', StringComparison.Ordinal) || component == "localhost";
}
