using System.Text.RegularExpressions;

namespace Cake.MultiArch.Images;

/// <summary>
/// The grammar of the distribution project's <c>reference</c> package: what makes a registry host, a repository path,
/// a tag and a digest valid, and what to write instead when one is not. Parsing checks the parts that
/// <see cref="WrittenReference"/> finds in the text, then normalises them as docker does.
/// </summary>
internal sealed partial class ImageReference
{
    /// <summary>The longest repository name, registry included, that a registry accepts.</summary>
    internal const int MaxNameLength = 255;

    /// <summary>The longest tag.</summary>
    internal const int MaxTagLength = 128;

    private static string? Validate(string? value, out string? registry, out string? repository, out string? tag, out string? digest)
    {
        registry = repository = tag = digest = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return "The image reference is empty. Give one such as 'alpine:3.19' or 'localhost:5000/team/app:1.0'.";
        }

        var shown = $"'{value}'";
        if (value.Any(char.IsWhiteSpace))
        {
            return $"The image reference {shown} contains white space. Image references never do: remove the spaces " +
                   "(a tag is separated by ':', as in 'team/app:1.0').";
        }

        if (value.StartsWith('/'))
        {
            return $"The image reference {shown} starts with '/'. Write the registry or repository first: " +
                   $"'{value.TrimStart('/')}' or 'localhost:5000/{value.TrimStart('/')}'.";
        }

        var written = WrittenReference.Of(value);
        digest = written.Digest;
        if (digest is not null && DigestError(digest) is { } digestError)
        {
            return $"The image reference {shown} has an invalid digest: {digestError}";
        }

        tag = written.Tag;
        if (tag is not null && TagError(tag) is { } tagError)
        {
            return $"The image reference {shown} has an invalid tag: {tagError}";
        }

        if (written.Name.Length == 0)
        {
            return $"The image reference {shown} has no repository name before the tag or digest. Give one, as in 'team/app:1.0'.";
        }

        if (written.Registry is { } writtenRegistry && RegistryError(writtenRegistry) is { } registryError)
        {
            return $"The image reference {shown} has an invalid registry '{writtenRegistry}': {registryError}";
        }

        // docker keeps the index.docker.io spelling only as an alias of docker.io.
        registry = written.Registry is null || IsDockerHubName(written.Registry) ? DockerHubRegistry : written.Registry;
        var path = written.Path;
        if (PathError(path, "The image reference " + shown) is { } pathError)
        {
            return pathError;
        }

        if (registry == DockerHubRegistry && !path.Contains('/'))
        {
            path = "library/" + path;
        }

        if (registry.Length + 1 + path.Length > MaxNameLength)
        {
            return $"The image reference {shown} names a repository of {registry.Length + 1 + path.Length} characters; " +
                   $"the limit is {MaxNameLength}. Use a shorter repository path.";
        }

