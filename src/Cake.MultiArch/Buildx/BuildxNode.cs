using Cake.Core.IO;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch;

/// <summary>One machine of a buildx builder: where it is and which platforms it builds natively.</summary>
public sealed class BuildxNode
{
    /// <summary>The node's name (<c>--node</c>); buildx names it when empty.</summary>
    public string? Name { get; set; }

    /// <summary>The node's endpoint: a docker context name or a <c>DOCKER_HOST</c> URL such as <c>ssh://pi@raspberrypi</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The platforms the node builds (<c>--platform</c>), such as arm64v8.</summary>
    public IList<CpuArchitecture> Architectures { get; set; } = new List<CpuArchitecture>();
}
