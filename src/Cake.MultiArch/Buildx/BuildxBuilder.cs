using System.Text;
using System.Text.Json;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Building;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Buildx;

/// <summary>Runs <c>docker buildx</c>: the one-command multi-arch build, and builder instances with native nodes.</summary>
/// <param name="runner">Runs docker.</param>
/// <param name="log">Cake's log.</param>
/// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
internal sealed class BuildxBuilder(IDockerRunner runner, ICakeLog log, string workingDirectory)
{
    /// <summary>The image the docker-container driver runs BuildKit from unless <c>--driver-opt image=</c> names another.</summary>
    public const string DefaultBuildKitImage = "moby/buildkit:buildx-stable-1";

    /// <summary>The SBOM scanner BuildKit runs unless a generator is named.</summary>
    public const string DefaultSbomScanner = "docker/buildkit-syft-scanner";

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

        if (settings.Sbom == false && !string.IsNullOrWhiteSpace(settings.SbomGenerator))
        {
            throw new MultiArchException(
                $"BuildxMultiArch was given Sbom = false and an SbomGenerator ({settings.SbomGenerator}); the generator only makes an SBOM. " +
                "Leave SbomGenerator empty to build without an SBOM, or drop Sbom = false to make one.");
        }

        if (settings.RegistryCache?.Problems(settings.Architectures) is [var (problem, fix), ..])
        {
            throw new MultiArchException($"BuildxMultiArch cannot keep its registry cache: {problem} {fix}");
        }

        var sources = BuildSources.Resolve(settings.Context, settings.Dockerfile, workingDirectory);
        sources.ThrowIfInvalid();
        var (context, dockerfile) = sources;
        var metadata = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cake-multiarch-buildx-{Guid.NewGuid():N}.json");
        var arguments = BuildxCommands.BuildxBuild(settings, dockerfile, context).ToList();
        arguments.Insert(arguments.Count - 1, "--metadata-file");
        arguments.Insert(arguments.Count - 1, metadata);

