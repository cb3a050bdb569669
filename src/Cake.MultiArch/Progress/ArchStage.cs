namespace Cake.MultiArch.Progress;

/// <summary>Where one architecture's work stands, as the progress views show it.</summary>
internal enum ArchStage
{
    /// <summary>No step of it has started.</summary>
    Queued,

    /// <summary>Its QEMU-enabled base is being made.</summary>
    Base,

    /// <summary>Its image is being built.</summary>
    Building,

    /// <summary>Its image is being pushed.</summary>
    Pushing,

    /// <summary>Every step of it succeeded.</summary>
    Done,

    /// <summary>A step of it failed.</summary>
    Failed,

    /// <summary>It did not run, because another arch's failure stopped the run.</summary>
    Skipped,
}
