namespace Cake.MultiArch.Registry;

/// <summary>What a <c>HEAD</c> request tells about a manifest that exists: its digest, media type and size.</summary>
/// <param name="Digest">The digest, <c>sha256:...</c>.</param>
/// <param name="MediaType">The media type, or an empty string when the registry did not say.</param>
/// <param name="Size">The size in bytes, or -1 when the registry did not say.</param>
internal sealed record ManifestHead(string Digest, string MediaType, long Size);
