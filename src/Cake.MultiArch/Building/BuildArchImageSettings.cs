using Cake.Core.IO;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch;

/// <summary>Settings for <c>BuildArchImage</c>: one architecture's image, built from that architecture's base.</summary>
public class BuildArchImageSettings : MultiArchToolSettings
{
    /// <summary>The image repository, such as <c>registry.example.com/team/app</c> or <c>127.0.0.1:5000/app</c>. Required.</summary>
    public string Image { get; set; } = "";

    /// <summary>The tag of the release; the arch's tag is made from it by <see cref="TagPattern"/>. Defaults to <c>latest</c>.</summary>
    public string Tag { get; set; } = "latest";

    /// <summary>
    /// How an arch's tag is made: <c>{image}</c>, <c>{tag}</c> and <c>{arch}</c> are replaced.
    /// Defaults to <c>{image}:{tag}-{arch}</c>, the classic recipe's <c>app:1.0-arm32v7</c>.
    /// </summary>
    public string TagPattern { get; set; } = "{image}:{tag}-{arch}";

    /// <summary>The build context directory. Defaults to the working directory.</summary>
    public DirectoryPath? Context { get; set; }

    /// <summary>The Dockerfile; relative paths resolve against the working directory. Defaults to <c>Dockerfile</c> in the context.</summary>
    public FilePath? Dockerfile { get; set; }

    /// <summary>
    /// The base image passed to the Dockerfile as the <see cref="BaseArgumentName"/> build argument; <c>{arch}</c> is replaced.
    /// Defaults to the QEMU-enabled base <c>local/qemu-{arch}</c> that <c>BuildQemuBase</c> makes. Empty passes no base.
    /// </summary>
    public string BaseImage { get; set; } = "local/qemu-{arch}";

    /// <summary>The name of the build argument that carries the base image (<c>ARG BASE</c> / <c>FROM ${BASE}</c>).</summary>
    public string BaseArgumentName { get; set; } = "BASE";

    /// <summary>Build arguments (<c>--build-arg NAME=VALUE</c>); each value passes as one token, never through a shell.</summary>
    public IDictionary<string, string> BuildArguments { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Image labels (<c>--label NAME=VALUE</c>).</summary>
    public IDictionary<string, string> Labels { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>More tags for the same image; <c>{image}</c>, <c>{tag}</c> and <c>{arch}</c> are replaced.</summary>
    public IList<string> ExtraTags { get; set; } = new List<string>();

    /// <summary>The Dockerfile stage to build (<c>--target</c>).</summary>
    public string? Target { get; set; }

    /// <summary>Always try to pull a newer version of the base (<c>--pull</c>). Off by default: per-arch bases are usually local.</summary>
    public bool Pull { get; set; }

    /// <summary>Build without Docker's layer cache (<c>--no-cache</c>).</summary>
    public bool NoCache { get; set; }

    /// <summary>Images to use as cache sources (<c>--cache-from</c>).</summary>
    public IList<string> CacheFrom { get; set; } = new List<string>();

    /// <summary>
    /// The registry cache each architecture reads and writes (<c>MultiArchBuild</c>'s <c>RegistryCache</c>); BuildKit
    /// through the CLI only, never the Engine API, whose <c>/build</c> cannot export a cache.
    /// </summary>
    internal RegistryCache? RegistryCache { get; set; }

    /// <summary>
    /// Build even when the local image was built from the same inputs (platform, base image ID, Dockerfile, context files,
    /// build arguments, labels, target). By default such a build is skipped. A base not passed through
    /// <see cref="BaseImage"/> (a fixed <c>FROM</c>) is not among the inputs: set Force after pulling a newer one.
    /// </summary>
    public bool Force { get; set; }

    /// <summary>
    /// How the image is built: <see cref="BuildMethod.Auto"/> by default, as in <c>MultiArchBuild</c>: BuildKit through
    /// the Engine API where <c>docker build</c> would be the legacy builder (Docker 20.10 on its local socket), else
    /// <c>docker build</c>. <see cref="BuildMethod.DockerCli"/> always runs <c>docker build</c>, as the classic recipe
    /// does; <see cref="BuildMethod.EngineBuildKit"/> always BuildKit through the Engine API (no buildx needed).
    /// </summary>
    public BuildMethod BuildMethod { get; set; } = BuildMethod.Auto;

    /// <summary>Any further <c>docker build</c> arguments, one token each, appended before the context.</summary>
    public IList<string> ExtraArguments { get; set; } = new List<string>();

    /// <summary>
    /// Throws when these settings cannot make an image, before any build: the one place they are checked. The name is
    /// checked here, as MultiArchBuild's preflight does, because a daemon's own words for a bad name differ by how it
    /// builds.
    /// </summary>
    internal void ThrowIfInvalid()
    {
        if (string.IsNullOrWhiteSpace(Image))
        {
            throw new MultiArchException("BuildArchImage needs an Image, such as \"127.0.0.1:5000/app\" or \"ghcr.io/me/app\".");
        }

        if (Images.ReferenceProblems.ImageName(Image) is { } imageProblem)
        {
            throw new MultiArchException($"Image '{Image}' is not a valid repository name: {imageProblem}. {Images.ReferenceProblems.ImageNameFix}");
        }
    }
}
