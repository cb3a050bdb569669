namespace Cake.MultiArch.Tests.Releasing;

/// <summary>MultiArchBuild's and BuildxMultiArch's settings take what MultiArchTags decided.</summary>
public sealed class UseTagsSpecs
{
    private static readonly MultiArchTagSet Tags = new(
        "ghcr.io/me/app",
        "1.2.3",
        ["1.2", "1", "latest"],
        new Dictionary<string, string> { ["org.opencontainers.image.version"] = "1.2.3", ["org.opencontainers.image.revision"] = "abc" });

    [Test]
    public void MultiArchBuild_takes_the_tags_labels_and_index_annotations()
    {
        // Given: settings with a label and a tag of their own.
        var settings = new MultiArchBuildSettings
        {
            ExtraListTags = { "stable", "latest" },
            Labels = { ["maintainer"] = "me", ["org.opencontainers.image.version"] = "old" },
        };

        // When
        var same = settings.UseTags(Tags);

        // Then
        Assert.That(same, Is.SameAs(settings));
        Assert.That((settings.Image, settings.Tag), Is.EqualTo(("ghcr.io/me/app", "1.2.3")));
        Assert.That(settings.ExtraListTags, Is.EqualTo(new[] { "stable", "latest", "1.2", "1" }));
        Assert.That(settings.Labels, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["maintainer"] = "me", ["org.opencontainers.image.version"] = "1.2.3", ["org.opencontainers.image.revision"] = "abc",
        }));
        Assert.That(settings.ListAnnotations, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["org.opencontainers.image.version"] = "1.2.3", ["org.opencontainers.image.revision"] = "abc",
        }));
        Assert.That(settings.Problems(), Is.Empty);
    }

    [Test]
    public void BuildxMultiArch_takes_the_tags_and_labels_and_keeps_its_own_image()
    {
        // Given
        var settings = new BuildxMultiArchSettings { Image = "127.0.0.1:5000/app" };

        // When
        settings.UseTags(Tags);

        // Then
        Assert.That((settings.Image, settings.Tag), Is.EqualTo(("127.0.0.1:5000/app", "1.2.3")));
        Assert.That(settings.ExtraTags, Is.EqualTo(new[] { "1.2", "1", "latest" }));
        Assert.That(settings.Labels, Is.EquivalentTo(Tags.Labels));
    }
}
