using Cake.MultiArch.Docker;

namespace Cake.MultiArch;

/// <summary>Settings for <c>PushArchImage</c>.</summary>
public class PushArchImageSettings : MultiArchToolSettings
{
    /// <summary>Push even when the registry already holds the tag at the digest that would be pushed.</summary>
    public bool Force { get; set; }
}
