using System.Text.Json;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.MultiArch.Arguments;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Registry;

namespace Cake.MultiArch.Publishing;

/// <summary><c>docker login --password-stdin</c>: the password reaches docker on standard input, and is masked everywhere.</summary>
/// <param name="runner">Runs docker.</param>
/// <param name="log">Cake's log.</param>
internal sealed class RegistryLogin(IDockerRunner runner, ICakeLog log)
{
    /// <summary>Logs in.</summary>
    /// <param name="settings">The registry, user name and password.</param>
    /// <param name="cancellationToken">Cancels the login.</param>
    public async Task LoginAsync(MultiArchLoginSettings settings, CancellationToken cancellationToken = default)
    {
        // Masked before anything can print it, including the checks below.
        SecretMasker.Register(settings.Password);
        var server = string.IsNullOrWhiteSpace(settings.Server) ? "Docker Hub" : settings.Server;
        if (string.IsNullOrWhiteSpace(settings.Username))
        {
            throw new MultiArchException($"MultiArchLogin to {server} needs a Username. Set it, for example from an environment variable of the CI.");
        }

        if (string.IsNullOrEmpty(settings.Password))
        {
            throw new MultiArchException(
                $"MultiArchLogin to {server} as {settings.Username} was given an empty Password. Set it from a secret variable of the CI " +
                "(for example EnvironmentVariable(\"REGISTRY_PASSWORD\")); is the variable defined for this job?");
        }

        EnsureConfigIsJson(settings);
        log.Information("Logging in to {0} as {1}", server, settings.Username);
        await runner.RunAsync(
            new DockerCommand(DockerArguments.Login(settings.Server, settings.Username))
            {
                StandardInput = settings.Password,
                Secrets = [settings.Password],
            },
            cancellationToken).ConfigureAwait(false);
    }

    // docker login only warns about a config.json it cannot parse, then overwrites it: every other login and the
    // credential helper settings in it would be lost without a word.
    private void EnsureConfigIsJson(MultiArchLoginSettings settings)
    {
        var file = new DockerConfigCredentialStore(DockerClientEnvironment.ConfigDirectory(settings, runner.WorkingDirectory, Environment.GetEnvironmentVariable)).ConfigFile;
        if (!File.Exists(file))
        {
            return;
        }

        try
        {
            // Strict, as docker's Go parser is: no comments, no trailing commas.
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException exception)
        {
            // JsonException names the position, never the content, so no secret in the file leaks.
            throw new MultiArchException(
                $"The Docker config file '{file}' is not valid JSON ({exception.Message}), and docker login would overwrite it, losing the " +
                "logins and credential helper settings it holds. Fix it, or move it away and log in again (docker writes a new one), " +
                "or set ConfigDirectory to another directory.",
                exception);
        }
    }
}
