namespace Cake.MultiArch.Qemu;

/// <summary>
/// The ELF header patterns by which the kernel's binfmt_misc recognises each architecture's binaries,
/// as QEMU's own registration script (qemu-binfmt-conf.sh) defines them. Keyed by QEMU target name.
/// </summary>
internal static class BinfmtSignatures
{
    private static readonly Dictionary<string, (string Magic, string Mask)> Table = new(StringComparer.Ordinal)
    {
        ["x86_64"] = ("7f454c4602010100000000000000000002003e00", "fffffffffffefe00fffffffffffffffffeffffff"),
        ["i386"] = ("7f454c4601010100000000000000000002000300", "fffffffffffefe00fffffffffffffffffeffffff"),
        ["arm"] = ("7f454c4601010100000000000000000002002800", "ffffffffffffff00fffffffffffffffffeffffff"),
        ["aarch64"] = ("7f454c460201010000000000000000000200b700", "ffffffffffffff00fffffffffffffffffeffffff"),
        ["ppc64le"] = ("7f454c4602010100000000000000000002001500", "fffffffffffffffcfffffffffffffffffeffff00"),
        ["s390x"] = ("7f454c4602020100000000000000000000020016", "fffffffffffffffcfffffffffffffffffffeffff"),
        ["riscv64"] = ("7f454c460201010000000000000000000200f300", "ffffffffffffff00fffffffffffffffffeffffff"),
        ["mips64el"] = ("7f454c4602010100000000000000000002000800", "ffffffffffffff00fefffffffffffffffeffffff"),
    };

    /// <summary>The magic and mask, as lowercase hex, for a QEMU target.</summary>
    /// <param name="qemuName">The QEMU target name, such as <c>aarch64</c>.</param>
    public static (string Magic, string Mask) For(string qemuName) =>
        Table.TryGetValue(qemuName, out var signature)
            ? signature
            : throw new MultiArchException($"No binfmt_misc signature is known for QEMU target '{qemuName}'.");

    /// <summary>The line written to binfmt_misc's <c>register</c> file: <c>:name:M::magic:mask:interpreter:flags</c>.</summary>
    /// <param name="handlerName">The handler's name, such as <c>qemu-aarch64</c>.</param>
    /// <param name="qemuName">The QEMU target name.</param>
    /// <param name="interpreter">The absolute path of the emulator.</param>
    /// <param name="flags">The handler flags, such as <c>F</c> (open the emulator now, so containers need no copy of it).</param>
    public static string RegistrationLine(string handlerName, string qemuName, string interpreter, string flags)
    {
        var (magic, mask) = For(qemuName);
        return $":{handlerName}:M::{Escape(magic)}:{Escape(mask)}:{interpreter}:{flags}";
    }

    private static string Escape(string hex)
    {
        var escaped = new System.Text.StringBuilder(hex.Length * 2);
        for (var i = 0; i < hex.Length; i += 2)
        {
            escaped.Append("\\x").Append(hex, i, 2);
        }

        return escaped.ToString();
    }
}
