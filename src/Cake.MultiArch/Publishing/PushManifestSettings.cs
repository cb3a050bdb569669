using Cake.MultiArch.Docker;

namespace Cake.MultiArch;

/// <summary>Settings for <c>PushManifest</c>.</summary>
public class PushManifestSettings : MultiArchToolSettings
{

    /// <summary>
    /// How the list is made and pushed: <see cref="ManifestMethod.Registry"/> by default, straight through the registry's
    /// HTTP API (plain per-arch images and BuildKit's indexes with attestations alike, no <c>docker manifest</c> needed),
    /// as <c>MultiArchBuild</c> does; <see cref="ManifestMethod.DockerManifest"/> for the classic recipe's
    /// <c>docker manifest</c>, <see cref="ManifestMethod.Auto"/> for <c>docker manifest</c> where the images allow it.
    /// </summary>
    public ManifestMethod ManifestMethod { get; set; } = ManifestMethod.Registry;

    /// <summary>
    /// For <see cref="ManifestMethod.Registry"/>: <see cref="ManifestListFormat.Auto"/> by default (an OCI image index
    /// when any entry is OCI or the list carries attestations or annotations, a Docker manifest list when every entry is a
    /// Docker v2 manifest), or one of them explicitly. A Docker manifest list over OCI images is refused.
    /// </summary>
    public ManifestListFormat Format { get; set; } = ManifestListFormat.Auto;

    /// <summary>
    /// Keep each per-arch image's attestations (BuildKit's provenance and SBOM manifests) in the list, as OCI index entries
    /// that point at their platform's image. On by default; off leaves them out (the per-arch tags keep them).
    /// </summary>
    public bool KeepAttestations { get; set; } = true;

    /// <summary>
    /// Annotations of the list itself (OCI image index only), such as <c>org.opencontainers.image.source</c> or
    /// <c>org.opencontainers.image.description</c>. Given annotations make the list an OCI image index.
    /// </summary>
    public IDictionary<string, string> Annotations { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Annotations of one architecture's entry in the list (OCI image index only), by architecture.</summary>
    public IDictionary<CpuArchitecture, IDictionary<string, string>> PlatformAnnotations { get; set; } =
        new Dictionary<CpuArchitecture, IDictionary<string, string>>();

    /// <summary>Push the list even when the registry's list at the tag already has exactly these entries.</summary>
    public bool Force { get; set; }

    /// <summary>Further tags for the same list, such as <c>latest</c>: each is pushed as the same list.</summary>
    public IList<string> ExtraTags { get; set; } = new List<string>();

    /// <summary>Throws when these settings contradict each other, before any registry is asked: the one place they are checked.</summary>
    /// <param name="listTag">The list's tag, for the message.</param>
    internal void ThrowIfInvalid(string listTag)
    {
        var annotated = Annotations.Count > 0 || PlatformAnnotations.Count > 0;
        if (annotated && ManifestMethod is ManifestMethod.DockerManifest or ManifestMethod.BuildxImagetools)
        {
            throw new MultiArchException(
                $"Annotations were given for {listTag} with ManifestMethod = ManifestMethod.{ManifestMethod}, which cannot write them. Use " +
                "ManifestMethod.Registry or Auto (the default), which write them on an OCI image index.");
        }

        if (annotated && Format == ManifestListFormat.DockerManifestList)
        {
            throw new MultiArchException(
                $"Annotations were given for {listTag} with Format = DockerManifestList; only an OCI image index carries annotations. Leave Format at " +
                "Auto (the default) or set Format = ManifestListFormat.OciImageIndex, or remove the annotations.");
        }
    }
}
