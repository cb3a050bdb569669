
namespace Cake.MultiArch;

/// <summary>A manifest list read back from the registry and found to hold what was expected.</summary>
/// <param name="Tag">The list's tag.</param>
/// <param name="Digest">The list's digest.</param>
/// <param name="MediaType">The list's media type (Docker manifest list or OCI index).</param>
/// <param name="Entries">Its entries, one per platform.</param>
public sealed record VerifiedManifest(string Tag, string Digest, string MediaType, IReadOnlyList<VerifiedEntry> Entries);
