using System.Text.Json;

namespace Cake.MultiArch.Docker;

/// <summary>What a daemon answered when asked for its version: whether it answered, and on what CPU it runs.</summary>
/// <param name="Result">The probe's docker result.</param>
/// <param name="Architecture">The daemon's architecture, or <see langword="null"/> when it did not answer or is none this add-in knows.</param>
internal sealed record DaemonProbe(DockerResult Result, CpuArchitecture? Architecture)
{
    /// <summary>
    /// The Engine API version the daemon speaks (<c>1.41</c> for Docker 20.10, <c>1.45</c> for 26), when the probe went
    /// through the Engine API; <see langword="null"/> when it went through the CLI.
    /// </summary>
    public Version? ApiVersion { get; init; }

    /// <summary>
    /// Whether the daemon's <c>docker build</c> is BuildKit (API 1.42, Docker 23, and later), so that the CLI already
    /// builds through BuildKit; <see langword="false"/> for 20.10's legacy builder or an unknown version.
    /// </summary>
    public bool BuildsWithBuildKit => ApiVersion is { } version && version >= new Version(1, 42);

    /// <summary>Whether the daemon answered.</summary>
    public bool Answered => Result.Succeeded;
}
