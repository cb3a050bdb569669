using System.Text.RegularExpressions;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Architectures;
using Cake.MultiArch.Arguments;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Publishing;

/// <summary>Pushes an architecture's tags and reads back the digest the registry stored.</summary>
/// <param name="runner">Runs docker.</param>
/// <param name="log">Cake's log.</param>
/// <param name="retry">How transient failures are retried; none when <see langword="null"/>.</param>
/// <param name="incremental">
/// When set, a tag the registry already holds at a digest this local image was pushed as is not pushed again;
/// the settings say how to reach the registry, the directory is where relative paths resolve.
/// </param>
internal sealed partial class ArchImagePusher(IDockerRunner runner, ICakeLog log, RetryPolicy? retry = null, (MultiArchToolSettings Settings, string WorkingDirectory)? incremental = null)
{
    /// <summary>Pushes every tag; the first one's digest is returned.</summary>
    /// <param name="architecture">The image's architecture, when known.</param>
    /// <param name="tags">The tags to push, the arch tag first.</param>
    /// <param name="logPrefix">Put before logged lines.</param>
    /// <param name="cancellationToken">Cancels the push.</param>
    /// <param name="known">What docker said of the local image just before, so that it need not be asked again.</param>
    public async Task<PushedImage> PushAsync(CpuArchitecture? architecture, IReadOnlyList<string> tags, string logPrefix = "", CancellationToken cancellationToken = default, LocalImage? known = null)
    {
        if (tags.Count == 0 || tags.Any(string.IsNullOrWhiteSpace))
        {
            throw new MultiArchException("PushArchImage needs the tag to push, such as \"127.0.0.1:5000/app:1.0-arm32v7\".");
        }

        PushedImage? first = null;
        foreach (var tag in tags)
        {
            if (await AlreadyPushedAsync(tag, known, logPrefix, cancellationToken).ConfigureAwait(false) is { } held)
            {
                log.Information("{0}{1} is already in the registry at {2}; not pushed again (Force = true pushes it anyway).", logPrefix, tag, held);
                first ??= new PushedImage(architecture, tag, held);
                continue;
            }

            log.Information("{0}Pushing {1}", logPrefix, tag);
            var result = await (retry ?? RetryPolicy.None).RunAsync(
                $"{logPrefix}push {tag}",
                ct => runner.RunAsync(new DockerCommand(DockerArguments.Push(tag)) { LogPrefix = logPrefix }, ct),
                log,
                cancellationToken).ConfigureAwait(false);
            var digest = DigestOf(result.StandardOutput) ?? throw new MultiArchException(
                $"`docker push {tag}` succeeded but reported no digest, so the pushed image cannot be referenced safely. " +
                "Check that the daemon is Docker 1.10 or later and the registry speaks the v2 API.");
            log.Information("{0}Pushed {1} at {2}", logPrefix, tag, digest);
            first ??= new PushedImage(architecture, tag, digest);
        }

        return first!;
    }

    /// <summary>The digest the registry holds the tag at, when it is one this local image was pushed as; else <see langword="null"/>.</summary>
    private async Task<string?> AlreadyPushedAsync(string tag, LocalImage? known, string logPrefix, CancellationToken cancellationToken)
    {
        if (incremental is not { } access)
        {
            return null;
        }

        var local = known ?? await LocalImage.InspectAsync(runner, tag, logPrefix, cancellationToken).ConfigureAwait(false);
        var repository = TagText.RepositoryOf(tag);
        var pushedAs = local?.RepoDigests.Where(d => TagText.RepositoryOf(d) == repository).Select(d => d[(d.IndexOf('@', StringComparison.Ordinal) + 1)..]).ToHashSet();
        if (pushedAs is not { Count: > 0 })
        {
            return null;
        }

        try
        {
            var reference = Images.ImageReference.Parse(tag);
            using var client = await Registry.RegistryAccess.ConnectAsync(reference, access.Settings, access.WorkingDirectory, log, cancellationToken).ConfigureAwait(false);
            var head = await client.HeadManifestAsync(reference.Repository, reference.Tag ?? Images.ImageReference.DefaultTag, cancellationToken).ConfigureAwait(false);
            return head is not null && pushedAs.Contains(head.Digest) ? head.Digest : null;
        }
        catch (MultiArchException exception)
        {
            log.Verbose("{0}Could not ask the registry about {1} ({2}); pushing it.", logPrefix, tag, exception.Message.Split('\n')[0]);
            return null;
        }
    }

    /// <summary>The digest from <c>docker push</c>'s last line, <c>TAG: digest: sha256:... size: N</c>.</summary>
    /// <param name="output">The push's standard output.</param>
    internal static string? DigestOf(IEnumerable<string> output) =>
        output.Select(l => PushDigest().Match(l)).LastOrDefault(m => m.Success)?.Groups[1].Value;

    [GeneratedRegex(@"digest: (sha256:[0-9a-f]{64})")]
    private static partial Regex PushDigest();
}
