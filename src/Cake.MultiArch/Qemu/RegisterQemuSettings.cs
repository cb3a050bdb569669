using Cake.Core.IO;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Settings;

namespace Cake.MultiArch;

/// <summary>Settings for <c>RegisterQemu</c>.</summary>
public class RegisterQemuSettings : MultiArchToolSettings
{
    /// <summary>The architectures whose binaries should run on this host. Defaults to arm32v6, arm32v7 and arm64v8; the first one added replaces the defaults.</summary>
    public IList<CpuArchitecture> Architectures { get; set; } = new DefaultedList<CpuArchitecture>([CpuArchitecture.Arm32V6, CpuArchitecture.Arm32V7, CpuArchitecture.Arm64V8]);

    /// <summary>How to register; <see cref="QemuRegistrationMethod.Auto"/> by default.</summary>
    public QemuRegistrationMethod RegistrationMethod { get; set; } = QemuRegistrationMethod.Auto;

    /// <summary>Replace handlers that are already registered, instead of leaving them alone.</summary>
    public bool Reset { get; set; }

    /// <summary>The registering image for <see cref="QemuRegistrationMethod.Container"/>. Defaults to <c>multiarch/qemu-user-static</c>.</summary>
    public string ContainerImage { get; set; } = "multiarch/qemu-user-static";

    /// <summary>
    /// The registering container's arguments. Defaults to <c>--reset -p yes</c> (multiarch/qemu-user-static: all targets,
    /// with the F flag). <c>{qemu-archs}</c> becomes the comma-separated QEMU targets, so <c>tonistiigi/binfmt</c> takes
    /// <c>--install {qemu-archs}</c>.
    /// </summary>
    public IList<string> ContainerArguments { get; set; } = new DefaultedList<string>(["--reset", "-p", "yes"]);

    /// <summary>Where the host's <c>qemu-*-static</c> emulators are, for <see cref="QemuRegistrationMethod.Host"/>. Searched in /usr/bin and /usr/local/bin by default.</summary>
    public DirectoryPath? QemuDirectory { get; set; }

    /// <summary>The handler flags for <see cref="QemuRegistrationMethod.Host"/>. Defaults to <c>F</c>: containers need no emulator inside.</summary>
    public string HandlerFlags { get; set; } = "F";

    /// <summary>Where binfmt_misc is mounted. Defaults to <c>/proc/sys/fs/binfmt_misc</c>.</summary>
    public DirectoryPath? BinfmtMiscDirectory { get; set; }
}
