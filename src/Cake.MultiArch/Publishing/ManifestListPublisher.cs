using System.Text.RegularExpressions;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Arguments;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Publishing;

/// <summary>
/// Publishes a manifest list with <c>docker manifest</c>: create from the pushed per-arch images (by digest),
/// annotate each entry's platform from the architecture type, push and purge the local copy.
/// </summary>
/// <param name="runner">Runs docker.</param>
/// <param name="log">Cake's log.</param>
/// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
internal sealed partial class ManifestListPublisher(IDockerRunner runner, ICakeLog log, string workingDirectory)
{
    /// <summary>Publishes the list under its tag and every extra tag.</summary>
    /// <param name="listTag">The list's tag, such as <c>127.0.0.1:5000/app:1.0</c>.</param>
    /// <param name="entries">The pushed per-arch images; each must carry its architecture.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the publication.</param>
    public async Task<ManifestList> PublishAsync(string listTag, IReadOnlyList<PushedImage> entries, PushManifestSettings settings, CancellationToken cancellationToken = default)
    {
        Validate(listTag, entries);
        var insecure = settings.Insecure || TagText.IsLoopback(TagText.RegistryOf(listTag));
        var registry = new RegistryListPublisher(log, workingDirectory);
        ManifestList? published = null;
        foreach (var tag in TagText.WithExtraTags(listTag, settings.ExtraTags))
        {
            // Incremental: a list that already has exactly these entries is left as it is.
            var digest = settings.Force ? null : await registry.CurrentDigestIfUnchangedAsync(tag, entries, settings, cancellationToken).ConfigureAwait(false);
            var unchanged = digest is not null;
            if (unchanged)
            {
                log.Information("Manifest list {0} is unchanged at {1}; not pushed again (Force = true pushes it anyway).", tag, digest);
            }
            else
            {
                digest = await settings.Retry.RunAsync(
                    $"manifest list {tag}",
                    ct => settings.Method switch
                    {
                        ManifestMethod.Registry => registry.PublishAsync(tag, entries, settings, ct),
                        ManifestMethod.BuildxImagetools => PublishWithImagetoolsAsync(tag, entries, settings, ct),
                        _ => PublishOneAsync(tag, entries, insecure, ct),
                    },
                    log,
                    cancellationToken).ConfigureAwait(false);
            }

            published ??= new ManifestList(tag, digest!, entries) { Unchanged = unchanged };
        }

        return published!;
    }

    private async Task<string> PublishWithImagetoolsAsync(string listTag, IReadOnlyList<PushedImage> entries, PushManifestSettings settings, CancellationToken cancellationToken)
    {
        await runner.RunAsync(new DockerCommand(DockerArguments.ImagetoolsCreate([listTag], entries.Select(e => e.ByDigest))), cancellationToken).ConfigureAwait(false);

        // imagetools prints no digest of its own; the registry is asked, and must now hold exactly these entries.
        return await new RegistryListPublisher(log, workingDirectory).CurrentDigestIfUnchangedAsync(listTag, entries, settings, cancellationToken).ConfigureAwait(false)
            ?? throw new MultiArchException($"`docker buildx imagetools create` finished, but the registry's {listTag} does not list exactly the pushed images. Inspect it with `docker buildx imagetools inspect {listTag}`.");
    }

    private async Task<string> PublishOneAsync(string listTag, IReadOnlyList<PushedImage> entries, bool insecure, CancellationToken cancellationToken)
    {
        // A local list left by an earlier failed run would be merged by --amend; start from nothing.
        await RemoveLocalListAsync(listTag).ConfigureAwait(false);
        try
        {
            log.Information("Creating manifest list {0} from {1}", listTag, string.Join(", ", entries.Select(e => e.Architecture!.Name)));
            var references = entries.Select(e => e.ByDigest).ToArray();
            await runner.RunAsync(new DockerCommand(DockerArguments.ManifestCreate(listTag, references, insecure)), cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                await runner.RunAsync(new DockerCommand(DockerArguments.ManifestAnnotate(listTag, entry.ByDigest, entry.Architecture!)), cancellationToken).ConfigureAwait(false);
            }

            var result = await runner.RunAsync(new DockerCommand(DockerArguments.ManifestPush(listTag, insecure)), cancellationToken).ConfigureAwait(false);
            var digest = result.StandardOutput.Select(l => l.Trim()).LastOrDefault(l => ListDigest().IsMatch(l)) ?? throw new MultiArchException(
                $"`docker manifest push {listTag}` succeeded but printed no digest. Check the list with `docker manifest inspect {listTag}`.");
            log.Information("Pushed manifest list {0} at {1}", listTag, digest);
            return digest;
        }
        catch
        {
            await RemoveLocalListAsync(listTag).ConfigureAwait(false);
            throw;
        }
    }

    private async Task RemoveLocalListAsync(string listTag) =>
        await runner.RunAsync(
            new DockerCommand(DockerArguments.ManifestRemove(listTag)) { ThrowOnFailure = false, OutputVerbosity = Verbosity.Diagnostic },
            CancellationToken.None).ConfigureAwait(false);

    private static void Validate(string listTag, IReadOnlyList<PushedImage> entries)
    {
        if (string.IsNullOrWhiteSpace(listTag))
        {
            throw new MultiArchException("PushManifest needs the list's tag, such as \"127.0.0.1:5000/app:1.0\".");
        }

        if (entries.Count == 0)
        {
            throw new MultiArchException($"PushManifest was given no per-arch images for {listTag}. Push each arch's image first and pass what PushArchImage returned.");
        }

        var unknown = entries.Where(e => e.Architecture is null).Select(e => e.Tag).ToArray();
        if (unknown.Length > 0)
        {
            throw new MultiArchException(
                $"PushManifest cannot annotate {string.Join(", ", unknown)}: the architecture is not known. Pass the images with their CpuArchitecture set.");
        }

        var duplicates = entries.GroupBy(e => e.Architecture!.Platform).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (duplicates.Length > 0)
        {
            throw new MultiArchException(
                $"PushManifest was given more than one image for {string.Join(", ", duplicates)}; a manifest list holds each platform once. Remove the duplicates.");
        }
    }

    [GeneratedRegex(@"^sha256:[0-9a-f]{64}$")]
    private static partial Regex ListDigest();
}
