namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// A folder laid out like <c>/proc/sys/fs/binfmt_misc</c> (a <c>register</c> file, a <c>status</c> file and one file per
/// handler in the kernel's format), so preflight can be shown a host whose arm handler is missing or disabled without
/// touching the machine's real handlers, which other tests rely on.
/// </summary>
public sealed class FakeBinfmtMisc : IDisposable
{
    private const string ArmMagic = "7f454c4601010100000000000000000002002800";
    private const string Aarch64Magic = "7f454c460201010000000000000000000200b700";
    private const string Mask32 = "ffffffffffffff00fffffffffffffffffeffffff";

    private FakeBinfmtMisc(string directory) => Directory = directory;

    /// <summary>The folder to give as <c>BinfmtMiscDirectory</c>.</summary>
    public string Directory { get; }

    /// <summary>A mounted binfmt_misc with an enabled, F-flagged aarch64 handler and the arm handler as asked.</summary>
    /// <param name="arm">"enabled", "disabled" or "missing".</param>
    public static FakeBinfmtMisc WithArmHandler(string arm)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("reliability-binfmt-").FullName;
        File.WriteAllText(Path.Combine(directory, "register"), "");
        File.WriteAllText(Path.Combine(directory, "status"), "enabled\n");
        File.WriteAllText(Path.Combine(directory, "qemu-aarch64"), Handler("enabled", "/usr/libexec/qemu-binfmt/aarch64-binfmt-P", Aarch64Magic));
        if (arm != "missing")
        {
            File.WriteAllText(Path.Combine(directory, "qemu-arm"), Handler(arm, "/usr/libexec/qemu-binfmt/arm-binfmt-P", ArmMagic));
        }

        return new FakeBinfmtMisc(directory);
    }

    /// <summary>A folder where binfmt_misc is not mounted: no <c>register</c> file, no handlers.</summary>
    public static FakeBinfmtMisc NotMounted() =>
        new(System.IO.Directory.CreateTempSubdirectory("reliability-binfmt-unmounted-").FullName);

    /// <summary>Deletes the folder.</summary>
    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    // The kernel's own rendering of a handler file: state, interpreter, flags, offset, magic, mask.
    private static string Handler(string state, string interpreter, string magic) =>
        $"{state}\ninterpreter {interpreter}\nflags: PF\noffset 0\nmagic {magic}\nmask {Mask32}\n";
}
