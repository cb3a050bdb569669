using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Publishing;

/// <summary>Settings for <c>PushArchImage</c>.</summary>
public class PushArchImageSettings : MultiArchToolSettings
{
}

/// <summary>Settings for <c>PushManifest</c>.</summary>
public class PushManifestSettings : MultiArchToolSettings
{
    /// <summary>
    /// The registry speaks plain HTTP or has a certificate this host does not trust (<c>docker manifest --insecure</c>).
    /// A registry on 127.0.0.1 or localhost is treated as insecure without being told.
    /// </summary>
    public bool Insecure { get; set; }

    /// <summary>Further tags for the same list, such as <c>latest</c>: each is pushed as the same list.</summary>
    public IList<string> ExtraTags { get; set; } = new List<string>();
}
