using System.Globalization;

namespace Cake.MultiArch;

/// <summary>What <c>CopyMultiArchImage</c> did: the target, its digest (the source's), and how each blob got there.</summary>
public sealed class CopiedImage
{
    internal CopiedImage(string source, string target, string digest)
    {
        Source = source;
        Target = target;
        Digest = digest;
    }

    /// <summary>The source reference, as normalised: <c>registry.example.com/team/app:1.2.3</c>.</summary>
    public string Source { get; }

    /// <summary>The target reference, as normalised: <c>ghcr.io/me/app:1.2.3</c>.</summary>
    public string Target { get; }

    /// <summary>The digest of the copy, the same as the source's.</summary>
    public string Digest { get; }

    /// <summary>The extra tags of the target repository that point at the copy too.</summary>
    public IReadOnlyList<string> ExtraTags { get; internal init; } = [];

    /// <summary>How many manifests the image has: the list, each platform's image and each attestation.</summary>
    public int Manifests { get; internal init; }

    /// <summary>How many blobs the target registry mounted from the source repository, without their bytes travelling.</summary>
    public int BlobsMounted { get; internal init; }

    /// <summary>How many blobs were streamed from the source to the target.</summary>
    public int BlobsCopied { get; internal init; }

    /// <summary>How many blobs the target repository already held.</summary>
    public int BlobsPresent { get; internal init; }

    /// <summary>How many bytes of blobs were streamed.</summary>
    public long BytesCopied { get; internal init; }

    /// <summary>The target, its digest and the counts: <c>ghcr.io/me/app:1.2.3 (sha256:...) from ...: 9 manifests; blobs 4 mounted, 0 copied, 2 already there</c>.</summary>
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Target} ({Digest}) from {Source}: {Manifests} manifest{(Manifests == 1 ? "" : "s")}; blobs {BlobsMounted} mounted, " +
            $"{BlobsCopied} copied ({BytesCopied} bytes), {BlobsPresent} already there");
}
