using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Contracts;
using System.Text.RegularExpressions;

namespace Cake.MultiArch.Images;

/// <summary>
/// An image reference such as <c>alpine</c>, <c>localhost:5000/team/app:1.0</c> or <c>ghcr.io/o/app@sha256:...</c>,
/// parsed by the grammar of the distribution project's <c>reference</c> package and normalised the way docker does
/// (<c>alpine</c> is <c>docker.io/library/alpine</c>).
/// </summary>
internal sealed partial class ImageReference : IEquatable<ImageReference>
{
    /// <summary>The registry name docker uses for Docker Hub.</summary>
    public const string DockerHubRegistry = "docker.io";

    /// <summary>The host that serves Docker Hub's registry API; <c>docker.io</c> itself does not.</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    /// <summary>The tag docker assumes when a reference has neither tag nor digest.</summary>
    public const string DefaultTag = "latest";

    private const int MaxNameLength = 255;
    internal const int MaxTagLength = 128;

    private ImageReference(string registry, string repository, string? tag, string? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host, with its port if any: <c>docker.io</c>, <c>localhost:5000</c>, <c>ghcr.io</c>.</summary>
    public string Registry { get; }

    /// <summary>The repository path inside the registry: <c>library/alpine</c>, <c>team/app</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag, or <see langword="null"/> when the reference has none.</summary>
    public string? Tag { get; }

    /// <summary>The digest (<c>sha256:...</c>), or <see langword="null"/> when the reference has none.</summary>
    public string? Digest { get; }

    /// <summary>Whether the image lives on Docker Hub.</summary>
    public bool IsDockerHub => Registry == DockerHubRegistry;

    /// <summary>The host to send registry API requests to: <see cref="DockerHubApiHost"/> for Docker Hub, else <see cref="Registry"/>.</summary>
    public string RegistryApiHost => IsDockerHub ? DockerHubApiHost : Registry;

    /// <summary>The registry and repository without tag or digest: <c>docker.io/library/alpine</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>What to ask the registry for: the digest if there is one, else the tag, else <c>latest</c>.</summary>
    public string Reference => Digest ?? Tag ?? DefaultTag;

    /// <summary>Parses a reference; throws a <see cref="MultiArchException"/> that says what is wrong and how to fix it.</summary>
    /// <param name="value">The reference, such as <c>localhost:5000/team/app:1.0</c>.</param>
    public static ImageReference Parse(string value)
    {
        if (TryParse(value, out var reference, out var error))
        {
            return reference;
        }

        throw new MultiArchException(error);
    }

    /// <summary>Parses a reference; returns <see langword="false"/> when it is not valid.</summary>
    /// <param name="value">The reference to parse.</param>
    /// <param name="reference">The parsed reference, when valid.</param>
    public static bool TryParse(string? value, [NotNullWhen(true)] out ImageReference? reference) =>
        TryParse(value, out reference, out _);

    /// <summary>Parses a reference; on failure <paramref name="error"/> says what is wrong and how to fix it.</summary>
    /// <param name="value">The reference to parse.</param>
    /// <param name="reference">The parsed reference, when valid.</param>
    /// <param name="error">What is wrong, when not valid.</param>
    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out ImageReference? reference,
        [NotNullWhen(false)] out string? error)
    {
        reference = null;
        error = Validate(value, out var registry, out var repository, out var tag, out var digest);
        if (error is not null)
        {
            return false;
        }

        reference = new ImageReference(registry!, repository!, tag, digest);
        return true;
    }

    /// <summary>Returns a copy with the given tag (and no digest, which would pin another image).</summary>
    /// <param name="tag">The tag, such as <c>1.0-arm32v7</c>.</param>
    [Pure]
    public ImageReference WithTag(string tag)
    {
        if (TagError(tag) is { } error)
        {
            throw new MultiArchException($"Cannot tag '{Name}' with '{tag}': {error}");
        }

        return new ImageReference(Registry, Repository, tag, null);
    }

    /// <summary>Returns a copy with neither tag nor digest.</summary>
    [Pure]
    public ImageReference WithoutTagOrDigest() => new(Registry, Repository, null, null);

    /// <summary>The fully qualified reference: <c>docker.io/library/alpine:3.19</c>, <c>localhost:5000/app@sha256:...</c>.</summary>
    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>The reference as docker shows it, without <c>docker.io/library/</c>: <c>alpine:3.19</c>.</summary>
    public string ToFamiliarString()
    {
        var name = !IsDockerHub ? Name
            : Repository.StartsWith("library/", StringComparison.Ordinal) && Repository.IndexOf('/', 8) < 0 ? Repository[8..]
            : Repository;
        return name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);
    }

    /// <inheritdoc/>
    public bool Equals(ImageReference? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ImageReference);

    /// <inheritdoc/>
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>Parses a reference as a script writes it; invalid references throw.</summary>
    /// <param name="value">The reference to parse.</param>
    public static implicit operator ImageReference(string value) => Parse(value);

    /// <summary>Equality by the fully qualified form.</summary>
    public static bool operator ==(ImageReference? left, ImageReference? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by the fully qualified form.</summary>
    public static bool operator !=(ImageReference? left, ImageReference? right) => !(left == right);

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

        var remainder = value;
        var at = value.IndexOf('@');
        if (at >= 0)
        {
            digest = value[(at + 1)..];
            remainder = value[..at];
            if (DigestError(digest) is { } digestError)
            {
                return $"The image reference {shown} has an invalid digest: {digestError}";
            }
        }

        var lastSlash = remainder.LastIndexOf('/');
        var colon = remainder.IndexOf(':', lastSlash + 1);
        var name = remainder;
        if (colon >= 0)
        {
            tag = remainder[(colon + 1)..];
            name = remainder[..colon];
            if (TagError(tag) is { } tagError)
            {
                return $"The image reference {shown} has an invalid tag: {tagError}";
            }
        }

        if (name.Length == 0)
        {
            return $"The image reference {shown} has no repository name before the tag or digest. Give one, as in 'team/app:1.0'.";
        }

        var components = name.Split('/');
        string path;
        if (components.Length > 1 && LooksLikeRegistry(components[0]))
        {
            registry = components[0];
            path = name[(registry.Length + 1)..];
            if (RegistryError(registry) is { } registryError)
            {
                return $"The image reference {shown} has an invalid registry '{registry}': {registryError}";
            }
        }
        else
        {
            registry = DockerHubRegistry;
            path = name;
        }

        // docker keeps the index.docker.io spelling only as an alias of docker.io.
        if (registry == "index.docker.io")
        {
            registry = DockerHubRegistry;
        }

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

    // As docker's splitDockerDomain: the first component is a registry if it has a '.' or ':', is 'localhost',
    // or has upper case (repository paths never do).
    private static bool LooksLikeRegistry(string component) =>
        component.Contains('.') || component.Contains(':') || component == "localhost" || component.Any(char.IsUpper);

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
