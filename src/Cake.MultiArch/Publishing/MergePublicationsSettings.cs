
namespace Cake.MultiArch;

/// <summary>Settings for <c>MergeArchPublications</c>: the final CI job that joins the per-arch jobs' images into the list.</summary>
public class MergePublicationsSettings : PushManifestSettings
{
    /// <summary>The architectures that must all be there; the merge fails, naming the missing ones, otherwise. Empty accepts what is there.</summary>
    public IList<CpuArchitecture> ExpectedArchitectures { get; set; } = new List<CpuArchitecture>();

    /// <summary>The list's tag; by default the repository and release tag the publication files record.</summary>
    public string? ListTag { get; set; }
}
