
namespace Cake.MultiArch;

/// <summary>What <c>RegisterQemu</c> found or did for one architecture.</summary>
/// <param name="Architecture">The architecture.</param>
/// <param name="IsNative">Whether the host runs its binaries without an emulator.</param>
/// <param name="Handler">The binfmt_misc handler after registration, or <see langword="null"/> for none (or when native).</param>
/// <param name="Action">What was done.</param>
public sealed record QemuRegistration(CpuArchitecture Architecture, bool IsNative, QemuHandler? Handler, QemuAction Action)
{
    /// <summary>Whether this host can now run the architecture's binaries (natively, or through an enabled handler).</summary>
    public bool CanRunForeignBinaries => IsNative || (Handler is { Enabled: true } handler && (handler.FixBinary || File.Exists(handler.Interpreter)));

    /// <summary>Whether the handler has the F flag, so images need no copy of QEMU (true when native).</summary>
    public bool HasFixBinaryFlag => IsNative || Handler is { FixBinary: true };

    /// <summary>A one-line account, such as <c>arm32v7: registered, qemu-arm (flags F), can run</c>.</summary>
    public override string ToString() => IsNative
        ? $"{Architecture.Name}: native"
        : $"{Architecture.Name}: {Describe(Action)}, {Handler?.Name ?? "no handler"}" +
          (Handler is null ? "" : $" (flags {(Handler.Flags.Length == 0 ? "none" : Handler.Flags)})") +
          (CanRunForeignBinaries ? ", can run" : ", cannot run");

    private static string Describe(QemuAction action) => action switch
    {
        QemuAction.Native => "native",
        QemuAction.AlreadyRegistered => "already registered",
        QemuAction.Registered => "registered",
        QemuAction.ReRegistered => "re-registered",
        _ => action.ToString(),
    };
}
