using Cake.MultiArch.Images;

namespace Cake.MultiArch;

/// <summary>An image the registry holds: its tag and the digest the registry reported for it.</summary>
/// <param name="Architecture">Its architecture, or <see langword="null"/> when not known.</param>
/// <param name="Tag">The pushed tag, such as <c>127.0.0.1:5000/app:1.0-arm32v7</c>.</param>
/// <param name="Digest">The manifest digest, <c>sha256:...</c>.</param>
public sealed record PushedImage(CpuArchitecture? Architecture, string Tag, string Digest)
{
    /// <summary>The repository part of the tag, such as <c>127.0.0.1:5000/app</c>.</summary>
    public string Repository => WrittenReference.Of(Tag).Name;

    /// <summary>The image by digest, such as <c>127.0.0.1:5000/app@sha256:...</c>: immutable, unlike the tag.</summary>
    public string ByDigest => $"{Repository}@{Digest}";
}
