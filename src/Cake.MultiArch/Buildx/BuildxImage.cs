namespace Cake.MultiArch;

/// <summary>What <c>BuildxMultiArch</c> built: the list's tags, the digest buildx reported, and the platforms it holds.</summary>
/// <param name="Tags">The tags.</param>
/// <param name="Digest">The manifest list's digest, from buildx's metadata file, or <see langword="null"/> when not reported.</param>
public sealed record BuildxImage(IReadOnlyList<string> Tags, string? Digest)
{
    /// <summary>The platforms built, such as <c>linux/amd64</c> and <c>linux/arm/v7</c>, in the order they were asked for.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary>The tags, the digest and the platforms, such as <c>ghcr.io/me/app:1.0 (sha256:...) for linux/amd64, linux/arm64</c>.</summary>
    /// <returns>One readable line.</returns>
    public override string ToString()
    {
        var text = Tags.Count == 0 ? "(no tags)" : string.Join(", ", Tags);
        text += $" ({Digest ?? "no digest reported"})";
        return Platforms.Count == 0 ? text : $"{text} for {string.Join(", ", Platforms)}";
    }
}
