using System.Reflection;
using Cake.Core.Annotations;

namespace Cake.MultiArch.Tests.Aliases;

/// <summary>
/// The add-in's public surface is what a build script needs and no more: the aliases, their settings and results,
/// <see cref="CpuArchitecture"/>, the exceptions and the enums those use, all in the one namespace a script imports.
/// (PublicAPI.Shipped.txt holds every public member; the build fails when one changes without it.)
/// </summary>
public sealed class PublicSurfaceSpecs
{
    private static readonly Assembly AddIn = typeof(MultiArchAliases).Assembly;

    [Test]
    public void Scripts_import_one_namespace_and_every_public_type_is_in_it()
    {
        var imports = AddIn.GetCustomAttributes<CakeNamespaceImportAttribute>().Select(a => a.Namespace).ToArray();

        Assert.That(imports, Is.EqualTo(new[] { "Cake.MultiArch" }));
        Assert.That(AddIn.GetExportedTypes().Where(t => t.Namespace != "Cake.MultiArch").Select(t => t.FullName), Is.Empty);
    }

    [Test]
    public void The_public_types_are_the_aliases_their_settings_and_results_the_architecture_the_exceptions_and_their_enums()
    {
        var aliases = new[] { "MultiArchAliases" };
        var settings = new[]
        {
            "MultiArchToolSettings", "RegisterQemuSettings", "BuildQemuBaseSettings", "BuildArchImageSettings", "PushArchImageSettings",
            "PushManifestSettings", "MultiArchLoginSettings", "MultiArchBuildSettings", "MergePublicationsSettings", "VerifyManifestSettings",
            "BuildxMultiArchSettings", "BuildxBuilderSettings", "LocalRegistrySettings", "MultiArchTagsSettings", "CopyMultiArchImageSettings", "RetryPolicy", "ArchBuilder", "BuildxNode", "RegistryCache",
        };
        var results = new[]
        {
            "QemuRegistration", "QemuHandler", "QemuBaseImage", "ArchImage", "PushedImage", "ManifestList", "MultiArchBuildResult",
            "ArchBuildResult", "VerifiedManifest", "VerifiedEntry", "BuildxImage", "LocalRegistry", "MultiArchTagSet", "CopiedImage",
        };
        var values = new[] { "CpuArchitecture", "MultiArchException", "MultiArchBuildException" };
        var enums = new[] { "QemuRegistrationMethod", "QemuAction", "BuildMethod", "ManifestMethod", "ManifestListFormat", "ProgressDisplay", "ArchBuildStatus", "LocalRegistryOrigin", "RegistryCacheMode" };

        var exported = AddIn.GetExportedTypes();

        Assert.That(exported.Select(t => t.Name), Is.EquivalentTo(aliases.Concat(settings).Concat(results).Concat(values).Concat(enums)));
        Assert.That(exported.Where(t => t.IsEnum).Select(t => t.Name), Is.EquivalentTo(enums));
    }
}
