using System.Text.Json;

namespace Cake.MultiArch.Docker;

/// <summary>What a daemon answered when asked for its version: on what CPU it runs and which Engine API it speaks.</summary>
/// <param name="Architecture">The daemon's architecture, or <see langword="null"/> when it did not answer or is none this add-in knows.</param>
/// <param name="ApiVersion">
/// The Engine API version the daemon speaks (<c>1.41</c> for Docker 20.10, <c>1.45</c> for 26), or <see langword="null"/>
/// when it did not answer or did not say.
/// </param>
internal sealed record DaemonProbe(CpuArchitecture? Architecture, Version? ApiVersion)
{
    /// <summary>The failed <c>docker version</c> when the daemon did not answer, for the message that says why; else <see langword="null"/>.</summary>
    public DockerResult? Failure { get; init; }

    /// <summary>
    /// Whether the daemon's <c>docker build</c> is BuildKit (API 1.42, Docker 23, and later), so that the CLI already
    /// builds through BuildKit; <see langword="false"/> for 20.10's legacy builder or an unknown version.
    /// </summary>
    public bool BuildsWithBuildKit => ApiVersion is { } version && version >= new Version(1, 42);

    /// <summary>Whether the daemon answered.</summary>
    public bool Answered => Failure is null;

    /// <summary>A daemon that did not answer.</summary>
    /// <param name="failure">The failed <c>docker version</c>.</param>
    public static DaemonProbe Unanswered(DockerResult failure) => new(null, null) { Failure = failure };

    /// <summary>A daemon's answer, read from the names docker and the Engine API give them (<c>arm64</c>, <c>1.45</c>).</summary>
    /// <param name="architecture">The daemon's GOARCH.</param>
    /// <param name="apiVersion">Its Engine API version.</param>
    public static DaemonProbe Of(string? architecture, string? apiVersion) =>
        new(CpuArchitecture.TryParse(architecture?.Trim(), out var known) ? known : null, Version.TryParse(apiVersion?.Trim(), out var api) ? api : null);
}