        repository = path;
        return null;
    }

    private static string? PathError(string path, string subject)
    {
        if (path.Length == 0)
        {
            return $"{subject} has a registry but no repository. Add one, as in 'localhost:5000/team/app'.";
        }

        foreach (var component in path.Split('/'))
        {
            if (component.Length == 0)
            {
                return $"{subject} has an empty path component ('//' or a trailing '/'). " +
                       "Remove the extra '/'.";
            }

            if (PathComponent().IsMatch(component))
            {
                continue;
            }

            if (component.Any(char.IsUpper))
            {
                return $"{subject} has upper case in '{component}'. Repository names must be lower case: " +
                       $"use '{component.ToLowerInvariant()}'.";
            }

            if (component.Contains(".."))
            {
                return $"{subject} has '..' in '{component}'. A path component may contain a single '.', " +
                       "'_', '__' or dashes between letters and digits: use one '.'.";
            }

            if (component.IndexOfAny(['.', '_', '-']) is 0 || "._-".Contains(component[^1]))
            {
                return $"{subject} has '{component}', which starts or ends with a separator. " +
                       "Path components must start and end with a lower-case letter or digit.";
            }

            if (component.Contains("___") || component.Contains("._") || component.Contains("_.") ||
                component.Contains(".-") || component.Contains("-.") || component.Contains("_-") || component.Contains("-_"))
            {
                return $"{subject} has mixed separators in '{component}'. Between letters and digits use " +
                       "one of '.', '_', '__' or dashes.";
            }

            var bad = component.First(c => !(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '_' or '-'));
            return $"{subject} has the character '{bad}' in '{component}'. Repository names may contain only " +
                   "lower-case letters, digits and the separators '.', '_', '__' and '-'.";
        }

        return null;
    }

    /// <summary>What is wrong with a repository path such as <c>team/app</c>; <see langword="null"/> when it is valid.</summary>
    /// <param name="path">The repository path, without registry, tag or digest.</param>
    internal static string? RepositoryError(string path) =>
        path.Length == 0 ? "The repository name is empty. Give one, such as 'team/app'." : PathError(path, $"The repository '{path}'");

    /// <summary>Whether a repository path component follows the reference grammar (lower case, single separators).</summary>
    /// <param name="component">One component between slashes.</param>
    internal static bool IsPathComponent(string component) => PathComponent().IsMatch(component);

    /// <summary>
    /// Whether a manifest reference of the registry API (what follows a repository) is a digest rather than a tag: a
    /// digest always has its algorithm and a colon, which no tag may contain.
    /// </summary>
    /// <param name="tagOrDigest">A tag, such as <c>1.0</c>, or a digest, such as <c>sha256:...</c>.</param>
    internal static bool IsDigest(string tagOrDigest) => tagOrDigest.Contains(':', StringComparison.Ordinal);

    /// <summary>What is wrong with a registry host (and port); <see langword="null"/> when it is valid.</summary>
    /// <param name="registry">The registry, such as <c>localhost:5000</c>.</param>
    internal static string? RegistryError(string registry)
    {
        var host = registry;
        var colon = registry.LastIndexOf(':');
        if (registry.StartsWith('['))
        {
            var close = registry.IndexOf(']');
            if (close < 0)
            {
                return "an IPv6 address must be closed with ']'.";
            }

            host = registry[..(close + 1)];
            colon = close + 1 < registry.Length && registry[close + 1] == ':' ? close + 1 : -1;
            if (close + 1 < registry.Length && colon < 0)
            {
                return "only ':port' may follow an IPv6 address.";
            }
        }
        else if (colon >= 0)
        {
            host = registry[..colon];
        }

        if (colon >= 0)
        {
            var port = registry[(colon + 1)..];
            if (port.Length == 0 || !port.All(char.IsAsciiDigit))
            {
                return $"the port '{port}' is not a number. Write host:port, as in 'localhost:5000'.";
            }
        }

        if (host.StartsWith('['))
        {
            return System.Net.IPAddress.TryParse(host[1..^1], out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? null
                : $"'{host}' is not an IPv6 address.";
        }

        return RegistryHost().IsMatch(host)
            ? null
            : $"'{host}' is not a host name. Host names contain letters, digits, '-' and '.' (not at the start or end of a part).";
    }

    internal static string? TagError(string tag)
    {
        if (tag.Length == 0)
        {
            return "it is empty. Write a tag after ':' (as in 'app:1.0') or leave out the ':'.";
        }

        if (tag.Length > MaxTagLength)
        {
            return $"it is {tag.Length} characters long; the limit is {MaxTagLength}. Use a shorter tag.";
        }

        return TagPattern().IsMatch(tag)
            ? null
            : $"'{tag}' may contain only letters, digits, '_', '.' and '-', and must not start with '.' or '-'.";
    }

    internal static string? DigestError(string digest)
    {
        var colon = digest.IndexOf(':');
        if (colon <= 0)
        {
            return $"'{digest}' is not algorithm:hex. Write a digest as 'sha256:' followed by 64 hex digits.";
        }

        if (!DigestAlgorithm().IsMatch(digest[..colon]))
        {
            return $"'{digest[..colon]}' is not a digest algorithm. Use 'sha256'.";
        }

        var hex = digest[(colon + 1)..];
        if (hex.Length == 0 || !hex.All(char.IsAsciiHexDigit))
        {
            return $"'{hex}' is not hex. Write a digest as 'sha256:' followed by 64 hex digits, as docker prints it.";
        }

        if (digest[..colon] == "sha256" && hex.Length != 64)
        {
            return $"a sha256 digest has 64 hex digits, '{digest}' has {hex.Length}. Copy the digest whole, as docker prints it.";
        }

        return DigestHex().IsMatch(hex)
            ? null
            : $"'{hex}' has {hex.Length} hex digits; a digest has at least 32. Copy the digest whole, as docker prints it.";
    }

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")]
    private static partial Regex PathComponent();

    [GeneratedRegex("^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*$")]
    private static partial Regex RegistryHost();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*$")]
    private static partial Regex DigestAlgorithm();

    [GeneratedRegex("^[0-9a-fA-F]{32,}$")]
    private static partial Regex DigestHex();
}
