using Cake.Core.Diagnostics;
using Cake.MultiArch.Building;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Qemu;

/// <summary>
/// Makes the classic QEMU-enabled base: the vanilla per-arch image with <c>qemu-&lt;target&gt;-static</c> copied to where
/// the binfmt_misc handler looks for it. Where the handler has the F flag the kernel already holds the emulator,
/// and where the architecture is native none is needed; then the base is only re-tagged.
/// </summary>
/// <param name="runner">Runs docker.</param>
/// <param name="log">Cake's log.</param>
/// <param name="snapshot">What the pipeline knows of its local images, or <see langword="null"/> to ask docker each time.</param>
internal sealed class QemuBaseBuilder(IDockerRunner runner, ICakeLog log, LocalImageSnapshot? snapshot = null)
{
    /// <summary>The vanilla base and the QEMU-enabled base's tag for an architecture, as the settings name them.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="architecture">The architecture.</param>
    public static (string BaseImage, string Tag) ImagesOf(BuildQemuBaseSettings settings, CpuArchitecture architecture) =>
        (ArchTagPattern.Expand(settings.BaseImage, "", "", architecture), ArchTagPattern.Expand(settings.TagPattern, "", "", architecture));

    /// <summary>Makes the QEMU-enabled base of one architecture.</summary>
    /// <param name="architecture">The architecture.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the build.</param>
    public async Task<QemuBaseImage> BuildAsync(CpuArchitecture architecture, BuildQemuBaseSettings settings, CancellationToken cancellationToken = default)
    {
        var (baseImage, tag) = ImagesOf(settings, architecture);
        if (string.IsNullOrWhiteSpace(baseImage) || string.IsNullOrWhiteSpace(tag))
        {
            throw new MultiArchException("BuildQemuBase needs a BaseImage (such as \"{arch}/alpine\") and a TagPattern (such as \"local/qemu-{arch}\").");
        }

        var (baseId, tagId) = await EnsureBaseAsync(architecture, baseImage, tag, settings, cancellationToken).ConfigureAwait(false);

        var native = new BuildHost(await DaemonPlatform.ArchitectureAsync(runner, cancellationToken).ConfigureAwait(false)).RunsNatively(architecture);
        var handler = new BinfmtMisc(settings.BinfmtMiscDirectory?.FullPath ?? BinfmtMisc.DefaultDirectory).FindFor(architecture);
        string? reason = native ? "native architecture: re-tagged"
            : settings.ForceQemuCopy ? null
            : handler is { Enabled: true, FixBinary: true } ? $"handler {handler.Name} has the F flag: re-tagged" : null;

        if (reason is not null)
        {
            // Incremental: a tag already on the base's image is left as it is.
            if (baseId is null || tagId != baseId)
            {
                await runner.RunAsync(new DockerCommand(DaemonCommands.Tag(baseImage, tag)) { Log = log }, cancellationToken).ConfigureAwait(false);

                // The tag now names the base's image; a pulled base is not in the snapshot, so neither is the tag then.
                if (snapshot?.TryGetAll([baseImage]) is { } known && known[baseImage] is { } based)
                {
                    snapshot.Remember(new Dictionary<string, LocalImage?> { [tag] = based });
                }
                else
                {
                    snapshot?.Forget(tag);
                }
            }

            log.Information("{0} -> {1} ({2})", baseImage, tag, reason);
            return new QemuBaseImage(architecture, tag, baseImage, null, reason);
        }

        // Without the F flag the kernel opens the handler's interpreter path inside the container, so the emulator
        // must sit at exactly that path in the image; the classic registration uses /usr/bin/qemu-<target>-static.
        var target = handler?.Interpreter ?? $"/usr/bin/{architecture.QemuStaticBinary}";
        var emulator = FindEmulator(settings, architecture, handler);
        var context = Directory.CreateTempSubdirectory("cake-multiarch-qemu-").FullName;
        try
        {
            File.Copy(emulator, System.IO.Path.Combine(context, architecture.QemuStaticBinary));
            await File.WriteAllTextAsync(
                System.IO.Path.Combine(context, "Dockerfile"),
                $"ARG BASE\nFROM ${{BASE}}\nCOPY {architecture.QemuStaticBinary} {target}\n",
                cancellationToken).ConfigureAwait(false);
            await runner.RunAsync(
                new DockerCommand(QemuCommands.BuildQemuBase(architecture, baseImage, tag, context)) { Log = log },
                cancellationToken).ConfigureAwait(false);
            snapshot?.Forget(tag);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }

        var why = settings.ForceQemuCopy ? "forced" : handler is null ? "no handler registered" : $"handler {handler.Name} lacks the F flag";
        log.Information("{0} -> {1} (QEMU copied to {2}: {3})", baseImage, tag, target, why);
        return new QemuBaseImage(architecture, tag, baseImage, target, $"QEMU copied in: {why}");
    }

    /// <summary>Makes sure the base is a local image of the right platform; returns its ID and that of the tag, when they are local.</summary>
    private async Task<(string? BaseId, string? TagId)> EnsureBaseAsync(
        CpuArchitecture architecture, string baseImage, string tag, BuildQemuBaseSettings settings, CancellationToken cancellationToken)
    {
        var images = await LocalImage.InspectManyAsync(runner, [baseImage, tag], log, cancellationToken, snapshot).ConfigureAwait(false);
        if (images[baseImage] is { } local)
        {
            // An image that records no variant (common for arm64, and for old arm images) is taken at its word.
            if (local.Architecture != architecture.OciArchitecture
                || (local.Variant is not null && architecture.Variant is not null && local.Variant != architecture.Variant))
            {
                throw new MultiArchException(
                    $"The base image {baseImage} is {local.Platform}, not {architecture.Platform} as {architecture.Name} needs. " +
                    $"Use the {architecture.Name} variant of the base (BaseImage = \"{{arch}}/...\") or rebuild it with --platform {architecture.Platform}.");
            }

            return (local.Id, images[tag]?.Id);
        }

        if (!settings.PullMissingBase)
        {
            throw new MultiArchException(
                $"The base image {baseImage} is not a local image and PullMissingBase is off. Build or pull it first, or turn PullMissingBase on.");
        }

        try
        {
            await runner.RunAsync(new DockerCommand(DaemonCommands.Pull(baseImage, architecture.Platform)) { Log = log }, cancellationToken).ConfigureAwait(false);
        }
        catch (MultiArchException exception) when (exception.ExitCode is not null)
        {
            throw new MultiArchException(
                $"The {architecture.Name} base image {baseImage} is not a local image, and pulling it failed. " +
                "Build or load the base locally first, correct BaseImage, or check that its registry is reachable." +
                Environment.NewLine + exception.Message,
                exception);
        }

        return (null, null);
    }

    private static string FindEmulator(BuildQemuBaseSettings settings, CpuArchitecture architecture, QemuHandler? handler)
    {
        var candidates = QemuEmulators.Candidates(settings.QemuDirectory, architecture).ToList();
        if (settings.QemuDirectory is null && handler is not null)
        {
            candidates.Add(handler.Interpreter);
        }

        return candidates.FirstOrDefault(File.Exists) ?? throw new MultiArchException(
            $"{architecture.QemuStaticBinary} is needed in the {architecture.Name} base but was not found (looked in {string.Join(", ", candidates)}). " +
            "Install it (Debian: apt-get install qemu-user-static), set QemuDirectory to where it is, or register QEMU with the F flag " +
            "(RegisterQemu) so that no copy is needed.");
    }
}
