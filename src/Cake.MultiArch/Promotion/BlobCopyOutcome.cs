namespace Cake.MultiArch.Promotion;

/// <summary>How a blob got into the target repository.</summary>
internal enum BlobCopyOutcome
{
    /// <summary>The target repository held it already.</summary>
    Present,

    /// <summary>The target registry mounted it from the source repository (the same registry), without its bytes travelling.</summary>
    Mounted,

    /// <summary>Its bytes were streamed from the source registry into an upload to the target.</summary>
    Copied,
}
