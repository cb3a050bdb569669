using Cake.MultiArch.Building;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Qemu;
using Cake.MultiArch.Verification;

namespace Cake.MultiArch.Pipeline;

/// <summary>
/// The one place where <see cref="MultiArchBuildSettings"/> is expanded into the settings of each step it runs: the
/// same choice keeps its name and default in both, and the tool settings (docker, daemon, registry, retries) are
/// passed on whole, never picked field by field.
/// </summary>
internal static class StepSettings
{
    /// <summary>The settings of the QEMU registration step.</summary>
    /// <param name="settings">The pipeline's settings.</param>
    public static RegisterQemuSettings Register(MultiArchBuildSettings settings) => WithToolSettings(
        new RegisterQemuSettings
        {
            Architectures = settings.Architectures.ToList(),
            QemuDirectory = settings.QemuDirectory,
            BinfmtMiscDirectory = settings.BinfmtMiscDirectory,
        },
        settings);

    /// <summary>The settings of the QEMU-enabled base step, for every arch.</summary>
    /// <param name="settings">The pipeline's settings.</param>
    /// <param name="baseImage">The base, when it is not the settings' own (one arch's pinned manifest).</param>
    public static BuildQemuBaseSettings QemuBase(MultiArchBuildSettings settings, string? baseImage = null)
    {
        var qemuBase = new BuildQemuBaseSettings
        {
            BaseImage = baseImage ?? settings.BaseImage,
            TagPattern = settings.QemuBaseTagPattern,
            ForceQemuCopy = settings.ForceQemuCopy,
            PullMissingBase = settings.PullMissingBase,
            QemuDirectory = settings.QemuDirectory,
            BinfmtMiscDirectory = settings.BinfmtMiscDirectory,
        };
        return WithToolSettings(qemuBase, settings);
    }

    /// <summary>The settings of the build step, for every arch.</summary>
    /// <param name="settings">The pipeline's settings.</param>
    /// <param name="baseImage">The base, when it is not the settings' own (one arch's pinned manifest).</param>
    public static BuildArchImageSettings Build(MultiArchBuildSettings settings, string? baseImage = null)
    {
        var build = new BuildArchImageSettings
        {
            Image = settings.Image,
            Tag = settings.Tag,
            TagPattern = settings.TagPattern,
            Context = settings.Context,
            Dockerfile = settings.Dockerfile,

            // Built from the QEMU-enabled base when one is made, else from the vanilla base.
            BaseImage = settings.UseQemuBases ? settings.QemuBaseTagPattern : baseImage ?? settings.BaseImage,
            BaseArgumentName = settings.BaseArgumentName,
            BuildArguments = settings.BuildArguments,
            Labels = settings.Labels,
            Target = settings.Target,
            NoCache = settings.NoCache,
            Force = settings.Force,
            BuildMethod = settings.BuildMethod,
            RegistryCache = settings.RegistryCache,
        };
        return WithToolSettings(build, settings);
    }

    /// <summary>The settings of the manifest-list step.</summary>
    /// <param name="settings">The pipeline's settings.</param>
    public static PushManifestSettings List(MultiArchBuildSettings settings) => WithToolSettings(
        new PushManifestSettings
        {
            ExtraTags = settings.ExtraListTags.ToList(),
            Force = settings.Force,
            ManifestMethod = settings.ManifestMethod,
            Format = settings.ListFormat,
            KeepAttestations = settings.KeepAttestations,
            Annotations = settings.ListAnnotations,
            PlatformAnnotations = settings.PlatformAnnotations,
        },
        settings);

    /// <summary>The settings of the verification step.</summary>
    /// <param name="settings">The pipeline's settings.</param>
    public static VerifyManifestSettings Verify(MultiArchBuildSettings settings) => WithToolSettings(
        new VerifyManifestSettings
        {
            ExpectedArchitectures = settings.Architectures.ToList(),
            RunCommand = settings.VerifyCommand.ToList(),
        },
        settings);

    private static T WithToolSettings<T>(T step, MultiArchToolSettings settings)
        where T : MultiArchToolSettings
    {
        step.CopyToolSettingsFrom(settings);
        return step;
    }
}