        var platforms = settings.Architectures.Select(a => a.Platform).ToArray();
        log.Information("buildx: {0} for {1}", BuildxCommands.BuildxTags(settings)[0], string.Join(", ", platforms));
        try
        {
            if (settings.RegistryCache is { ReadOnly: false } cache)
            {
                log.Information("buildx: each architecture's registry cache first, a cache-only bake target per arch ({0})",
                    string.Join(", ", settings.Architectures.Select(cache.ReferenceOf)));
                var cached = await BuildxCacheBake.RunAsync(runner, settings, dockerfile, context, cancellationToken).ConfigureAwait(false);
                if (!cached.Succeeded)
                {
                    throw Failure(cached, "buildx bake", BuildHint(Output(cached), settings) ?? await PluginHintAsync(cancellationToken).ConfigureAwait(false));
                }
            }

            var result = await runner.RunAsync(
                    new DockerCommand(arguments) { OutputVerbosity = Verbosity.Normal, ThrowOnFailure = false },
                    cancellationToken)
                .ConfigureAwait(false);
            if (!result.Succeeded)
            {
                throw Failure(result, "buildx build", BuildHint(Output(result), settings) ?? await PluginHintAsync(cancellationToken).ConfigureAwait(false));
            }

            var digest = File.Exists(metadata) ? DigestFromMetadata(await File.ReadAllTextAsync(metadata, cancellationToken).ConfigureAwait(false)) : null;
            return new BuildxImage(BuildxCommands.BuildxTags(settings), digest) { Platforms = platforms };
        }
        finally
        {
            File.Delete(metadata);
        }
    }

    /// <summary>
    /// Creates the builder and appends its further nodes, unless a builder of that name exists (then it is only selected
    /// when <see cref="BuildxBuilderSettings.Use"/> is on). A builder this call created is removed again when a later
    /// step fails, so that the next run does not find a half-made builder and keep it.
    /// </summary>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    public async Task CreateBuilderAsync(BuildxBuilderSettings settings, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(settings.Name))
        {
            throw new MultiArchException("BuildxCreateBuilder needs a Name for the builder, such as \"multiarch\".");
        }

        if (string.IsNullOrWhiteSpace(settings.Driver))
        {
            throw new MultiArchException("BuildxCreateBuilder needs a Driver: \"docker-container\" (the default), \"docker\", \"remote\" or \"kubernetes\".");
        }

        var existing = await runner.RunAsync(
            new DockerCommand(["buildx", "inspect", settings.Name]) { ThrowOnFailure = false, OutputVerbosity = Verbosity.Diagnostic },
            cancellationToken).ConfigureAwait(false);
        if (existing.Succeeded)
        {
            log.Information("buildx builder {0} exists already; left as it is.", settings.Name);
            if (settings.Use)
            {
                await RunCheckedAsync(["buildx", "use", settings.Name], "buildx use", null, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (IsDockerDriver(settings.Driver))
        {
            throw new MultiArchException(DockerDriverCannotBeCreated(settings.Name));
        }

        try
        {
            foreach (var arguments in BuildxCommands.BuildxCreate(settings))
            {
                await RunCheckedAsync(arguments, "buildx create", text => CreateHint(text, settings), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (MultiArchException)
        {
            // buildx registers the builder before --bootstrap starts it, so a failed start leaves an inactive builder
            // behind, as does a node that cannot be appended. The name was free before this call: the builder is ours.
            await RemoveAsync(settings.Name).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The list digest from buildx's <c>--metadata-file</c> (<c>containerimage.digest</c>).</summary>
    /// <param name="json">The metadata file's text.</param>
    internal static string? DigestFromMetadata(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("containerimage.digest", out var digest) ? digest.GetString() : null;
    }

    /// <summary>What to do about a failed <c>docker buildx build</c>, for the causes buildx reports in words of its own; <see langword="null"/> otherwise.</summary>
    /// <param name="output">The command's standard error and output.</param>
    /// <param name="settings">The build's settings.</param>
    internal static string? BuildHint(string output, BuildxMultiArchSettings settings)
    {
        if (MissingPlugin(output))
        {
            return MissingPluginHint;
        }

        if (Has(output, "Multi-platform build is not supported for the docker driver"))
        {
            return "The builder uses the docker driver on a daemon with the classic image store, which builds one platform at a time. " +
                "Turn on the daemon's containerd image store (\"features\": { \"containerd-snapshotter\": true } in /etc/docker/daemon.json, " +
                "Docker 24 or later), or create a docker-container builder with BuildxCreateBuilder and name it in Builder; " +
                "or build each architecture with MultiArchBuild, which needs no buildx.";
        }

        if (Has(output, "Cache export is not supported for the docker driver"))
        {
            return "The builder uses the docker driver on a daemon with the classic image store, which cannot export a cache (CacheTo, RegistryCache). " +
                "Turn on the daemon's containerd image store (\"features\": { \"containerd-snapshotter\": true } in /etc/docker/daemon.json, " +
                "Docker 24 or later), or create a docker-container builder with BuildxCreateBuilder and name it in Builder, " +
                "or leave CacheTo empty (or use type=inline) and RegistryCache null.";
        }

        var generator = string.IsNullOrWhiteSpace(settings.SbomGenerator) ? DefaultSbomScanner : settings.SbomGenerator;
        if ((settings.Sbom == true || !string.IsNullOrWhiteSpace(settings.SbomGenerator)) && Has(output, generator))
        {
            return $"BuildKit makes the SBOM by running the scanner image {generator}, and could not get it" +
                (generator == DefaultSbomScanner ? " from Docker Hub. " : ". ") +
                "Copy docker/buildkit-syft-scanner:stable-1 into a registry this builder reaches " +
                "(`docker buildx imagetools create --tag REGISTRY/buildkit-syft-scanner:stable-1 docker/buildkit-syft-scanner:stable-1` where Docker Hub answers) " +
                "and set SbomGenerator to that copy, or set Sbom = false to build without an SBOM.";
        }

        return Has(output, "booting buildkit") ? BuildKitImageHint(null, settings.Builder ?? "the current builder") : null;
    }

    /// <summary>What to do about a failed <c>docker buildx create</c>; <see langword="null"/> when the cause is not one buildx words itself.</summary>
    /// <param name="output">The command's standard error and output.</param>
    /// <param name="settings">The builder's settings.</param>
    internal static string? CreateHint(string output, BuildxBuilderSettings settings)
    {
        if (MissingPlugin(output))
        {
            return MissingPluginHint;
        }

        if (Has(output, "additional instances of driver \"docker\""))
        {
            return DockerDriverCannotBeCreated(settings.Name);
        }

        return Has(output, "booting buildkit") || Has(output, "moby/buildkit")
            ? BuildKitImageHint(settings.DriverOptions.TryGetValue("image", out var image) ? image : null, settings.Name)
            : null;
    }

    private const string MissingPluginHint =
        "This docker client has no buildx plugin. Install it (Debian and Ubuntu: the docker-buildx package; Docker's packages: " +
        "docker-buildx-plugin; or put the docker-buildx binary into ~/.docker/cli-plugins/), or build each architecture with " +
        "MultiArchBuild, which needs no buildx.";

    private static bool MissingPlugin(string output) =>
        Has(output, "unknown command: docker buildx") || Has(output, "'buildx' is not a docker command");

    private static string BuildKitImageHint(string? image, string builder) =>
        $"buildx could not start {builder}: the docker-container driver runs BuildKit in a container of the image " +
        $"{image ?? DefaultBuildKitImage}{(image is null ? " from Docker Hub" : "")}, and the daemon could not pull it. " +
        $"Pull {DefaultBuildKitImage} onto this daemon first (or `docker save` it where Docker Hub answers and `docker load` it here), " +
        "or copy it into a registry you reach and set DriverOptions[\"image\"] to that copy; or skip the builder and build with " +
        "buildx's docker driver (leave Builder empty: the daemon's own BuildKit, which needs no image and, with the containerd " +
        "image store, builds every platform and exports registry caches).";

    private static string DockerDriverCannotBeCreated(string name) =>
        $"BuildxCreateBuilder cannot create '{name}' with the docker driver: buildx keeps exactly one docker-driver builder per " +
        "docker context, named after the context ('default' for DOCKER_HOST or the default socket), and creates no others. " +
        "Set Name to a docker context's name (see `docker context ls`), or leave Builder empty in BuildxMultiArchSettings to " +
        "use the current one; or choose the docker-container driver.";

    private static bool IsDockerDriver(string driver) => string.Equals(driver.Trim(), "docker", StringComparison.OrdinalIgnoreCase);

    private static bool Has(string text, string needle) => text.Contains(needle, StringComparison.OrdinalIgnoreCase);

    private static string Output(DockerResult result) => string.Join('\n', result.StandardError.Concat(result.StandardOutput));

    private async Task RunCheckedAsync(IReadOnlyList<string> arguments, string verb, Func<string, string?>? hint, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(
                new DockerCommand(arguments) { OutputVerbosity = Verbosity.Normal, ThrowOnFailure = false },
                cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw Failure(result, verb, hint?.Invoke(Output(result)) ?? await PluginHintAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// The missing-plugin hint when <c>docker buildx version</c> fails too: without the plugin, docker words the failure
    /// as a problem with the first flag (<c>unknown flag: --platform</c>), not as a missing command.
    /// </summary>
    private async Task<string?> PluginHintAsync(CancellationToken cancellationToken) =>
        await BuildxPlugin.IsAvailableAsync(runner, cancellationToken).ConfigureAwait(false) ? null : MissingPluginHint;

    private async Task RemoveAsync(string name)
    {
        log.Information("Removing the half-made buildx builder {0}.", name);
        await runner.RunAsync(
                new DockerCommand(["buildx", "rm", name]) { ThrowOnFailure = false, OutputVerbosity = Verbosity.Diagnostic },
                CancellationToken.None)
            .ConfigureAwait(false);
    }

    /// <summary>docker's own failure message, with buildx's cause put in its Fix line when there is one.</summary>
    private MultiArchException Failure(DockerResult result, string verb, string? hint)
    {
        var standard = DockerFailure.FromResult(result, verb, workingDirectory);
        if (hint is null)
        {
            return standard;
        }

        var message = new StringBuilder()
            .Append("`docker ").Append(verb).Append("` failed with exit code ").Append(result.ExitCode).Append('.')
            .AppendLine().Append("Fix: ").Append(hint)
            .AppendLine().Append("Command: ").Append(result.CommandLine)
            .AppendLine().Append("Working directory: ").Append(workingDirectory);
        if (standard.StandardErrorTail.Count > 0)
        {
            message.AppendLine().Append("Last lines of output:");
            foreach (var line in standard.StandardErrorTail)
            {
                message.AppendLine().Append("    ").Append(line);
            }
        }

        return new MultiArchException(message.ToString(), result.ExitCode, result.CommandLine, standard.StandardErrorTail, hint);
    }
}
