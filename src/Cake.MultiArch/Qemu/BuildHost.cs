namespace Cake.MultiArch.Qemu;

/// <summary>
/// The CPU of the host a daemon builds on, as the daemon reports it, and what it decides per architecture: which run
/// natively (no QEMU handler is registered or required for them), and what to say when one can run neither natively
/// nor through a handler.
/// </summary>
/// <param name="Architecture">The host's architecture, or <see langword="null"/> when the daemon named none this add-in knows.</param>
internal sealed record BuildHost(CpuArchitecture? Architecture)
{
    /// <summary>
    /// Whether the host's CPU runs the architecture's binaries itself: its own architecture, i386 on amd64, and any
    /// architecture of the host's QEMU target (32-bit ARM on a 32-bit ARM host), whose handler would capture the host's
    /// own binaries. 32-bit ARM on an arm64 host is foreign: arm64 CPUs without AArch32 need qemu-arm for it.
    /// </summary>
    /// <param name="architecture">The architecture to run.</param>
    public bool RunsNatively(CpuArchitecture architecture) =>
        Architecture is { } host
        && (architecture == host
            || (host == CpuArchitecture.Amd64 && architecture == CpuArchitecture.I386)
            || architecture.QemuName == host.QemuName);

    /// <summary>The host as messages name it: <c>arm64v8 (linux/arm64)</c>.</summary>
    public string Name => Architecture is { } host ? $"{host.Name} ({host.Platform})" : "of an architecture the daemon did not name";

    /// <summary>What is wrong when an architecture has no runner here: one sentence, naming the arch, the host and why.</summary>
    /// <param name="architecture">The architecture that cannot run.</param>
    /// <param name="why">Why no handler runs it, such as <c>no binfmt_misc handler qemu-arm is registered</c>.</param>
    public string NoRunner(CpuArchitecture architecture, string why) =>
        $"{architecture.Name} ({architecture.Platform}) has no runner on this host: the host is {Name}, which does not run " +
        $"{architecture.Name} binaries natively, and {why}.";

    /// <summary>The two fixes of an architecture with no runner: QEMU for it here, or its job on a runner of its own architecture.</summary>
    /// <param name="architecture">The architecture that cannot run.</param>
    /// <param name="registered">Whether RegisterQemu has just run for it (then the emulator is what is missing).</param>
    public static string NoRunnerFix(CpuArchitecture architecture, bool registered = false) =>
        (registered
            ? $"Install {architecture.QemuStaticBinary} (Debian and Ubuntu: apt-get install qemu-user-static binfmt-support) and run RegisterQemu again"
            : $"Run RegisterQemu first (or set RegisterQemu = true) to register QEMU for {architecture.Name}, with {architecture.QemuStaticBinary} " +
              "installed (Debian and Ubuntu: apt-get install qemu-user-static binfmt-support)") +
        $", or run the {architecture.Name} job on a runner of that architecture ({architecture.Platform}).";

    /// <summary>Why no handler runs an architecture, from what binfmt_misc holds for it.</summary>
    /// <param name="architecture">The architecture.</param>
    /// <param name="handler">Its handler, or <see langword="null"/> for none.</param>
    /// <param name="binfmt">The binfmt_misc file system.</param>
    internal static string WhyNoHandler(CpuArchitecture architecture, QemuHandler? handler, BinfmtMisc binfmt) =>
        !binfmt.IsMounted ? $"binfmt_misc is not mounted at {binfmt.Directory}, so no QEMU handler runs them"
        : handler is null ? $"no binfmt_misc handler qemu-{architecture.QemuName} is registered"
        : !handler.Enabled ? $"its binfmt_misc handler {handler.Name} is disabled"
        : $"its binfmt_misc handler {handler.Name} names {handler.Interpreter}, which is missing, without the F flag";
}
