using Cake.MultiArch.Docker;

namespace Cake.MultiArch;

/// <summary>Settings for <c>MultiArchLogin</c>. The password goes to docker on standard input only.</summary>
public class MultiArchLoginSettings : MultiArchToolSettings
{
    /// <summary>The registry, such as <c>ghcr.io</c> or <c>127.0.0.1:5000</c>; empty for Docker Hub.</summary>
    public string? Server { get; set; }

    /// <summary>The user name. Required.</summary>
    public string Username { get; set; } = "";

    /// <summary>The password or access token. Required; never logged, never in a process's arguments.</summary>
    public string Password { get; set; } = "";
}
