using System.Text.Json;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Building;
using Cake.MultiArch.Arguments;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Buildx;

/// <summary>Runs <c>docker buildx</c>: the one-command multi-arch build, and builder instances with native nodes.</summary>
/// <param name="runner">Runs docker.</param>
/// <param name="log">Cake's log.</param>
/// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
internal sealed class BuildxBuilder(IDockerRunner runner, ICakeLog log, string workingDirectory)
{
    /// <summary>Builds every architecture in one buildx build and (by default) pushes the list.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    public async Task<BuildxImage> BuildAsync(BuildxMultiArchSettings settings, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(settings.Image))
        {
            throw new MultiArchException("BuildxMultiArch needs an Image, such as \"ghcr.io/me/app\".");
        }

        if (settings.Architectures.Count == 0)
        {
            throw new MultiArchException("BuildxMultiArch was given no Architectures; list at least one, such as { \"amd64\", \"arm64v8\" }.");
        }

        var sources = BuildSources.Resolve(settings.Context, settings.Dockerfile, workingDirectory);
        sources.ThrowIfInvalid();
        var (context, dockerfile) = sources;
        var metadata = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cake-multiarch-buildx-{Guid.NewGuid():N}.json");
        var arguments = DockerArguments.BuildxBuild(settings, dockerfile, context).ToList();
        arguments.Insert(arguments.Count - 1, "--metadata-file");
        arguments.Insert(arguments.Count - 1, metadata);

        log.Information("buildx: {0} for {1}", DockerArguments.BuildxTags(settings)[0], string.Join(", ", settings.Architectures.Select(a => a.Platform)));
        try
        {
            await runner.RunAsync(new DockerCommand(arguments) { OutputVerbosity = Verbosity.Normal }, cancellationToken).ConfigureAwait(false);
            return new BuildxImage(DockerArguments.BuildxTags(settings), File.Exists(metadata) ? DigestFromMetadata(await File.ReadAllTextAsync(metadata, cancellationToken).ConfigureAwait(false)) : null);
        }
        finally
        {
            File.Delete(metadata);
        }
    }

    /// <summary>Creates the builder and appends its further nodes, unless a builder of that name exists.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    public async Task CreateBuilderAsync(BuildxBuilderSettings settings, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(settings.Name))
        {
            throw new MultiArchException("BuildxCreateBuilder needs a Name for the builder, such as \"multiarch\".");
        }

        var existing = await runner.RunAsync(
            new DockerCommand(["buildx", "inspect", settings.Name]) { ThrowOnFailure = false, OutputVerbosity = Verbosity.Diagnostic },
            cancellationToken).ConfigureAwait(false);
        if (existing.Succeeded)
        {
            log.Information("buildx builder {0} exists already; left as it is.", settings.Name);
            return;
        }

        foreach (var arguments in DockerArguments.BuildxCreate(settings))
        {
            await runner.RunAsync(new DockerCommand(arguments) { OutputVerbosity = Verbosity.Normal }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The list digest from buildx's <c>--metadata-file</c> (<c>containerimage.digest</c>).</summary>
    /// <param name="json">The metadata file's text.</param>
    internal static string? DigestFromMetadata(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("containerimage.digest", out var digest) ? digest.GetString() : null;
    }
}
