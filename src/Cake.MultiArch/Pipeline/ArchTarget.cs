using Cake.Core.Diagnostics;
using Cake.MultiArch.Building;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Progress;
using Cake.MultiArch.Qemu;

namespace Cake.MultiArch.Pipeline;

/// <summary>
/// One architecture's part of a run, expanded once from the settings before any step runs: every step of that arch
/// takes it, so none works out its arch's daemon, log or settings again.
/// </summary>
/// <param name="Result">The arch's result, which names its architecture and tag and which its steps fill in.</param>
/// <param name="Runner">Runs docker against the daemon this arch builds on.</param>
/// <param name="Log">The arch's own log: its lines show the arch's name, and a live view or CI groups them by it.</param>
/// <param name="Snapshot">What that daemon held before the run, or <see langword="null"/> to ask it each time.</param>
/// <param name="QemuBase">The settings of its QEMU-enabled base step, or <see langword="null"/> when no base is made.</param>
/// <param name="Build">The settings of its build step, with its base pinned when the base is.</param>
internal sealed record ArchTarget(
    ArchBuildResult Result,
    IDockerRunner Runner,
    ICakeLog Log,
    LocalImageSnapshot? Snapshot,
    BuildQemuBaseSettings? QemuBase,
    BuildArchImageSettings Build)
{
    /// <summary>The architecture.</summary>
    public CpuArchitecture Architecture => Result.Architecture;

    /// <summary>The arch tag, such as <c>127.0.0.1:5000/app:1.0-arm32v7</c>.</summary>
    public string Tag => Result.Tag;

    /// <summary>Expands the settings for one arch, once: its daemon, log, snapshot and step settings.</summary>
    /// <param name="settings">The pipeline's settings.</param>
    /// <param name="arch">The arch's result.</param>
    /// <param name="runner">Runs docker against the daemon the arch builds on.</param>
    /// <param name="log">The run's log.</param>
    /// <param name="baseSettings">The QEMU-enabled base step's settings, the same for every arch; <see langword="null"/> when none is made.</param>
    /// <param name="buildSettings">The build step's settings, the same for every arch.</param>
    /// <param name="snapshots">What each daemon held before the run.</param>
    /// <param name="pins">Each arch's manifest of a multi-arch base, when the base is pinned.</param>
    public static ArchTarget Expand(
        MultiArchBuildSettings settings,
        ArchBuildResult arch,
        IDockerRunner runner,
        ICakeLog log,
        BuildQemuBaseSettings? baseSettings,
        BuildArchImageSettings buildSettings,
        IReadOnlyDictionary<IDockerRunner, LocalImageSnapshot> snapshots,
        IReadOnlyDictionary<CpuArchitecture, string>? pins)
    {
        // A pinned base (one arch's manifest of a multi-arch base) goes to whichever step starts from the vanilla base.
        var pin = pins?.GetValueOrDefault(arch.Architecture);
        return new ArchTarget(
            arch,
            runner,
            ArchLog.For(log, arch.Architecture),
            snapshots.GetValueOrDefault(runner),
            pin is null || baseSettings is null ? baseSettings : StepSettings.QemuBase(settings, pin),
            pin is null || baseSettings is not null ? buildSettings : StepSettings.Build(settings, pin));
    }
}
