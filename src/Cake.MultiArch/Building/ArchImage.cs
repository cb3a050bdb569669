
namespace Cake.MultiArch;

/// <summary>One architecture's image, built and tagged locally.</summary>
/// <param name="Architecture">Its architecture.</param>
/// <param name="Tag">Its arch tag, such as <c>127.0.0.1:5000/app:1.0-arm32v7</c>.</param>
/// <param name="Tags">Every tag it got, the arch tag first.</param>
/// <param name="ImageId">The local image ID (<c>sha256:...</c>).</param>
/// <param name="Duration">How long the build took.</param>
public sealed record ArchImage(CpuArchitecture Architecture, string Tag, IReadOnlyList<string> Tags, string ImageId, TimeSpan Duration)
{
    /// <summary>Whether the build was skipped because the local image was built from the same inputs (incremental).</summary>
    public bool UpToDate { get; init; }

    /// <summary>What docker said of the image after the build, so that the push need not ask again.</summary>
    internal Docker.LocalImage? Inspected { get; init; }
}
