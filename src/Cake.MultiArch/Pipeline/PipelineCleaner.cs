using Cake.Core.Diagnostics;
using Cake.MultiArch.Building;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Qemu;

namespace Cake.MultiArch.Pipeline;

/// <summary>
/// The Makefile's <c>clean</c> target for a <see cref="MultiArchBuildSettings"/>: removes the local tags the pipeline
/// makes (each arch's tags, its QEMU-enabled base, a local copy of the list's tag) with one <c>docker image rm</c>.
/// The registry, the vanilla bases and images another tag still names stay.
/// </summary>
/// <param name="runner">Runs docker.</param>
/// <param name="log">Cake's log.</param>
internal sealed class PipelineCleaner(IDockerRunner runner, ICakeLog log)
{
    /// <summary>Every local tag the pipeline makes, whether it is there or not, in a stable order.</summary>
    /// <param name="settings">The pipeline's settings.</param>
    public static IReadOnlyList<string> TagsOf(MultiArchBuildSettings settings)
    {
        var build = StepSettings.Build(settings);
        var qemu = settings.UseQemuBases ? StepSettings.QemuBase(settings) : null;
        return settings.Architectures
            .SelectMany(a => ArchImageBuilder.ImagesOf(build, a).Tags.Concat(qemu is null ? [] : [QemuBaseBuilder.ImagesOf(qemu, a).Tag]))
            .Append($"{settings.Image}:{settings.Tag}")
            .Distinct(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Removes the tags that are there and returns them.</summary>
    /// <param name="settings">The pipeline's settings.</param>
    /// <param name="cancellationToken">Stops docker when cancelled.</param>
    public async Task<IReadOnlyList<string>> CleanAsync(MultiArchBuildSettings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Image) || settings.Architectures.Count == 0)
        {
            throw new MultiArchException("MultiArchClean needs the pipeline's Image and Architectures (the settings given to MultiArchBuild), to know which tags it made.");
        }

        var tags = TagsOf(settings);
        var local = await LocalImage.InspectManyAsync(runner, tags, null, cancellationToken).ConfigureAwait(false);
        var present = tags.Where(t => local[t] is not null).ToArray();
        if (present.Length == 0)
        {
            log.Information("Nothing to remove: none of {0} is here.", string.Join(", ", tags));
            return present;
        }

        var removal = await runner.RunAsync(new DockerCommand(DaemonCommands.ImageRemove(present)) { ThrowOnFailure = false }, cancellationToken).ConfigureAwait(false);
        if (!removal.Succeeded)
        {
            throw new MultiArchException(
                $"`docker image rm` could not remove every tag of {settings.Image}:{settings.Tag}: {string.Join(' ', removal.StandardError).Trim()} " +
                "If a container still uses one, remove it first (docker ps -a shows it), then clean again.");
        }

        foreach (var tag in present)
        {
            log.Information("Removed {0}", tag);
        }

        return present;
    }
}
