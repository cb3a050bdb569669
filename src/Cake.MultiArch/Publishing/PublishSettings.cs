using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Publishing;

/// <summary>Settings for <c>PushArchImage</c>.</summary>
public class PushArchImageSettings : MultiArchToolSettings
{
    /// <summary>Push even when the registry already holds the tag at the digest that would be pushed.</summary>
    public bool Force { get; set; }
}

/// <summary>Settings for <c>PushManifest</c>.</summary>
public class PushManifestSettings : MultiArchToolSettings
{

    /// <summary>How the list is made and pushed; <see cref="ManifestMethod.DockerManifest"/> by default.</summary>
    public ManifestMethod Method { get; set; } = ManifestMethod.DockerManifest;

    /// <summary>For <see cref="ManifestMethod.Registry"/>: a Docker manifest list (default) or an OCI image index.</summary>
    public Registry.ManifestListFormat Format { get; set; } = Registry.ManifestListFormat.DockerManifestList;

    /// <summary>Push the list even when the registry's list at the tag already has exactly these entries.</summary>
    public bool Force { get; set; }

    /// <summary>Further tags for the same list, such as <c>latest</c>: each is pushed as the same list.</summary>
    public IList<string> ExtraTags { get; set; } = new List<string>();
}
