using Cake.MultiArch.Images;

namespace Cake.MultiArch.Promotion;

/// <summary>
/// The references of a copy, checked before any registry is asked: the source (a tag or a digest), the target (a tag:
/// a copy is published under a tag, its digest is the source's) and the extra tags of the target repository.
/// </summary>
/// <param name="Source">The source.</param>
/// <param name="Target">The target, with its tag (<c>latest</c> when none was written, as docker reads it).</param>
/// <param name="ExtraTags">More tags of the target repository.</param>
internal sealed record CopyReferences(ImageReference Source, ImageReference Target, IReadOnlyList<string> ExtraTags)
{
    /// <summary>Checks what a script gave; a <see cref="MultiArchException"/> names the bad value and how to write it.</summary>
    /// <param name="source">The source reference.</param>
    /// <param name="target">The target reference.</param>
    /// <param name="extraTags">The extra tags.</param>
    public static CopyReferences Check(string? source, string? target, IEnumerable<string>? extraTags)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new MultiArchException("CopyMultiArchImage needs a source image, such as \"registry.example.com/team/app:1.2.3\" or \"...@sha256:...\".");
        }

        if (string.IsNullOrWhiteSpace(target))
        {
            throw new MultiArchException("CopyMultiArchImage needs a target image, such as \"ghcr.io/me/app:1.2.3\".");
        }

        if (!ImageReference.TryParse(source.Trim(), out var from, out var sourceError))
        {
            throw new MultiArchException($"CopyMultiArchImage's source '{source}' is not an image reference: {sourceError}");
        }

        if (!ImageReference.TryParse(target.Trim(), out var to, out var targetError))
        {
            throw new MultiArchException($"CopyMultiArchImage's target '{target}' is not an image reference: {targetError}");
        }

        if (to.Digest is not null)
        {
            throw new MultiArchException(
                $"CopyMultiArchImage's target '{target}' names a digest. Give a tag, such as \"{to.Name}:1.2.3\": the copy keeps the source's digest, " +
                "and a tag is what points at it.");
        }

        var tags = new List<string>();
        foreach (var tag in extraTags ?? [])
        {
            if (ReferenceProblems.Tag(tag?.Trim()) is { } problem)
            {
                throw new MultiArchException($"CopyMultiArchImage's extra tag '{tag}' is not a valid tag: {problem}. Give the tag alone, such as \"latest\".");
            }

            if (tag!.Trim() != (to.Tag ?? ImageReference.DefaultTag) && !tags.Contains(tag.Trim()))
            {
                tags.Add(tag.Trim());
            }
        }

        return new CopyReferences(from, to.Tag is null ? to.WithTag(ImageReference.DefaultTag) : to, tags);
    }

    /// <summary>Whether source and target are in one registry, so that blobs can be mounted instead of sent.</summary>
    public bool SameRegistry => Source.Registry == Target.Registry;
}
