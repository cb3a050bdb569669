
namespace Cake.MultiArch;

/// <summary>A QEMU-enabled per-arch base that <c>BuildQemuBase</c> made.</summary>
/// <param name="Architecture">The base's architecture.</param>
/// <param name="Tag">Its tag, such as <c>local/qemu-arm32v7</c>.</param>
/// <param name="BaseImage">The vanilla base it was made from.</param>
/// <param name="QemuPath">Where the emulator sits inside the image, or <see langword="null"/> when none was copied in.</param>
/// <param name="Reason">Why it was made the way it was, such as <c>native architecture: re-tagged</c>.</param>
public sealed record QemuBaseImage(CpuArchitecture Architecture, string Tag, string BaseImage, string? QemuPath, string Reason)
{
    /// <summary>Whether <c>qemu-*-static</c> was copied into the image.</summary>
    public bool QemuCopied => QemuPath is not null;
}
