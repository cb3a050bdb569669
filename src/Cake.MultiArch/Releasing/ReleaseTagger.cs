using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Images;
using Cake.MultiArch.Registry;

namespace Cake.MultiArch.Releasing;

/// <summary>
/// <c>MultiArchTags</c>: reads the version, the CI's or git's branch, pull request and commit, and (for a release) the
/// registry's tags, and decides the tags, labels and index annotations of a build.
/// </summary>
/// <param name="context">The Cake context: its environment, build system and log.</param>
internal sealed class ReleaseTagger(ICakeContext context)
{
    /// <summary>Decides the tag set.</summary>
    /// <param name="settings">The image, version, which tags to make, and the labels' values.</param>
    /// <param name="cancellationToken">Cancels git and the registry.</param>
    public async Task<MultiArchTagSet> TagAsync(MultiArchTagsSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var image = CheckedImage(settings.Image);
        var given = string.IsNullOrWhiteSpace(settings.Version) ? null : SemanticVersion.Parse(settings.Version.Trim());
        var directory = (settings.WorkingDirectory?.MakeAbsolute(context.Environment) ?? context.Environment.WorkingDirectory).FullPath;
        var facts = CiSource.Read(context).Or(await GitSource.ReadAsync(directory, cancellationToken).ConfigureAwait(false));

        // Without a Version, a CI build of a git tag that is a semantic version (v1.2.3) releases that version, as a
        // tag push is how most projects release; a tag that is no version (nightly) gives no version tags.
        var version = given ?? (facts.GitTag is { } gitTag && SemanticVersion.TryParse(gitTag, out var tagged) ? tagged : null);
        if (given is null && version is not null)
        {
            context.Log.Information("MultiArchTags: the build is of the git tag {0}, so its version is {1} (set Version to override).", facts.GitTag!, version);
        }

        var readsRegistry = version is { IsPreRelease: false } && facts.PullRequest is null && (settings.Latest || settings.ShortTags);
        var registryTags = readsRegistry ? await RegistryTagsAsync(image, settings, directory, cancellationToken).ConfigureAwait(false) : [];
        var tags = ReleaseTags.Decide(settings, version, facts, registryTags);

        var labels = OciLabels.Of(
            OciLabels.CreatedTime(settings.Created, context.Environment, facts.CommitTime),
            settings.Source ?? facts.Source,
            facts.Revision,
            version?.ToString() ?? tags[0],
            settings.Title ?? image.Repository[(image.Repository.LastIndexOf('/') + 1)..]);
        var result = new MultiArchTagSet(settings.Image.Trim(), tags[0], tags.Skip(1).ToList(), labels);
        context.Log.Information("Tags of {0}", result);
        return result;
    }

    private static ImageReference CheckedImage(string image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            throw new MultiArchException("MultiArchTags needs Image, the repository whose tags are read, such as \"ghcr.io/me/app\".");
        }

        var repository = image.Trim();
        if (ReferenceProblems.ImageName(repository) is { } problem)
        {
            throw WrittenReference.Of(repository).Tag is { } tag
                ? new MultiArchException(
                    $"Image '{image}' contains a tag (':{tag}'). Give the repository alone, such as \"ghcr.io/me/app\": MultiArchTags decides the tags.")
                : new MultiArchException($"Image '{image}' is not a repository name: {problem}. {ReferenceProblems.ImageNameFix}");
        }

        return ImageReference.Parse(repository);
    }

    // The repository's tags; none for a repository that does not exist yet.
    private async Task<IReadOnlyList<string>> RegistryTagsAsync(ImageReference image, MultiArchToolSettings settings, string directory, CancellationToken cancellationToken)
    {
        try
        {
            using var client = await RegistryAccess.ConnectAsync(image, settings, directory, context.Log, cancellationToken).ConfigureAwait(false);
            return await settings.Retry.RunAsync(
                $"list the tags of {image.Name}",
                ct => client.ListTagsAsync(image.Repository, ct),
                context.Log,
                cancellationToken).ConfigureAwait(false);
        }
        catch (MultiArchException missing) when (missing.RegistryStatus == System.Net.HttpStatusCode.NotFound)
        {
            context.Log.Verbose("{0} does not exist yet: no release is higher than this one.", image.Name);
            return [];
        }
        catch (MultiArchException refused)
        {
            throw new MultiArchException(
                $"MultiArchTags could not list the tags of {image.Name}, which it reads to decide whether 'latest' and the short tags " +
                $"move: {refused.Message} Give credentials that may read (pull) the repository (MultiArchLogin, or ConfigDirectory), " +
                "or set Latest = false and ShortTags = false so that the registry is not read.",
                refused);
        }
    }
}
