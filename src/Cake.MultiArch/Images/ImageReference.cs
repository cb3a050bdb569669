using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Contracts;

namespace Cake.MultiArch.Images;

/// <summary>
/// An image reference such as <c>alpine</c>, <c>localhost:5000/team/app:1.0</c> or <c>ghcr.io/o/app@sha256:...</c>,
/// parsed by the grammar of the distribution project's <c>reference</c> package and normalised the way docker does
/// (<c>alpine</c> is <c>docker.io/library/alpine</c>). This file is the value; ImageReference.Grammar.cs checks and
/// normalises the parts <see cref="WrittenReference"/> finds in the text.
/// </summary>
internal sealed partial class ImageReference : IEquatable<ImageReference>
{
    /// <summary>The registry name docker uses for Docker Hub.</summary>
    public const string DockerHubRegistry = "docker.io";

    /// <summary>The host that serves Docker Hub's registry API; <c>docker.io</c> itself does not.</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    /// <summary>The older name of Docker Hub, which docker keeps only as an alias of <see cref="DockerHubRegistry"/>.</summary>
    public const string DockerHubIndexAlias = "index.docker.io";

    /// <summary>The tag docker assumes when a reference has neither tag nor digest.</summary>
    public const string DefaultTag = "latest";

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
    public string RegistryApiHost => ApiHostOf(Registry);

    /// <summary>The registry and repository without tag or digest: <c>docker.io/library/alpine</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary>What to ask the registry for: the digest if there is one, else the tag, else <c>latest</c>.</summary>
    public string Reference => Digest ?? Tag ?? DefaultTag;

    /// <summary>Whether a registry name is Docker Hub's, under either of its names.</summary>
    /// <param name="registry">The registry, such as <c>docker.io</c> or <c>ghcr.io</c>.</param>
    public static bool IsDockerHubName(string registry) => registry is DockerHubRegistry or DockerHubIndexAlias;

    /// <summary>The host to send a registry's API requests to: <see cref="DockerHubApiHost"/> for Docker Hub, else the registry itself.</summary>
    /// <param name="registry">The registry host, with its port if any.</param>
    public static string ApiHostOf(string registry) => IsDockerHubName(registry) ? DockerHubApiHost : registry;

    /// <summary>Whether a registry is on this machine (127.0.0.0/8, ::1, localhost), which docker treats as insecure.</summary>
    /// <param name="registry">The registry host, with or without port.</param>
    public static bool IsLoopbackRegistry(string registry)
    {
        var host = registry.StartsWith('[') ? registry[1..registry.IndexOf(']', StringComparison.Ordinal)] : registry.Split(':')[0];
        return host == "localhost" || host.StartsWith("127.", StringComparison.Ordinal) || host == "::1";
    }

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
}
