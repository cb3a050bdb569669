namespace Cake.MultiArch;

/// <summary>
/// The tags, labels and index annotations <c>MultiArchTags</c> decided for a build; <c>UseTags</c> of
/// <see cref="MultiArchBuildSettings"/> and <see cref="BuildxMultiArchSettings"/> takes them.
/// </summary>
public sealed class MultiArchTagSet
{
    /// <summary>Creates a tag set.</summary>
    /// <param name="image">The repository, such as <c>ghcr.io/me/app</c>.</param>
    /// <param name="tag">The primary tag.</param>
    /// <param name="extraTags">The other tags.</param>
    /// <param name="labels">The image labels, which are the index annotations too.</param>
    internal MultiArchTagSet(string image, string tag, IReadOnlyList<string> extraTags, IReadOnlyDictionary<string, string> labels)
    {
        Image = image;
        Tag = tag;
        ExtraTags = extraTags;
        Labels = labels;
    }

    /// <summary>The repository the tags are for, such as <c>ghcr.io/me/app</c>.</summary>
    public string Image { get; }

    /// <summary>The primary tag: the version (<c>1.2.3</c>), else the pull request, branch or commit tag.</summary>
    public string Tag { get; }

    /// <summary>The other tags, such as <c>1.2</c>, <c>1</c>, <c>latest</c>, <c>main</c>, <c>sha-0a1b2c3</c>.</summary>
    public IReadOnlyList<string> ExtraTags { get; }

    /// <summary>The <c>org.opencontainers.image.*</c> labels: created, source, revision, version, title (those known).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The annotations of the image index: the same keys and values as <see cref="Labels"/>.</summary>
    public IReadOnlyDictionary<string, string> Annotations => Labels;

    /// <summary>Every tag, the primary one first.</summary>
    public IEnumerable<string> AllTags => new[] { Tag }.Concat(ExtraTags);

    /// <summary>The tags on one line, then a line per label: <c>ghcr.io/me/app: 1.2.3, 1.2, 1, latest</c>.</summary>
    public override string ToString() =>
        $"{Image}: {string.Join(", ", AllTags)}" + string.Concat(Labels.Select(l => $"{Environment.NewLine}  {l.Key}={l.Value}"));

    /// <summary>Puts the tags and labels into a settings object's: its image (when empty) and tag are returned.</summary>
    /// <param name="image">The settings' image.</param>
    /// <param name="extraTags">The settings' extra tags; the other tags are added to them.</param>
    /// <param name="labels">The settings' labels; the labels are merged into them.</param>
    internal (string Image, string Tag) ApplyTo(string image, IList<string> extraTags, IDictionary<string, string> labels)
    {
        foreach (var extra in ExtraTags.Where(t => !extraTags.Contains(t)))
        {
            extraTags.Add(extra);
        }

        MergeInto(labels, Labels);
        return (string.IsNullOrWhiteSpace(image) ? Image : image, Tag);
    }

    /// <summary>Merges values into a settings dictionary, replacing the keys it already has.</summary>
    /// <param name="target">The settings' labels or annotations.</param>
    /// <param name="values">The values to merge.</param>
    internal static void MergeInto(IDictionary<string, string> target, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (key, value) in values)
        {
            target[key] = value;
        }
    }
}
