using Cake.Core;
using Cake.Core.Annotations;
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
}
