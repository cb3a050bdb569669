using Cake.Core.IO;

namespace Cake.MultiArch.Qemu;

/// <summary>Where the host's static QEMU emulators (<c>qemu-&lt;target&gt;-static</c>) are looked for.</summary>
internal static class QemuEmulators
{
    /// <summary>The folders searched when the settings name none: where distributions install qemu-user-static.</summary>
    public static readonly IReadOnlyList<string> DefaultDirectories = ["/usr/bin", "/usr/local/bin"];

    /// <summary>The paths an architecture's emulator may have, in the order they are tried.</summary>
    /// <param name="directory">The folder the settings name, or <see langword="null"/> for the default ones.</param>
    /// <param name="architecture">The architecture.</param>
    public static IEnumerable<string> Candidates(DirectoryPath? directory, CpuArchitecture architecture) =>
        (directory is null ? DefaultDirectories : [directory.FullPath]).Select(d => System.IO.Path.Combine(d, architecture.QemuStaticBinary));
}
