using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Images;
using Cake.MultiArch.Progress;
using Cake.MultiArch.Registry;

namespace Cake.MultiArch.Verification;

/// <summary>
/// Reads a published manifest list back from the registry and checks it: every expected platform exactly once,
/// attestations (platform unknown/unknown) only where they point at an image entry, every entry's image present with a config of its stated platform; then, optionally,
/// runs each arch's image and collects its output. Every problem is reported at once.
/// </summary>
/// <param name="runner">Runs docker, for the optional run of each image.</param>
/// <param name="log">Cake's log.</param>
/// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
internal sealed class ManifestVerifier(IDockerRunner runner, ICakeLog log, string workingDirectory)
{
    /// <summary>Verifies the list; throws a <see cref="MultiArchException"/> listing every problem.</summary>
    /// <param name="listTag">The list's tag, such as <c>127.0.0.1:5000/app:1.0</c>.</param>
    /// <param name="settings">What to expect and what to run.</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    public async Task<VerifiedManifest> VerifyAsync(string listTag, VerifyManifestSettings settings, CancellationToken cancellationToken = default)
    {
        var list = ImageReference.Parse(listTag);
        var reference = list.Tag ?? list.Digest ?? ImageReference.DefaultTag;
        using var client = await RegistryAccess.ConnectAsync(list, settings, workingDirectory, log, cancellationToken).ConfigureAwait(false);
        var manifest = await client.GetManifestAsync(list.Repository, reference, cancellationToken).ConfigureAwait(false);
        var problems = new List<string>();
        if (!manifest.IsIndex)
        {
            throw new MultiArchException(
                $"{listTag} is a single image ({manifest.MediaType}), not a manifest list. Publish the list with PushManifest or MultiArchBuild.");
        }

        var entries = new List<VerifiedEntry>();
        var attestations = new List<ManifestDescriptor>();
        foreach (var descriptor in manifest.Manifests)
        {
            var platform = descriptor.Platform;
            if (descriptor.IsAttestation)
            {
                if (settings.AllowAttestations)
                {
                    attestations.Add(descriptor);
                }
                else
                {
                    problems.Add($"entry {descriptor.Digest} is an attestation (provenance or SBOM), and AllowAttestations is off");
                }

                continue;
            }

            if (platform is null)
            {
                problems.Add($"entry {descriptor.Digest} has no platform; a list for clients must name a real platform for every entry");
                continue;
            }

            var architecture = platform.ToArchitecture();
            if (architecture is null)
            {
                if (!settings.AllowOtherPlatforms)
                {
                    problems.Add($"entry {descriptor.Digest} is {platform}, which is no known architecture");
                }

                continue;
            }

            try
            {
                var image = await client.GetManifestAsync(list.Repository, descriptor.Digest, cancellationToken).ConfigureAwait(false);
                var config = await client.GetImagePlatformAsync(list.Repository, image, cancellationToken).ConfigureAwait(false);
                if (!config.Matches(architecture))
                {
                    problems.Add($"the {platform} entry ({descriptor.Digest}) is an image whose config says {config}");
                }
            }
            catch (MultiArchException exception)
            {
                problems.Add($"the {platform} entry ({descriptor.Digest}) cannot be read: {exception.Message.Split('\n')[0]}");
                continue;
            }

            entries.Add(new VerifiedEntry(architecture, platform.ToString(), descriptor.Digest, null));
        }

        var images = manifest.Manifests.Where(m => !m.IsAttestation).Select(m => m.Digest).ToHashSet(StringComparer.Ordinal);
        foreach (var attestation in attestations)
        {
            if (attestation.AttestedDigest is not { } attested)
            {
                problems.Add($"the attestation {attestation.Digest} names no image (it has no {ManifestDescriptor.ReferenceDigestAnnotation} annotation)");
            }
            else if (!images.Contains(attested))
            {
                problems.Add($"the attestation {attestation.Digest} points at {attested}, which is no entry of the list");
            }
            else if (await client.HeadManifestAsync(list.Repository, attestation.Digest, cancellationToken).ConfigureAwait(false) is null)
            {
                problems.Add($"the attestation {attestation.Digest} is listed but not in the registry");
            }
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var digest = entries[i].Digest;
            entries[i] = entries[i] with { Attestations = [.. attestations.Where(a => a.AttestedDigest == digest).Select(a => a.Digest)] };
        }

        foreach (var group in entries.GroupBy(e => e.Architecture).Where(g => g.Count() > 1))
        {
            problems.Add($"{group.Key.Platform} is listed {group.Count()} times");
        }

        var present = entries.Select(e => e.Architecture).ToHashSet();
        foreach (var missing in settings.ExpectedArchitectures.Where(a => !present.Contains(a)))
        {
            problems.Add($"{missing.Platform} ({missing.Name}) is missing");
        }

        if (!settings.AllowOtherPlatforms)
        {
            foreach (var extra in entries.Where(e => !settings.ExpectedArchitectures.Contains(e.Architecture)))
            {
                problems.Add($"{extra.Platform} ({extra.Architecture.Name}) is listed but was not expected");
            }
        }

        if (problems.Count > 0)
        {
            throw new MultiArchException(
                $"The manifest list {listTag} ({manifest.Digest}) is not what was expected:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)) +
                Environment.NewLine + "Publish it again from every arch's pushed image (MultiArchBuild, or PushManifest with each PushArchImage result).");
        }

        if (settings.RunCommand.Count > 0)
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var image = $"{list.WithoutTagOrDigest().ToFamiliarString()}@{entry.Digest}";
                var result = await runner.RunAsync(
                    new DockerCommand(["run", "--rm", "--platform", entry.Architecture.Platform, image, .. settings.RunCommand]) { Log = ArchLog.For(log, entry.Architecture) },
                    cancellationToken).ConfigureAwait(false);
                entries[i] = entry with { Output = string.Join('\n', result.StandardOutput).Trim() };
                ArchLog.For(log, entry.Architecture).Information("{0}", entries[i].Output);
            }
        }

        log.Information(
            "Verified {0} ({1}): {2}{3}",
            listTag,
            manifest.Digest,
            string.Join(", ", entries.Select(e => e.Platform)),
            attestations.Count == 0 ? "" : $"; {attestations.Count} attestation{(attestations.Count == 1 ? "" : "s")}, each pointing at its image");
        return new VerifiedManifest(listTag, manifest.Digest, manifest.MediaType, entries);
    }
}
