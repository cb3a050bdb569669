using Cake.MultiArch.Qemu;

namespace Cake.MultiArch;

/// <summary>One architecture's part of a <c>MultiArchBuild</c>.</summary>
public sealed class ArchBuildResult
{
    internal ArchBuildResult(CpuArchitecture architecture, string tag)
    {
        Architecture = architecture;
        Tag = tag;
    }

    /// <summary>The architecture.</summary>
    public CpuArchitecture Architecture { get; }

    /// <summary>The OCI platform, such as <c>linux/arm/v7</c>.</summary>
    public string Platform => Architecture.Platform;

    /// <summary>The arch's tag, such as <c>127.0.0.1:5000/app:1.0-arm32v7</c>.</summary>
    public string Tag { get; }

    /// <summary>The QEMU-enabled base it was built from, when one was made.</summary>
    public QemuBaseImage? QemuBase { get; internal set; }

    /// <summary>The local image ID.</summary>
    public string? ImageId { get; internal set; }

    /// <summary>The digest the registry reported for the pushed image, or <see langword="null"/> when not pushed.</summary>
    public string? Digest { get; internal set; }

    /// <summary>How it ended.</summary>
    public ArchBuildStatus Status { get; internal set; } = ArchBuildStatus.NotRun;

    /// <summary>What went wrong, when it failed.</summary>
    public string? Error { get; internal set; }

    /// <summary>The time spent on this arch's steps.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>A one-line account.</summary>
    public override string ToString() => $"{Architecture.Name} ({Platform}): {Status}" + (Digest is null ? "" : $" {Digest}") + (Error is null ? "" : $": {Error}");
}
