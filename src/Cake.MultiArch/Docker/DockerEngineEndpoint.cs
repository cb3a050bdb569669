using System.Text.Json;

namespace Cake.MultiArch.Docker;

/// <summary>
/// Decides whether read-only queries may go straight to the Docker Engine API: only when docker itself would talk to a
/// local unix socket with no context in between, so that the API's answer is certainly the one the CLI would give.
/// </summary>
internal static class DockerEngineEndpoint
{
    /// <summary>The socket docker uses when <c>DOCKER_HOST</c> is not set.</summary>
    public const string DefaultSocket = "/var/run/docker.sock";

    /// <summary>
    /// The unix socket docker would use for these settings, or <see langword="null"/> when the CLI must be used: on Windows,
    /// with a <see cref="MultiArchToolSettings.ToolPath"/>, with any context selected, with a host that is not a unix
    /// socket, or when the socket does not exist.
    /// </summary>
    /// <param name="settings">The tool settings.</param>
    /// <param name="workingDirectory">The absolute directory a relative config directory resolves against.</param>
    /// <param name="environment">Reads a variable of the process environment.</param>
    /// <param name="socketExists">Whether a socket file exists at a path.</param>
    /// <param name="isWindows">Whether this is Windows, where docker talks over named pipes.</param>
    public static string? Resolve(
        MultiArchToolSettings settings, string workingDirectory, Func<string, string?> environment, Func<string, bool> socketExists, bool isWindows)
    {
        if (isWindows || settings.ToolPath is not null || !string.IsNullOrWhiteSpace(settings.DockerContext))
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(DockerClientEnvironment.Variable(settings, "DOCKER_CONTEXT", environment)) ||
            !HasNoCurrentContext(DockerClientEnvironment.ConfigDirectory(settings, workingDirectory, environment)))
        {
            return null;
        }

        var host = DockerClientEnvironment.Host(settings, environment);
        var socket = string.IsNullOrEmpty(host) ? DefaultSocket : SocketOf(host);
        return socket is not null && socketExists(socket) ? socket : null;
    }

    private static string? SocketOf(string host) =>
        host.StartsWith("unix:///", StringComparison.Ordinal) && host.Length > "unix://".Length + 1 ? host["unix://".Length..] : null;

    // docker's config.json may name a current context; "default" is DOCKER_HOST (or the default socket) itself.
    private static bool HasNoCurrentContext(string configDirectory)
    {
        var file = System.IO.Path.Combine(configDirectory, "config.json");
        try
        {
            if (!File.Exists(file))
            {
                return true;
            }

            using var document = JsonDocument.Parse(File.ReadAllText(file));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (!document.RootElement.TryGetProperty("currentContext", out var context) || context.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            return context.ValueKind == JsonValueKind.String && context.GetString() is "" or "default";
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            // A config docker may read differently than this does: leave it to docker.
            return false;
        }
    }
}
