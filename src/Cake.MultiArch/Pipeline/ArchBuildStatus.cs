using Cake.MultiArch.Qemu;

namespace Cake.MultiArch;

/// <summary>How one architecture's part of a pipeline ended.</summary>
public enum ArchBuildStatus
{
    /// <summary>Every step ran and succeeded.</summary>
    Succeeded,

    /// <summary>A step failed; <see cref="ArchBuildResult.Error"/> says which and why.</summary>
    Failed,

    /// <summary>Not run, because an earlier step failed or the run was cancelled.</summary>
    NotRun,
}
