using Cake.Core.IO;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch;

/// <summary>Settings for <c>BuildxCreateBuilder</c>: a builder instance, with extra nodes for native builds.</summary>
public class BuildxBuilderSettings : MultiArchToolSettings
{
    /// <summary>The builder's name. Required.</summary>
    public string Name { get; set; } = "multiarch";

    /// <summary>
    /// The driver (<c>--driver</c>). Defaults to <c>docker-container</c>, which runs BuildKit in a container of the
    /// <c>moby/buildkit</c> image (pulled from Docker Hub unless <see cref="DriverOptions"/> names <c>image</c>).
    /// <c>docker</c> creates nothing: buildx has one such builder per docker context, named after it.
    /// </summary>
    public string Driver { get; set; } = "docker-container";

    /// <summary>Driver options (<c>--driver-opt key=value</c>), such as <c>image</c> = a mirror of <c>moby/buildkit:buildx-stable-1</c>.</summary>
    public IDictionary<string, string> DriverOptions { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The nodes: the first creates the builder, each further one is added with <c>--append</c>. Empty creates one local node.</summary>
    public IList<BuildxNode> Nodes { get; set; } = new List<BuildxNode>();

    /// <summary>Make it the current builder (<c>--use</c>). On by default.</summary>
    public bool Use { get; set; } = true;

    /// <summary>Start it at once (<c>--bootstrap</c>). On by default.</summary>
    public bool Bootstrap { get; set; } = true;
}
