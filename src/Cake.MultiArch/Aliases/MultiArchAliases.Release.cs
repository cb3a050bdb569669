using Cake.Core;
using Cake.Core.Annotations;
using Cake.MultiArch.Promotion;
using Cake.MultiArch.Releasing;

namespace Cake.MultiArch;

public static partial class MultiArchAliases
{
    /// <summary>
    /// Decides a build's tags, OCI labels and index annotations: from a semantic version its full tag, and
    /// <c>MAJOR.MINOR</c>, <c>MAJOR</c> and <c>latest</c> where the registry holds no higher release (none for a
    /// pre-release); the branch, pull-request and commit tags from GitHub Actions, Azure Pipelines, Travis CI or git; and
    /// the <c>org.opencontainers.image.*</c> labels, created at the commit's time so that rebuilds stay reproducible.
    /// <c>UseTags</c> of <see cref="MultiArchBuildSettings"/> and <see cref="BuildxMultiArchSettings"/> takes the result.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The repository, the version and which tags to make.</param>
    /// <returns>The primary tag, the extra tags, the labels and the annotations.</returns>
    /// <example>
    /// <code>
    /// var tags = MultiArchTags(new MultiArchTagsSettings { Image = "ghcr.io/me/app", Version = "1.2.3" });
    /// MultiArchBuild(new MultiArchBuildSettings { Architectures = { "amd64", "arm64v8" } }.UseTags(tags));
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Release")]
    public static MultiArchTagSet MultiArchTags(this ICakeContext context, MultiArchTagsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        return Wait(ct => new ReleaseTagger(context).TagAsync(settings, ct));
    }

    /// <summary>
    /// Promotes a published image without rebuilding it: copies a manifest list (or single image) with every platform and
    /// attestation to another tag, repository or registry through the registry API, bytes unchanged, so that the target's
    /// digest is the source's. Within one registry the blobs are mounted, across registries streamed; the tag is written last.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="source">The published image, by tag or digest, such as <c>registry.example.com/team/app:1.2.3-rc.1</c>.</param>
    /// <param name="target">The tag to publish it under, such as <c>ghcr.io/me/app:1.2.3</c>.</param>
    /// <returns>The target, its digest and what was mounted, copied or already there.</returns>
    /// <example>
    /// <code>
    /// var copied = CopyMultiArchImage("registry.example.com/team/app:1.2.3-rc.1", "registry.example.com/team/app:1.2.3");
    /// Information($"{copied.Target} is {copied.Digest}");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Release")]
    public static CopiedImage CopyMultiArchImage(this ICakeContext context, string source, string target) =>
        CopyMultiArchImage(context, source, target, new CopyMultiArchImageSettings());

    /// <summary>Promotes a published image without rebuilding it, with settings: credentials' config directory, trust, retries, extra tags.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="source">The published image, by tag or digest.</param>
    /// <param name="target">The tag to publish it under.</param>
    /// <param name="settings">Where docker's credentials are, the registries' trust, retries and extra tags.</param>
    /// <returns>The target, its digest and what was mounted, copied or already there.</returns>
    /// <example>
    /// <code>
    /// CopyMultiArchImage("registry.internal:5000/app:1.2.3", "ghcr.io/me/app:1.2.3", new CopyMultiArchImageSettings
    /// {
    ///     ExtraTags = { "1.2", "latest" },
    /// });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Release")]
    public static CopiedImage CopyMultiArchImage(this ICakeContext context, string source, string target, CopyMultiArchImageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var directory = (settings.WorkingDirectory?.MakeAbsolute(context.Environment) ?? context.Environment.WorkingDirectory).FullPath;
        return Wait(ct => new ImageCopier(context.Log, directory).CopyAsync(source, target, settings, ct));
    }
}
