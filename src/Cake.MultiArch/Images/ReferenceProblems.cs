namespace Cake.MultiArch.Images;

/// <summary>
/// Why a repository name or a tag that a script gives breaks docker's reference grammar, in words that suit the
/// setting it came from; <see langword="null"/> when it is valid. The preflight and the single aliases ask the same.
/// </summary>
internal static class ReferenceProblems
{
    /// <summary>How to write a valid repository name, for messages.</summary>
    public const string ImageNameFix =
        "Use lowercase letters, digits and single separators (. _ -) between slashes, with an optional registry host[:port] first, such as \"ghcr.io/me/app\".";

    /// <summary>Why a repository name breaks the reference grammar, or <see langword="null"/> when it is valid.</summary>
    /// <param name="image">The repository, with an optional registry host.</param>
    public static string? ImageName(string image)
    {
        if (image.Any(char.IsWhiteSpace) || image.Any(char.IsControl))
        {
            return "it contains spaces or control characters";
        }

        if (image.StartsWith('/') || image.EndsWith('/'))
        {
            return "it starts or ends with '/'";
        }

        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "it contains a digest ('@'); give the repository only";
        }

        var (registry, path) = WrittenReference.SplitRegistry(image);

        // docker also reads an upper-case first component as a registry host; in a repository setting it is far more
        // likely a mistyped path component, so here only a host's spelling makes a registry, and the path check names it.
        if (registry is not null && !WrittenReference.HasHostSpelling(registry))
        {
            (registry, path) = (null, image);
        }

        if (registry is null && image.Contains(':', StringComparison.Ordinal))
        {
            return "it contains a tag (':'); give the tag in Tag";
        }

        if (registry is not null && ImageReference.RegistryError(registry) is not null)
        {
            return $"the registry '{registry}' is not a host name with an optional port";
        }

        foreach (var component in path.Split('/'))
        {
            if (component.Length == 0)
            {
                return "it has an empty path component ('//')";
            }

            if (component.Any(char.IsUpper))
            {
                return $"'{component}' has upper-case letters; repository names are lowercase";
            }

            if (!ImageReference.IsPathComponent(component))
            {
                return $"'{component}' is not lowercase letters and digits joined by single '.', '_', '__' or '-' runs";
            }
        }

        return image.Length > ImageReference.MaxNameLength ? $"it is longer than {ImageReference.MaxNameLength} characters" : null;
    }

    /// <summary>Why a tag breaks the reference grammar, or <see langword="null"/> when it is valid.</summary>
    /// <param name="tag">The tag.</param>
    public static string? Tag(string? tag)
    {
        if (string.IsNullOrEmpty(tag))
        {
            return "it is empty";
        }

        if (tag.Length > ImageReference.MaxTagLength)
        {
            return $"it is {tag.Length} characters long; the limit is {ImageReference.MaxTagLength}";
        }

        // The grammar is ImageReference's; the words suit a Tag setting rather than a whole reference.
        return ImageReference.TagError(tag) is null ? null : "it may hold only letters, digits, '_', '.' and '-', and may not start with '.' or '-'";
    }
}
