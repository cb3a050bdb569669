using Cake.Core.IO;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch;

/// <summary>How <c>RegisterQemu</c> registers the binfmt_misc handlers.</summary>
public enum QemuRegistrationMethod
{
    /// <summary>On the host directly when running as root on Linux with the static emulators installed, else through a container.</summary>
    Auto,

    /// <summary>
    /// Through a privileged container, the classic <c>docker run --rm --privileged multiarch/qemu-user-static --reset -p yes</c>.
    /// Works wherever docker does, including remote daemons.
    /// </summary>
    Container,

    /// <summary>Directly, by writing <c>/proc/sys/fs/binfmt_misc/register</c> for the host's <c>qemu-*-static</c> (Linux, root).</summary>
    Host,
}
