using Cake.MultiArch.Building;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Qemu;

namespace Cake.MultiArch.Pipeline;

/// <summary>What each daemon of a run holds before its steps start, asked once.</summary>
internal static class PipelineSnapshots
{
    /// <summary>
    /// One <c>docker image inspect</c> per daemon of every image the steps will look at (bases, QEMU-enabled bases,
    /// arch tags), so that an incremental run needs no inspect per step.
    /// </summary>
    /// <param name="runners">The runner for each architecture's daemon.</param>
    /// <param name="architectures">The architectures.</param>
    /// <param name="baseSettings">The QEMU-enabled base step's settings, or <see langword="null"/>.</param>
    /// <param name="buildSettings">The build step's settings.</param>
    /// <param name="cancellationToken">Stops the inspects.</param>
    public static async Task<Dictionary<IDockerRunner, LocalImageSnapshot>> TakeAsync(
        Func<CpuArchitecture?, IDockerRunner> runners,
        CpuArchitecture[] architectures, BuildQemuBaseSettings? baseSettings, BuildArchImageSettings buildSettings, CancellationToken cancellationToken)
    {
        var snapshots = new Dictionary<IDockerRunner, LocalImageSnapshot>();
        foreach (var group in architectures.GroupBy(a => runners(a)))
        {
            // The names the steps will ask for, from the steps' own rules.
            var names = group.SelectMany(a =>
                {
                    var (tags, buildBase) = ArchImageBuilder.ImagesOf(buildSettings, a);
                    var qemu = baseSettings is null ? [] : new[] { QemuBaseBuilder.ImagesOf(baseSettings, a).BaseImage };
                    return qemu.Concat(tags).Append(buildBase);
                })
                .OfType<string>()
                .Where(n => !string.IsNullOrWhiteSpace(n))
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            var snapshot = new LocalImageSnapshot();
            await LocalImage.InspectManyAsync(group.Key, names, null, cancellationToken, snapshot).ConfigureAwait(false);
            snapshots[group.Key] = snapshot;
        }

        return snapshots;
    }
}
