using Cake.Core.IO;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch;

/// <summary>How <c>EnsureLocalRegistry</c> starts a registry on this machine when none answers at the address.</summary>
public class LocalRegistrySettings : MultiArchToolSettings
{
    /// <summary>
    /// Where a started registry binary keeps its files, one folder per port (<c>config.yml</c>, <c>storage/</c>,
    /// <c>registry.log</c>, <c>registry.pid</c>); relative to the working directory. <c>.registry</c> by default.
    /// </summary>
    public DirectoryPath Directory { get; set; } = ".registry";

    /// <summary>The registry binary; by default <c>registry</c> (upstream) or <c>docker-registry</c> (Debian) on <c>PATH</c>.</summary>
    public FilePath? RegistryBinary { get; set; }

    /// <summary>The container used where no binary is found, with <c>docker run registry:2</c> the first time.</summary>
    public string ContainerName { get; set; } = "cake-multiarch-registry";

    /// <summary>How long a started registry may take to answer. 20 seconds by default.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
