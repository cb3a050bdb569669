namespace Cake.MultiArch.Buildx;

/// <summary>What <c>BuildxMultiArch</c> pushed: the list's tags and the digest buildx reported.</summary>
/// <param name="Tags">The tags.</param>
/// <param name="Digest">The manifest list's digest, from buildx's metadata file, or <see langword="null"/> when not reported.</param>
public sealed record BuildxImage(IReadOnlyList<string> Tags, string? Digest);
