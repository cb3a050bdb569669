using Cake.MultiArch.Publishing;

namespace Cake.MultiArch;

/// <summary>A manifest list the registry holds.</summary>
/// <param name="Tag">The list's tag, such as <c>127.0.0.1:5000/app:1.0</c>.</param>
/// <param name="Digest">The list's digest.</param>
/// <param name="Entries">The per-arch images it references.</param>
public sealed record ManifestList(string Tag, string Digest, IReadOnlyList<PushedImage> Entries)
{
    /// <summary>Whether the registry already held exactly this list under the tag, so it was left as it was instead of pushed again.</summary>
    public bool Unchanged { get; init; }

    /// <summary>How the list was made: the method asked for, or the one <see cref="ManifestMethod.Auto"/> chose.</summary>
    public ManifestMethod Method { get; init; } = ManifestMethod.Auto;

    /// <summary>How many attestations (provenance, SBOM) the list carries beside its platforms.</summary>
    public int Attestations { get; init; }
}
