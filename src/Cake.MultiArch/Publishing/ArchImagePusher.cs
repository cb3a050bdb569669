using System.Text.RegularExpressions;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Retries;

namespace Cake.MultiArch.Publishing;

/// <summary>
/// Pushes an architecture's tags and reads back the digest the registry stored; before a list refers to the image,
/// confirms the registry still serves it and pushes it again when a restart lost it.
/// </summary>
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
    /// <param name="cancellationToken">Cancels the push.</param>
    /// <param name="known">What docker said of the local image just before, so that it need not be asked again.</param>
    public async Task<PushedImage> PushAsync(CpuArchitecture? architecture, IReadOnlyList<string> tags, CancellationToken cancellationToken = default, LocalImage? known = null)
    {
        if (tags.Count == 0 || tags.Any(string.IsNullOrWhiteSpace))
        {
            throw new MultiArchException("PushArchImage needs the tag to push, such as \"127.0.0.1:5000/app:1.0-arm32v7\".");
        }

        PushedImage? first = null;
        foreach (var tag in tags)
        {
            if (await AlreadyPushedAsync(tag, known, cancellationToken).ConfigureAwait(false) is { } held)
            {
                log.Information("{0} is already in the registry at {1}; not pushed again (Force = true pushes it anyway).", tag, held);
                first ??= new PushedImage(architecture, tag, held);
                continue;
            }

            var digest = await PushTagAsync(tag, cancellationToken).ConfigureAwait(false);
            first ??= new PushedImage(architecture, tag, digest);
        }

        return first!;
    }

    /// <summary>
    /// Confirms, just before a list refers to it, that the registry still serves the manifest a push acknowledged, and
    /// pushes the image again when it does not: a registry that restarted may have lost it (404), or answer 5xx for it
    /// longer than the retry policy waits. Returns the image as the registry now holds it.
    /// </summary>
    /// <param name="pushed">The pushed image, with the digest its push reported.</param>
    /// <param name="settings">How to reach the registry (insecure, CA certificate, docker config for credentials).</param>
    /// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
    /// <param name="cancellationToken">Cancels the check and the push.</param>
    /// <remarks>
    /// A failure to ask (no credentials for the API, a refusal other than 404 or 5xx) leaves the image as it is: the
    /// list's own reads report it. Only a missing or unreadable manifest is pushed again, once.
    /// </remarks>
    public async Task<PushedImage> ConfirmAsync(PushedImage pushed, MultiArchToolSettings settings, string workingDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pushed);
        ArgumentNullException.ThrowIfNull(settings);
        var reference = Images.ImageReference.Parse(pushed.Tag);
        Registry.RegistryClient client;
        try
        {
            client = await (Connect ?? ((r, ct) => Registry.RegistryAccess.ConnectAsync(r, settings, workingDirectory, log, ct)))(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (MultiArchException exception)
        {
            log.Verbose("Could not ask the registry about {0} ({1}); the list reads it.", pushed.ByDigest, exception.Message.Split('\n')[0]);
            return pushed;
        }

        using (client)
        {
            var problem = await UnservedAsync(client, reference.Repository, pushed, cancellationToken).ConfigureAwait(false);
            if (problem is null)
            {
                return pushed;
            }

            log.Warning("The registry no longer serves {0}, which its push acknowledged ({1}); pushing it again before the list refers to it.", pushed.ByDigest, problem);
            var again = pushed with { Digest = await PushTagAsync(pushed.Tag, cancellationToken).ConfigureAwait(false) };
            if (await UnservedAsync(client, reference.Repository, again, cancellationToken).ConfigureAwait(false) is not { } still)
            {
                return again;
            }

            var hex = again.Digest[(again.Digest.IndexOf(':', StringComparison.Ordinal) + 1)..];
            throw new MultiArchException(
                $"{pushed.Tag} was pushed at {again.Digest}, and pushed again, but the registry {reference.Registry} still does not serve that manifest ({still}). " +
                "Its stored copy is damaged: a registry stopped while writing a manifest can keep an empty file for it, and a push does not replace " +
                "content the registry believes it has. No manifest list refers to the image. Remove the damaged manifest from the registry's storage " +
                $"(for a distribution registry on a filesystem: docker/registry/v2/blobs/sha256/{hex[..Math.Min(2, hex.Length)]}/{hex}) or run its " +
                "garbage collection, then run the build again.");
        }
    }

    /// <summary>Opens a registry client for a reference; tests set this to speak the protocol in process. By default <see cref="Registry.RegistryAccess"/> connects.</summary>
    internal Func<Images.ImageReference, CancellationToken, Task<Registry.RegistryClient>>? Connect { get; init; }

    /// <summary>
    /// Why the registry does not serve the image's manifest by digest (missing, or 5xx through every retry), or
    /// <see langword="null"/> when it serves it. A network failure that outlasts the retries is thrown: the registry is away, not the image.
    /// </summary>
    private async Task<string?> UnservedAsync(Registry.RegistryClient client, string repository, PushedImage image, CancellationToken cancellationToken)
    {
        var policy = retry ?? RetryPolicy.None;
        try
        {
            var head = await policy.RunAsync(
                $"check of {image.ByDigest}",
                ct => client.HeadManifestAsync(repository, image.Digest, ct),
                log,
                cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                return "HTTP 404, manifest unknown";
            }

            // HEAD may be answered from metadata; reading the content proves the registry can serve it, digest checked.
            await policy.RunAsync(
                $"read of {image.ByDigest}",
                ct => client.GetManifestAsync(repository, image.Digest, ct),
                log,
                cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (MultiArchException exception) when (exception.TransientCause?.StartsWith("HTTP 5", StringComparison.Ordinal) == true)
        {
            return $"{exception.TransientCause} through {Math.Max(1, policy.Attempts)} attempts";
        }
        catch (MultiArchException exception) when (exception.TransientCause is null && TransientFailure.Cause(exception) is null)
        {
            log.Verbose("Could not ask the registry about {0} ({1}); the list reads it.", image.ByDigest, exception.Message.Split('\n')[0]);
            return null;
        }
    }

    /// <summary>Pushes one tag with the retry policy and returns the digest docker reported.</summary>
    private async Task<string> PushTagAsync(string tag, CancellationToken cancellationToken)
    {
        log.Information("Pushing {0}", tag);
        var result = await (retry ?? RetryPolicy.None).RunAsync(
            $"push {tag}",
            ct => runner.RunAsync(new DockerCommand(PublishCommands.Push(tag)) { Log = log }, ct),
            log,
            cancellationToken).ConfigureAwait(false);
        var digest = DigestOf(result.StandardOutput) ?? throw new MultiArchException(
            $"`docker push {tag}` succeeded but reported no digest, so the pushed image cannot be referenced safely. " +
            "Check that the daemon is Docker 1.10 or later and the registry speaks the v2 API.");
        log.Information("Pushed {0} at {1}", tag, digest);
        return digest;
    }

    /// <summary>The digest the registry holds the tag at, when it is one this local image was pushed as; else <see langword="null"/>.</summary>
    private async Task<string?> AlreadyPushedAsync(string tag, LocalImage? known, CancellationToken cancellationToken)
    {
        if (incremental is not { } access)
        {
            return null;
        }

        var local = known ?? await LocalImage.InspectAsync(runner, tag, log, cancellationToken).ConfigureAwait(false);
        var repository = Images.WrittenReference.Of(tag).Name;
        var pushedAs = local?.RepoDigests.Select(Images.WrittenReference.Of).Where(d => d.Name == repository && d.Digest is not null).Select(d => d.Digest!).ToHashSet();
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
            log.Verbose("Could not ask the registry about {0} ({1}); pushing it.", tag, exception.Message.Split('\n')[0]);
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
