namespace Cake.MultiArch;

/// <summary>How a local registry came to answer.</summary>
public enum LocalRegistryOrigin
{
    /// <summary>One already answered at the address; nothing was started.</summary>
    AlreadyAnswering,

    /// <summary>The registry binary was started, detached, and outlives the build.</summary>
    StartedBinary,

    /// <summary>The registry container was started (or restarted) with docker.</summary>
    StartedContainer,
}
