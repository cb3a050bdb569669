using Cake.Core.IO;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch;

/// <summary>Settings for <c>BuildQemuBase</c>: a vanilla per-arch base made able to run on a foreign build host.</summary>
public class BuildQemuBaseSettings : MultiArchToolSettings
{
    /// <summary>The vanilla per-arch base; <c>{arch}</c> is replaced. Defaults to <c>{arch}/alpine</c> (<c>arm32v6/alpine</c>).</summary>
    public string BaseImage { get; set; } = "{arch}/alpine";

    /// <summary>The QEMU-enabled base's tag; <c>{arch}</c> is replaced. Defaults to <c>local/qemu-{arch}</c>.</summary>
    public string TagPattern { get; set; } = "local/qemu-{arch}";

    /// <summary>Copy <c>qemu-*-static</c> into the image even where the handler's F flag makes it needless.</summary>
    public bool ForceQemuCopy { get; set; }

    /// <summary>Pull the base (for its platform) when it is not a local image. On by default.</summary>
    public bool PullMissingBase { get; set; } = true;

    /// <summary>Where the host's <c>qemu-*-static</c> emulators are. Searched in /usr/bin and /usr/local/bin by default.</summary>
    public DirectoryPath? QemuDirectory { get; set; }

    /// <summary>Where binfmt_misc is mounted. Defaults to <c>/proc/sys/fs/binfmt_misc</c>.</summary>
    public DirectoryPath? BinfmtMiscDirectory { get; set; }
}
