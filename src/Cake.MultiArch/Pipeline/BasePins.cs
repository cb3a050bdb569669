using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Images;
using Cake.MultiArch.Registry;

namespace Cake.MultiArch.Pipeline;

/// <summary>
/// Pins one multi-arch base name (<c>alpine:3.20</c>, no <c>{arch}</c>) to each architecture's own manifest
/// (<c>alpine@sha256:...</c>) for builds that run one per arch. A daemon keeps one local image per name: two builds
/// with different <c>--platform</c> that pull the same name replace each other's copy, and the legacy builder of
/// Docker 20.10 then builds an arch from another arch's base. BuildKit resolves each platform itself and needs no pin.
/// </summary>
internal static class BasePins
{
    /// <summary>
    /// The base each architecture builds from: the pinned platform manifest where the base is one name that the registry
    /// serves as an index; else (a per-arch pattern, a digest already, a local-only image, a registry that cannot be read)
    /// the name as it is, which the log says.
    /// </summary>
    /// <param name="baseImage">The base image setting.</param>
    /// <param name="architectures">The architectures built.</param>
    /// <param name="settings">How to reach the registry (insecure, CA certificate, docker config for credentials).</param>
    /// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
    /// <param name="log">Cake's log.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public static async Task<IReadOnlyDictionary<CpuArchitecture, string>?> ResolveAsync(
        string baseImage, IReadOnlyList<CpuArchitecture> architectures, MultiArchToolSettings settings, string workingDirectory, ICakeLog log, CancellationToken cancellationToken)
    {
        if (architectures.Count < 2 || string.IsNullOrWhiteSpace(baseImage) || baseImage.Contains('{', StringComparison.Ordinal) ||
            !ImageReference.TryParse(baseImage, out var reference) || reference.Digest is not null)
        {
            return null;
        }

        var manifest = await RegistryGlance.TryAsync(
            reference, settings, workingDirectory, log, baseImage,
            async (client, ct) => await client.GetManifestAsync(reference.Repository, reference.Reference, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        if (manifest is not { IsIndex: true })
        {
            if (manifest is null)
            {
                log.Verbose("Each arch builds from {0} as the daemon holds it.", baseImage);
            }

            return null;
        }

        var missing = architectures.Where(a => !manifest.Manifests.Any(m => !m.IsAttestation && m.Platform?.Matches(a) == true)).ToArray();
        if (missing.Length > 0)
        {
            throw new MultiArchException(
                $"The base {baseImage} has no image for {string.Join(", ", missing.Select(a => a.Platform))} (it has " +
                $"{string.Join(", ", manifest.Manifests.Where(m => !m.IsAttestation).Select(m => m.Platform?.ToString() ?? "no platform"))}). " +
                "Choose a base published for every architecture built, give each arch its own base with {arch} in BaseImage, or leave those architectures out.");
        }

        var pins = architectures.ToDictionary(
            a => a,
            a => $"{reference.WithoutTagOrDigest().ToFamiliarString()}@{PlatformManifestResolver.SelectEntry(manifest, a, baseImage).Digest}");
        log.Verbose("{0} is one name for every arch: each arch builds from its own platform's manifest ({1}).", baseImage, string.Join(", ", pins.Select(p => $"{p.Key.Name} {p.Value}")));
        return pins;
    }
}
