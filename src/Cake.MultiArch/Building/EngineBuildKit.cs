using System.Formats.Tar;
using System.Text;
using System.Text.Json;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Building;

/// <summary>
/// Builds an architecture's image with the daemon's BuildKit through the Engine API (<c>POST /build?version=2</c>):
/// the context goes as a tar archive (less what <c>.dockerignore</c> excludes), BuildKit's progress comes back as
/// <c>moby.buildkit.trace</c> messages, which are logged step by step, and the image ID as <c>moby.image.id</c>.
/// </summary>
internal static class EngineBuildKit
{
    /// <summary>Builds and tags the image.</summary>
    /// <param name="engine">The daemon's Engine API, or <see langword="null"/> when its socket is not local.</param>
    /// <param name="settings">The build settings.</param>
    /// <param name="architecture">The architecture built for.</param>
    /// <param name="tags">The tags, the arch tag first.</param>
    /// <param name="baseImage">The expanded base image, or <see langword="null"/>.</param>
    /// <param name="sources">The context and Dockerfile.</param>
    /// <param name="log">The architecture's log, or <see langword="null"/> for the runner's.</param>
    /// <param name="cancellationToken">Cancels the build: the connection closes and the daemon stops it.</param>
    public static async Task BuildAsync(
        DockerEngine? engine,
        BuildArchImageSettings settings,
        CpuArchitecture architecture,
        IReadOnlyList<string> tags,
        string? baseImage,
        BuildSources sources,
        ICakeLog? log,
        CancellationToken cancellationToken)
    {
        if (engine is null)
        {
            throw new MultiArchException(
                $"BuildMethod.EngineBuildKit needs the daemon's local unix socket, and the daemon building {tags[0]} is not reached through one " +
                "(DOCKER_HOST or DockerHost names another transport, or the socket is missing). Set BuildMethod = BuildMethod.DockerCli for that daemon.");
        }

        if (settings.ExtraArguments.Count > 0)
        {
            throw new MultiArchException(
                $"BuildMethod.EngineBuildKit cannot pass ExtraArguments ({string.Join(' ', settings.ExtraArguments)}): they are docker build's command-line tokens. " +
                "Use the settings that say the same (BuildArguments, Labels, Target, Pull, NoCache, CacheFrom), or set BuildMethod = BuildMethod.DockerCli.");
        }

        var dockerfile = DockerfileInContext(sources);
        var query = BuildCommands.BuildKitQuery(settings, architecture, tags, baseImage, dockerfile);
        var progress = new BuildProgress((verbosity, line) => engine.Log(log, verbosity, line));
        DockerEngineReply reply;
        try
        {
            // The engine applies ToolTimeout, as the runner does to a docker process: the request closes and the
            // daemon stops the build.
            reply = await engine.PostStreamAsync("build?" + query, new ContextContent(sources, dockerfile), log, progress.Read, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerEngineException exception) when (exception.TimedOut)
        {
            throw new MultiArchException(
                $"The BuildKit build of {tags[0]} for {architecture.Platform} did not finish within {settings.ToolTimeout} and was stopped. " +
                "Raise ToolTimeout in the settings, or find out why it hangs (a base that cannot be pulled, a slow QEMU step).");
        }
        catch (DockerEngineException exception)
        {
            throw new MultiArchException(
                $"Building {tags[0]} for {architecture.Platform} through the Engine API at {engine.Address} failed: {exception.Message}. " +
                $"Check that the daemon runs (docker version) and that every file in {sources.Context} can be read, or set BuildMethod = BuildMethod.DockerCli.");
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            throw new MultiArchException(
                $"The daemon at {engine.Address} answered the BuildKit build of {tags[0]} for {architecture.Platform} with a message the add-in cannot read " +
                $"({exception.Message}). Set BuildMethod = BuildMethod.DockerCli to build with docker build instead.");
        }

        if (reply.Status != 200)
        {
            throw new MultiArchException(
                $"The daemon at {engine.Address} refused the BuildKit build of {tags[0]} for {architecture.Platform} (HTTP {reply.Status}): {EngineMessage(reply.Body)}. " +
                "A daemon older than Docker 18.09, or one with BuildKit turned off, cannot build this way: set BuildMethod = BuildMethod.DockerCli.");
        }

        if (progress.Error is { } error)
        {
            // Docker 23+ with the containerd image store serves a request body's context at an address its own
            // BuildKit cannot resolve; the daemon's `docker build` (through buildx) builds there with BuildKit anyway.
            var hint = error.Contains("build-context-", StringComparison.Ordinal)
                ? Environment.NewLine + "This daemon cannot take the build context in the Engine API request (Docker 23 and later with the containerd image " +
                  "store). Set BuildMethod = BuildMethod.DockerCli or Auto: its docker build already goes through BuildKit."
                : "";
            throw new MultiArchException(progress.Describe(error, tags[0], architecture, sources.Dockerfile) + hint);
        }

        if (progress.ImageId is null)
        {
            throw new MultiArchException(
                $"The BuildKit build of {tags[0]} for {architecture.Platform} ended without naming the image it made (no moby.image.id message). " +
                "Set BuildMethod = BuildMethod.DockerCli to build with docker build instead.");
        }
    }

    /// <summary>
    /// The Dockerfile's path inside the context archive: its relative path when it is in the context, else, as docker
    /// build does, a name of its own.
    /// </summary>
    /// <param name="sources">The context and Dockerfile.</param>
    internal static string DockerfileInContext(BuildSources sources)
    {
        var inContext = Path.GetRelativePath(sources.Context, sources.Dockerfile).Replace('\\', '/');
        return inContext.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(inContext)
            ? $".cake-multiarch-dockerfile-{Guid.NewGuid():N}"
            : inContext;
    }

    /// <summary>
    /// Writes the context's files as a tar archive, folders first; the Dockerfile goes in under <paramref name="dockerfile"/>
    /// even where <c>.dockerignore</c> excludes it, as docker build sends it.
    /// </summary>
    /// <param name="sources">The context and Dockerfile.</param>
    /// <param name="dockerfile">The Dockerfile's path inside the archive.</param>
    /// <param name="stream">Where the archive goes.</param>
    /// <param name="cancellationToken">Stops between files.</param>
    internal static async Task WriteContextAsync(BuildSources sources, string dockerfile, Stream stream, CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(stream, TarEntryFormat.Gnu, leaveOpen: true);
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in BuildInputs.ContextFiles(sources.Context))
        {
            foreach (var folder in Folders(file).Where(written.Add))
            {
                await tar.WriteEntryAsync(Path.Combine(sources.Context, folder), folder + "/", cancellationToken).ConfigureAwait(false);
            }

            written.Add(file);
            await tar.WriteEntryAsync(Path.Combine(sources.Context, file), file, cancellationToken).ConfigureAwait(false);
        }

        if (!written.Contains(dockerfile))
        {
            await tar.WriteEntryAsync(sources.Dockerfile, dockerfile, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The folders a relative path lies in, outermost first: <c>a/b/c</c> gives <c>a</c>, <c>a/b</c>.</summary>
    private static IEnumerable<string> Folders(string path)
    {
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

    /// <summary>The <c>message</c> of an Engine API error body, else the body itself.</summary>
    private static string EngineMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("message", out var message) ? message.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body.Trim();
        }
    }

    /// <summary>
    /// The request body: the context archive, written straight into the request as it is sent (chunked, as docker
    /// build sends it), so the context is read once and never copied to disk.
    /// </summary>
    private sealed class ContextContent : HttpContent
    {
        private readonly BuildSources _sources;
        private readonly string _dockerfile;

        public ContextContent(BuildSources sources, string dockerfile)
        {
            _sources = sources;
            _dockerfile = dockerfile;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken) =>
            WriteContextAsync(_sources, _dockerfile, stream, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
