using Cake.Core.Diagnostics;
using Cake.MultiArch.Images;
using Cake.MultiArch.Registry;

namespace Cake.MultiArch.Promotion;

/// <summary>
/// <c>CopyMultiArchImage</c>: copies a published list (or image) with every platform and attestation to another tag,
/// repository or registry through the registry API alone, bytes unchanged so that every digest stays the same. Blobs
/// first (mounted within a registry, streamed across), then the manifests a list names, the tags last: an interrupted
/// copy leaves no tag pointing at anything incomplete, and running it again skips what the target holds.
/// </summary>
/// <param name="log">Cake's log.</param>
/// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
internal sealed class ImageCopier(ICakeLog log, string workingDirectory)
{
    /// <summary>Copies the image.</summary>
    /// <param name="source">The source reference: a tag or a digest.</param>
    /// <param name="target">The target reference: a tag.</param>
    /// <param name="settings">Credentials' config directory, trust, retries, extra tags.</param>
    /// <param name="cancellationToken">Stops the copy between (and during) requests; nothing is tagged before everything is there.</param>
    public async Task<CopiedImage> CopyAsync(string source, string target, CopyMultiArchImageSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var copy = CopyReferences.Check(source, target, settings.ExtraTags);
        var (from, to) = (copy.Source, copy.Target);

        using var reader = await ConnectAsync(from, settings, CopyFailures.SourceRefused, cancellationToken).ConfigureAwait(false);
        using var writer = await ConnectAsync(to, settings, CopyFailures.TargetRefused, cancellationToken).ConfigureAwait(false);

        var top = await Side(from, settings, CopyFailures.SourceRefused, CopyFailures.SourceMissing, ct => reader.GetManifestAsync(from.Repository, from.Reference, ct), cancellationToken).ConfigureAwait(false);
        var below = new Dictionary<string, RegistryManifest>(StringComparer.Ordinal);
        await ReadBelowAsync(reader, from, top, below, settings, cancellationToken).ConfigureAwait(false);
        var plan = CopyPlan.Of(top, below, from.ToString());
        log.Information(
            "Copying {0} to {1}: {2} manifest{3}, {4} blob{5}{6}",
            from, to, plan.Manifests.Count, plan.Manifests.Count == 1 ? "" : "s", plan.Blobs.Count, plan.Blobs.Count == 1 ? "" : "s",
            copy.SameRegistry ? " (mounted within the registry)" : " (streamed between the registries)");

        var counts = new Dictionary<BlobCopyOutcome, int> { [BlobCopyOutcome.Present] = 0, [BlobCopyOutcome.Mounted] = 0, [BlobCopyOutcome.Copied] = 0 };
        long bytes = 0;
        foreach (var blob in plan.Blobs)
        {
            var outcome = await Side(to, settings, CopyFailures.TargetRefused, null, ct => CopyBlobAsync(reader, writer, copy, blob, ct), cancellationToken).ConfigureAwait(false);
            counts[outcome]++;
            bytes += outcome == BlobCopyOutcome.Copied ? blob.Size : 0;
            log.Verbose(
                "{0} blob {1} ({2} bytes){3}",
                outcome switch { BlobCopyOutcome.Present => "Already there:", BlobCopyOutcome.Mounted => "Mounted", _ => "Copied" },
                blob.Digest, blob.Size, outcome == BlobCopyOutcome.Mounted ? $" from {from.Repository}" : "");
        }

        // The manifests a list names, by digest, before the list: a registry may check that a list's entries exist.
        foreach (var manifest in plan.Manifests.Take(plan.Manifests.Count - 1))
        {
            var present = await Side(to, settings, CopyFailures.TargetRefused, null, ct => writer.HeadManifestAsync(to.Repository, manifest.Digest, ct), cancellationToken).ConfigureAwait(false);
            if (present is null)
            {
                await Side(to, settings, CopyFailures.TargetRefused, null, ct => writer.PutManifestAsync(to.Repository, manifest.Digest, manifest.MediaType, manifest.Bytes, ct), cancellationToken).ConfigureAwait(false);
            }

            log.Verbose("{0} manifest {1} ({2})", present is null ? "Put" : "Already there:", manifest.Digest, manifest.MediaType);
        }

        // The tags last, with the source's exact bytes: the target list's digest is the source's.
        foreach (var tag in new[] { to.Tag! }.Concat(copy.ExtraTags))
        {
            var stored = await Side(to, settings, CopyFailures.TargetRefused, null, ct => writer.PutManifestAsync(to.Repository, tag, top.MediaType, top.Bytes, ct), cancellationToken).ConfigureAwait(false);
            if (stored != top.Digest)
            {
                throw CopyFailures.DigestChanged(to.WithTag(tag), top.Digest, stored);
            }
        }

        var result = new CopiedImage(from.ToString(), to.ToString(), top.Digest)
        {
            ExtraTags = copy.ExtraTags,
            Manifests = plan.Manifests.Count,
            BlobsMounted = counts[BlobCopyOutcome.Mounted],
            BlobsCopied = counts[BlobCopyOutcome.Copied],
            BlobsPresent = counts[BlobCopyOutcome.Present],
            BytesCopied = bytes,
        };
        log.Information("Copied {0}", result);
        return result;
    }

