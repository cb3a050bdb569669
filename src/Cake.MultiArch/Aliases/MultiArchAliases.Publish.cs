using Cake.Core;
using Cake.Core.Annotations;
using Cake.MultiArch.Building;
using Cake.MultiArch.Publishing;

namespace Cake.MultiArch;

public static partial class MultiArchAliases
{
    /// <summary>Pushes an architecture's image (every tag it was built with) and returns the digest the registry reports.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="image">What <c>BuildArchImage</c> returned.</param>
    /// <returns>The pushed image, with its architecture and digest.</returns>
    /// <example>
    /// <code>
    /// var pushed = PushArchImage(BuildArchImage("arm64v8", buildSettings));
    /// Information($"{pushed.Tag} is {pushed.Digest}");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Publish")]
    public static PushedImage PushArchImage(this ICakeContext context, ArchImage image) => PushArchImage(context, image, new PushArchImageSettings());

    /// <summary>Pushes an architecture's image (every tag it was built with) and returns the digest the registry reports.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="image">What <c>BuildArchImage</c> returned.</param>
    /// <param name="settings">Which docker and daemon to use.</param>
    /// <returns>The pushed image, with its architecture and digest.</returns>
    /// <example>
    /// <code>
    /// var pushed = PushArchImage(image, new PushArchImageSettings { ToolTimeout = TimeSpan.FromMinutes(10) });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Publish")]
    public static PushedImage PushArchImage(this ICakeContext context, ArchImage image, PushArchImageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Run(context, settings, (runner, ct) => new ArchImagePusher(runner, context.Log, settings.Retry, settings.Force ? null : (settings, runner.WorkingDirectory)).PushAsync(image.Architecture, image.Tags, ct));
    }

    /// <summary>Pushes an architecture's tag and returns the digest the registry reports.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="tag">The tag, such as <c>127.0.0.1:5000/hello:1.0-arm32v7</c>.</param>
    /// <param name="architecture">The image's architecture, which the manifest list needs.</param>
    /// <param name="settings">Which docker and daemon to use.</param>
    /// <returns>The pushed image, with its architecture and digest.</returns>
    /// <example>
    /// <code>
    /// var pushed = PushArchImage("127.0.0.1:5000/hello:1.0-arm32v7", "arm32v7", new PushArchImageSettings());
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Publish")]
    public static PushedImage PushArchImage(this ICakeContext context, string tag, CpuArchitecture architecture, PushArchImageSettings settings) =>
        Run(context, settings, (runner, ct) => new ArchImagePusher(runner, context.Log, settings.Retry, settings.Force ? null : (settings, runner.WorkingDirectory)).PushAsync(architecture, [tag], ct));

    /// <summary>
    /// Creates the manifest list <paramref name="listTag"/> from pushed per-arch images (referenced by digest),
    /// annotates each entry with its os, architecture and variant, pushes it and returns its digest.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="listTag">The list's tag, such as <c>127.0.0.1:5000/hello:1.0</c>.</param>
    /// <param name="images">What <c>PushArchImage</c> returned for each architecture.</param>
    /// <returns>The pushed list and its digest.</returns>
    /// <example>
    /// <code>
    /// var pushed = new[] { "amd64", "arm32v7", "arm64v8" }
    ///     .Select(arch =&gt; PushArchImage(BuildArchImage(arch, buildSettings)))
    ///     .ToList();
    /// var list = PushManifest("127.0.0.1:5000/hello:1.0", pushed);
    /// Information($"{list.Tag} is {list.Digest}");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Publish")]
    public static ManifestList PushManifest(this ICakeContext context, string listTag, IEnumerable<PushedImage> images) =>
        PushManifest(context, listTag, images, new PushManifestSettings());

    /// <summary>Creates, annotates and pushes a manifest list from pushed per-arch images, with settings.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="listTag">The list's tag, such as <c>registry.example.com/hello:1.0</c>.</param>
    /// <param name="images">What <c>PushArchImage</c> returned for each architecture.</param>
    /// <param name="settings">Whether the registry is insecure; more tags for the list.</param>
    /// <returns>The pushed list and its digest.</returns>
    /// <example>
    /// <code>
    /// PushManifest("registry.internal:5000/hello:1.0", pushed, new PushManifestSettings
    /// {
    ///     Insecure = true,
    ///     ExtraTags = { "latest" },
    /// });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Publish")]
    public static ManifestList PushManifest(this ICakeContext context, string listTag, IEnumerable<PushedImage> images, PushManifestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(images);
        var entries = images.ToArray();
        return Run(context, settings, (runner, ct) => new ManifestListPublisher(runner, context.Log, runner.WorkingDirectory).PublishAsync(listTag, entries, settings, ct));
    }

    /// <summary>
    /// Logs docker in to a registry with the password on standard input (<c>--password-stdin</c>), never in arguments or
    /// logs; on GitHub Actions and Azure Pipelines the password is also registered with the CI's own log masking.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">The registry, user name and password.</param>
    /// <example>
    /// <code>
    /// MultiArchLogin(new MultiArchLoginSettings
    /// {
    ///     Server = "ghcr.io",
    ///     Username = EnvironmentVariable("REGISTRY_USER"),
    ///     Password = EnvironmentVariable("REGISTRY_PASSWORD"),
    /// });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Publish")]
    public static void MultiArchLogin(this ICakeContext context, MultiArchLoginSettings settings) =>
        Run(context, settings, async (runner, ct) =>
        {
            await new RegistryLogin(runner, context.Log).LoginAsync(settings, ct).ConfigureAwait(false);
            return true;
        });

    /// <summary>
    /// The final job of a split CI matrix: reads the <c>&lt;arch&gt;.json</c> files that the per-arch jobs wrote
    /// (<c>PublicationDirectory</c>), checks that every expected arch is there once, and pushes the list by digest.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="directory">The folder holding the downloaded artifacts.</param>
    /// <param name="settings">The architectures expected, the list's tag, whether the registry is insecure.</param>
    /// <returns>The pushed list and its digest.</returns>
    /// <example>
    /// <code>
    /// Task("Merge").Does(() =&gt;
    /// {
    ///     var list = MergeArchPublications("artifacts/publications", new MergePublicationsSettings
    ///     {
    ///         ExpectedArchitectures = { "amd64", "arm32v6", "arm32v7", "arm64v8" },
    ///     });
    ///     Information($"{list.Tag} is {list.Digest}");
    /// });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Publish")]
    public static ManifestList MergeArchPublications(this ICakeContext context, Cake.Core.IO.DirectoryPath directory, MergePublicationsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return Run(context, settings, (runner, ct) =>
        {
            var (listTag, images) = PublicationMerger.Read(directory.MakeAbsolute(new Cake.Core.IO.DirectoryPath(runner.WorkingDirectory)).FullPath, settings, context.Log);
            return new ManifestListPublisher(runner, context.Log, runner.WorkingDirectory).PublishAsync(listTag, images, settings, ct);
        });
    }
}
