using Cake.MultiArch.Buildx;

namespace Cake.MultiArch.Tests.Buildx;

/// <summary>What a script prints for the result of BuildxMultiArch.</summary>
[TestFixture]
public sealed class BuildxImageSpecs
{
    [Test]
    public void ToString_lists_the_tags_the_digest_and_the_platforms()
    {
        var image = new BuildxImage(["r/app:1.0", "r/app:latest"], "sha256:0123") { Platforms = ["linux/amd64", "linux/arm/v7"] };

        Assert.That(image.ToString(), Is.EqualTo("r/app:1.0, r/app:latest (sha256:0123) for linux/amd64, linux/arm/v7"));
    }

    [Test]
    public void ToString_says_when_buildx_reported_no_digest()
    {
        var image = new BuildxImage(["r/app:1.0"], null);

        Assert.That(image.ToString(), Is.EqualTo("r/app:1.0 (no digest reported)"));
    }
}
