using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Buildx;

/// <summary>Writes each architecture's registry cache before <c>BuildxMultiArch</c>'s one multi-platform build (<see cref="BuildxCommands.CacheBake"/>).</summary>
internal static class BuildxCacheBake
{
    /// <summary>Runs the cache-only bake from a private temporary folder (the bake file may hold build arguments); returns docker's result.</summary>
    /// <param name="runner">Runs docker.</param>
    /// <param name="settings">The settings, with a writable <see cref="BuildxMultiArchSettings.RegistryCache"/>.</param>
    /// <param name="dockerfile">The absolute Dockerfile path.</param>
    /// <param name="context">The absolute context directory.</param>
    /// <param name="cancellationToken">Stops the bake.</param>
    public static async Task<DockerResult> RunAsync(
        IDockerRunner runner, BuildxMultiArchSettings settings, string dockerfile, string context, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("cake-multiarch-cache-");
        try
        {
            var file = Path.Combine(folder.FullName, "docker-bake.json");
            await File.WriteAllTextAsync(file, BuildxCommands.CacheBake(settings, dockerfile, context).ToJson(), cancellationToken).ConfigureAwait(false);
            return await runner.RunAsync(
                    new DockerCommand(BuildxCommands.CacheBakeCommand(settings, file)) { OutputVerbosity = Verbosity.Normal, ThrowOnFailure = false },
                    cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
