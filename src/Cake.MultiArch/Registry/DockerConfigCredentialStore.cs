using System.Text;
using System.Text.Json;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Images;
using CliWrap;
using CliWrap.Buffered;
using Cake.MultiArch.Secrets;

namespace Cake.MultiArch.Registry;

/// <summary>
/// The credentials <c>docker login</c> stored: reads the Docker config (<c>$DOCKER_CONFIG/config.json</c>, else
/// <c>~/.docker/config.json</c>) and asks the credential helpers it names (<c>credHelpers</c>, <c>credsStore</c>).
/// </summary>
internal sealed class DockerConfigCredentialStore
{
    /// <summary>The key Docker Hub's credentials are stored under.</summary>
    public const string DockerHubServerAddress = "https://index.docker.io/v1/";

    private readonly Func<string, string?> _environment;

    /// <summary>Creates a store that reads the Docker config in the given directory, or docker's default one.</summary>
    /// <param name="configDirectory">The directory holding <c>config.json</c>; <see langword="null"/> for <c>$DOCKER_CONFIG</c> or <c>~/.docker</c>.</param>
    public DockerConfigCredentialStore(string? configDirectory = null)
        : this(configDirectory, Environment.GetEnvironmentVariable)
    {
    }

    /// <summary>Creates a store that reads environment variables (<c>DOCKER_CONFIG</c>, <c>HOME</c>, <c>PATH</c>) through the given function.</summary>
    /// <param name="configDirectory">The directory holding <c>config.json</c>, or <see langword="null"/>.</param>
    /// <param name="environment">Looks up an environment variable.</param>
    internal DockerConfigCredentialStore(string? configDirectory, Func<string, string?> environment)
    {
        _environment = environment;
        ConfigFile = Path.Combine(configDirectory ?? Docker.DockerClientEnvironment.DefaultConfigDirectory(environment), "config.json");
    }

    /// <summary>The config file this store reads; it need not exist.</summary>
    public string ConfigFile { get; }

    /// <summary>The key docker stores a registry's credentials under: <see cref="DockerHubServerAddress"/> for Docker Hub, else the host.</summary>
    /// <param name="registry">The registry host, such as <c>localhost:5000</c> or <c>docker.io</c>.</param>
    public static string ServerAddressFor(string registry) =>
        IsDockerHub(registry) ? DockerHubServerAddress : registry;

    /// <summary>
    /// The stored credentials for a registry, in docker's order: its <c>credHelpers</c> entry, the <c>credsStore</c>,
    /// then <c>auths</c>. Anonymous when nothing is stored or the config does not exist.
    /// </summary>
    /// <param name="registry">The registry host, such as <c>localhost:5000</c> or <c>docker.io</c>.</param>
    /// <param name="cancellationToken">Cancels a running credential helper.</param>
    public async Task<RegistryCredentials> GetAsync(string registry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(registry);
        if (!File.Exists(ConfigFile))
        {
            return RegistryCredentials.Anonymous;
        }

        using var document = Read();
        var root = document.RootElement;
        var serverAddress = ServerAddressFor(registry);

        string? helper = null;
        if (root.TryGetProperty("credHelpers", out var helpers) && helpers.ValueKind == JsonValueKind.Object)
        {
            helper = helpers.EnumerateObject()
                .Where(h => SameRegistry(h.Name, registry) && h.Value.ValueKind == JsonValueKind.String)
                .Select(h => h.Value.GetString())
                .FirstOrDefault(h => !string.IsNullOrEmpty(h));
        }

        if (helper is null && root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String && store.GetString() is { Length: > 0 } name)
        {
            helper = name;
        }

        if (helper is not null && await RunHelperAsync(helper, serverAddress, registry, cancellationToken).ConfigureAwait(false) is { } fromHelper)
        {
            return fromHelper;
        }

        return FromAuths(root, registry) ?? RegistryCredentials.Anonymous;
    }

