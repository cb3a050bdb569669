using Cake.Core.IO;

namespace Cake.MultiArch;

/// <summary>
/// What every Cake.MultiArch alias needs to know to run docker: where it is, which daemon it talks to,
/// and the process's working directory, environment and time limit. Named as Cake's own tool settings are.
/// </summary>
public class MultiArchToolSettings
{
    /// <summary>The docker executable; by default <c>docker</c> is looked up on <c>PATH</c>.</summary>
    public FilePath? ToolPath { get; set; }

    /// <summary>The daemon to talk to (<c>unix://</c>, <c>tcp://</c>, <c>ssh://</c>), passed as <c>DOCKER_HOST</c>.</summary>
    public string? DockerHost { get; set; }

    /// <summary>A docker context to use (<c>docker --context</c>), instead of <see cref="DockerHost"/>.</summary>
    public string? DockerContext { get; set; }

    /// <summary>The docker client's configuration directory (<c>docker --config</c>), where logins are stored.</summary>
    public DirectoryPath? ConfigDirectory { get; set; }

    /// <summary>The working directory of docker; relative paths in settings resolve against it. Defaults to Cake's.</summary>
    public DirectoryPath? WorkingDirectory { get; set; }

    /// <summary>Extra environment variables for docker.</summary>
    public IDictionary<string, string> EnvironmentVariables { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How long one docker command may run before it is stopped; no limit by default.</summary>
    public TimeSpan? ToolTimeout { get; set; }

    /// <summary>
    /// The registry speaks plain HTTP or has a certificate this host does not trust (as Docker's insecure-registries).
    /// Registries on 127.0.0.0/8, ::1 and localhost are treated so without being told, as Docker does.
    /// </summary>
    public bool Insecure { get; set; }

    /// <summary>A CA certificate (PEM) to trust for the registry's TLS certificate, for registries with a private CA.</summary>
    public FilePath? RegistryCaCertificate { get; set; }

    /// <summary>How pushes and registry operations retry transient failures. Five attempts with exponential backoff by default.</summary>
    public RetryPolicy Retry { get; set; } = new();

    /// <summary>Copies the connection settings (tool, daemon, context, config, directory, environment, timeout) from another settings object.</summary>
    /// <param name="other">The settings to copy from.</param>
    internal void CopyToolSettingsFrom(MultiArchToolSettings other)
    {
        ToolPath = other.ToolPath;
        DockerHost = other.DockerHost;
        DockerContext = other.DockerContext;
        ConfigDirectory = other.ConfigDirectory;
        WorkingDirectory = other.WorkingDirectory;
        EnvironmentVariables = new Dictionary<string, string>(other.EnvironmentVariables, StringComparer.Ordinal);
        ToolTimeout = other.ToolTimeout;
        Retry = other.Retry;
        Insecure = other.Insecure;
        RegistryCaCertificate = other.RegistryCaCertificate;
    }
}