    private async Task ReadBelowAsync(
        RegistryClient reader, ImageReference from, RegistryManifest list, Dictionary<string, RegistryManifest> below, CopyMultiArchImageSettings settings, CancellationToken cancellationToken)
    {
        foreach (var entry in list.Manifests.Where(e => !below.ContainsKey(e.Digest)))
        {
            var child = await Side(from, settings, CopyFailures.SourceRefused, null, ct => reader.GetManifestAsync(from.Repository, entry.Digest, ct), cancellationToken).ConfigureAwait(false);
            below[entry.Digest] = child;
            if (child.IsIndex)
            {
                await ReadBelowAsync(reader, from, child, below, settings, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // HEAD first, so that a second run skips what the first one copied; then a mount within one registry, else (or when
    // the registry declines the mount) the bytes streamed from the source's download into the target's upload.
    private static async Task<BlobCopyOutcome> CopyBlobAsync(RegistryClient reader, RegistryClient writer, CopyReferences copy, ManifestDescriptor blob, CancellationToken cancellationToken)
    {
        var (from, to) = (copy.Source, copy.Target);
        if (await writer.HeadBlobAsync(to.Repository, blob.Digest, cancellationToken).ConfigureAwait(false))
        {
            return BlobCopyOutcome.Present;
        }

        BlobUpload upload;
        if (copy.SameRegistry)
        {
            var mount = await writer.MountBlobAsync(to.Repository, blob.Digest, from.Repository, cancellationToken).ConfigureAwait(false);
            if (mount.Mounted)
            {
                return BlobCopyOutcome.Mounted;
            }

            upload = mount.Upload!;
        }
        else
        {
            upload = await writer.StartBlobUploadAsync(to.Repository, cancellationToken).ConfigureAwait(false);
        }

        using var download = await reader.OpenBlobAsync(from.Repository, blob.Digest, cancellationToken).ConfigureAwait(false);
        if (download.Length is { } length && length != blob.Size)
        {
            throw CopyFailures.LengthMismatch(from, blob.Digest, blob.Size, length);
        }

        await writer.UploadBlobAsync(upload, blob.Digest, download.Content, blob.Size, cancellationToken).ConfigureAwait(false);
        return BlobCopyOutcome.Copied;
    }

    // One step against one side, retried while it fails transiently; a refusal (and, where given, a 404) becomes the copy's own message.
    private async Task<T> Side<T>(
        ImageReference side,
        CopyMultiArchImageSettings settings,
        Func<ImageReference, MultiArchException, MultiArchException> refused,
        Func<ImageReference, MultiArchException, MultiArchException>? missing,
        Func<CancellationToken, Task<T>> step,
        CancellationToken cancellationToken)
    {
        try
        {
            return await settings.Retry.RunAsync($"a request to {side.Registry}", step, log, cancellationToken).ConfigureAwait(false);
        }
        catch (MultiArchException exception) when (CopyFailures.IsRefusal(exception))
        {
            throw refused(side, exception);
        }
        catch (MultiArchException exception) when (missing is not null && exception.RegistryStatus == System.Net.HttpStatusCode.NotFound)
        {
            throw missing(side, exception);
        }
    }

    // RegistryAccess retries reaching the registry itself; a refusal of the credentials becomes the copy's message.
    private async Task<RegistryClient> ConnectAsync(
        ImageReference side, CopyMultiArchImageSettings settings, Func<ImageReference, MultiArchException, MultiArchException> refused, CancellationToken cancellationToken)
    {
        try
        {
            return await RegistryAccess.ConnectAsync(side, settings, workingDirectory, log, cancellationToken).ConfigureAwait(false);
        }
        catch (MultiArchException exception) when (CopyFailures.IsRefusal(exception))
        {
            throw refused(side, exception);
        }
    }
}
