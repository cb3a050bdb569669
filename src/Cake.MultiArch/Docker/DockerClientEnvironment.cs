using Cake.Core.IO;

namespace Cake.MultiArch.Docker;

/// <summary>
/// What a docker client started with a set of tool settings sees: its environment (the settings' variables over the
/// process's), its daemon address and its configuration directory. The runner, the Engine API endpoint, the login and
/// the registry client all ask here, so they agree on which daemon and which <c>config.json</c> a script means.
/// </summary>
internal static class DockerClientEnvironment
{
    /// <summary>A variable as docker sees it: from the settings' <see cref="MultiArchToolSettings.EnvironmentVariables"/>, else the process's.</summary>
    /// <param name="settings">The tool settings.</param>
    /// <param name="name">The variable's name.</param>
    /// <param name="process">Reads a variable of the process environment.</param>
    public static string? Variable(MultiArchToolSettings settings, string name, Func<string, string?> process) =>
        settings.EnvironmentVariables.TryGetValue(name, out var value) ? value : process(name);

    /// <summary>The daemon address docker is given: <see cref="MultiArchToolSettings.DockerHost"/>, else <c>DOCKER_HOST</c>; <see langword="null"/> for docker's default.</summary>
    /// <param name="settings">The tool settings.</param>
    /// <param name="process">Reads a variable of the process environment.</param>
    public static string? Host(MultiArchToolSettings settings, Func<string, string?> process) =>
        !string.IsNullOrWhiteSpace(settings.DockerHost) ? settings.DockerHost : Variable(settings, "DOCKER_HOST", process);

    /// <summary>The directory of the <c>config.json</c> docker reads: <see cref="MultiArchToolSettings.ConfigDirectory"/>, else docker's default.</summary>
    /// <param name="settings">The tool settings.</param>
    /// <param name="workingDirectory">The absolute directory a relative <see cref="MultiArchToolSettings.ConfigDirectory"/> resolves against.</param>
    /// <param name="process">Reads a variable of the process environment.</param>
    public static string ConfigDirectory(MultiArchToolSettings settings, string workingDirectory, Func<string, string?> process) =>
        !string.IsNullOrWhiteSpace(settings.ConfigDirectory?.FullPath)
            ? settings.ConfigDirectory.MakeAbsolute(new DirectoryPath(workingDirectory)).FullPath
            : DefaultConfigDirectory(name => Variable(settings, name, process));

    /// <summary>docker's default configuration directory: <c>$DOCKER_CONFIG</c>, else <c>~/.docker</c> (<c>$HOME</c>, else the user's profile).</summary>
    /// <param name="environment">Reads an environment variable.</param>
    public static string DefaultConfigDirectory(Func<string, string?> environment)
    {
        if (environment("DOCKER_CONFIG") is { Length: > 0 } configured)
        {
            return configured;
        }

        var home = environment("HOME") is { Length: > 0 } fromHome ? fromHome : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return System.IO.Path.Combine(home, ".docker");
    }
}
