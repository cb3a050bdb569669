namespace Cake.MultiArch.Docker;

/// <summary>
/// The docker commands the process seam itself runs against a daemon: its version, and its local images (inspect, pull, tag, remove). Pure functions from settings to tokens: nothing here runs a process or touches a file.
/// </summary>
internal static class DaemonCommands
{
    /// <summary>
    /// <c>docker version</c> answering only the daemon's CPU (<c>amd64</c>, <c>arm64</c>): one cheap call that also tells
    /// whether the daemon answers at all.
    /// </summary>
    public static IReadOnlyList<string> DaemonVersion() => ["version", "--format", "{{.Server.Arch}} {{.Server.APIVersion}}"];

    /// <summary>
    /// <c>docker image inspect</c> of local images, answered as one JSON array of those found (JSON, because a template
    /// would fail on images with no variant).
    /// </summary>
    /// <param name="images">The image references.</param>
    public static IReadOnlyList<string> InspectImages(IEnumerable<string> images) => ["image", "inspect", .. images];

    /// <summary><c>docker pull</c> of one platform of an image.</summary>
    /// <param name="image">The image reference.</param>
    /// <param name="platform">The OCI platform, such as <c>linux/arm/v7</c>.</param>
    public static IReadOnlyList<string> Pull(string image, string platform) => ["pull", "--platform", platform, image];

    /// <summary><c>docker tag</c>: a second name for a local image.</summary>
    /// <param name="source">The existing image.</param>
    /// <param name="target">The new name.</param>
    public static IReadOnlyList<string> Tag(string source, string target) => ["tag", source, target];

    /// <summary><c>docker image rm</c> of local tags: each is untagged, and an image goes when no tag names it any more.</summary>
    /// <param name="tags">The tags.</param>
    public static IReadOnlyList<string> ImageRemove(IEnumerable<string> tags) => ["image", "rm", .. tags];
}