    private JsonDocument Read()
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(ConfigFile), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException exception)
        {
            // JsonException's message names the position, never the content, so no secret leaks from a broken file.
            throw new MultiArchException(
                $"The Docker config file '{ConfigFile}' is not valid JSON ({exception.Message}). Fix it, or move it away and log in again " +
                "with `docker login` (which writes a new one), or point DOCKER_CONFIG at another directory.", exception);
        }
        catch (IOException exception)
        {
            throw new MultiArchException($"The Docker config file '{ConfigFile}' could not be read ({exception.Message}). Check its permissions.", exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new MultiArchException($"The Docker config file '{ConfigFile}' could not be read ({exception.Message}). Check its permissions.", exception);
        }
    }

    private RegistryCredentials? FromAuths(JsonElement root, string registry)
    {
        if (!root.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var entry in auths.EnumerateObject().Where(e => SameRegistry(e.Name, registry) && e.Value.ValueKind == JsonValueKind.Object))
        {
            var value = entry.Value;
            string? username = StringOf(value, "username");
            string? password = StringOf(value, "password");
            if (StringOf(value, "auth") is { Length: > 0 } auth)
            {
                string decoded;
                try
                {
                    decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
                }
                catch (FormatException exception)
                {
                    SecretMasker.Register(auth);
                    throw new MultiArchException(
                        $"The Docker config file '{ConfigFile}' has an 'auth' for {entry.Name} that is not base64. Log in again with " +
                        $"`docker login {registry}`, or fix the entry (base64 of user:password).", exception);
                }

                var colon = decoded.IndexOf(':');
                if (colon <= 0)
                {
                    SecretMasker.Register(decoded);
                    throw new MultiArchException(
                        $"The Docker config file '{ConfigFile}' has an 'auth' for {entry.Name} that is not user:password. Log in again with " +
                        $"`docker login {registry}`.");
                }

                username = decoded[..colon];
                password = decoded[(colon + 1)..];
            }

            if (StringOf(value, "identitytoken") is { Length: > 0 } identityToken)
            {
                return RegistryCredentials.FromIdentityToken(identityToken, username);
            }

            if (!string.IsNullOrEmpty(username) && password is not null)
            {
                return RegistryCredentials.FromUsernamePassword(username, password);
            }
        }

        return null;
    }

    private async Task<RegistryCredentials?> RunHelperAsync(string helper, string serverAddress, string registry, CancellationToken cancellationToken)
    {
        var executable = "docker-credential-" + helper;
        var path = Locate(executable) ?? throw new MultiArchException(
            $"The Docker config file '{ConfigFile}' says to get the credentials for {registry} from '{executable}', but it is not on PATH. " +
            $"Install {executable}, or remove it from 'credHelpers'/'credsStore' in the config and log in again with `docker login {registry}`.");

        BufferedCommandResult result;
        try
        {
            result = await Cli.Wrap(path)
                .WithArguments(["get"])
                .WithStandardInputPipe(PipeSource.FromString(serverAddress))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken)
                .ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new MultiArchException($"The credential helper '{path}' could not be started ({exception.Message}). Check that it is executable.", exception);
        }

        var output = result.StandardOutput.Trim();
        if (result.ExitCode != 0)
        {
            // The helpers' protocol: "credentials not found in native keychain" means nothing is stored for that server.
            if ((output + result.StandardError).Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            throw new MultiArchException(SecretMasker.Apply(
                $"The credential helper '{executable}' failed with exit code {result.ExitCode} for {serverAddress}: " +
                $"{Shorten(result.StandardError.Trim().Length > 0 ? result.StandardError.Trim() : output)}. " +
                $"Check that it works (`echo {serverAddress} | {executable} get`), or log in again with `docker login {registry}`."));
        }

        try
        {
            using var document = JsonDocument.Parse(output);
            var username = StringOf(document.RootElement, "Username");
            var secret = StringOf(document.RootElement, "Secret");
            SecretMasker.Register(secret);
            if (string.IsNullOrEmpty(secret))
            {
                return null;
            }

            // docker stores identity tokens in helpers with the user name "<token>".
            return username == "<token>" || string.IsNullOrEmpty(username)
                ? RegistryCredentials.FromIdentityToken(secret)
                : RegistryCredentials.FromUsernamePassword(username, secret);
        }
        catch (JsonException exception)
        {
            throw new MultiArchException(
                $"The credential helper '{executable}' answered for {serverAddress} with something that is not JSON ({exception.Message}). " +
                "It does not speak docker's credential helper protocol: check that it is the right program.", exception);
        }
    }

    private string? Locate(string executable)
    {
        foreach (var directory in (_environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in new[] { executable, executable + ".exe", executable + ".cmd" })
            {
                var path = Path.Combine(directory, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    // docker writes keys as "host", "https://host", or "https://host/v1/" (Docker Hub's "https://index.docker.io/v1/").
    private static bool SameRegistry(string key, string registry)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        var slash = host.IndexOf('/');
        if (slash >= 0)
        {
            host = host[..slash];
        }

        return string.Equals(host, registry, StringComparison.OrdinalIgnoreCase) || IsDockerHub(host) && IsDockerHub(registry);
    }

    private static bool IsDockerHub(string host) =>
        ImageReference.IsDockerHubName(host) || host == ImageReference.DockerHubApiHost;

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
