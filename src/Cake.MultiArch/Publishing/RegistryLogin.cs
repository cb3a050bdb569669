using System.Net;
using System.Text.Json;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Images;
using Cake.MultiArch.Registry;
using Cake.MultiArch.Secrets;

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
        try
        {
            await runner.RunAsync(
                new DockerCommand(PublishCommands.Login(settings.Server, settings.Username))
                {
                    StandardInput = settings.Password,
                    Secrets = [settings.Password],
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (MultiArchException failure) when (!string.IsNullOrWhiteSpace(settings.Server) && failure.ExitCode is not null)
        {
            // Docker 26's daemon tries a loopback or insecure registry over HTTPS, then over plain HTTP, and reports the
            // last answer only: a TLS registry that refused the password shows as "400 Bad Request". The registry is
            // asked once more with the same credentials, so the message says what it answered.
            if (await RegistryAnswerAsync(settings, cancellationToken).ConfigureAwait(false) is not { } answer)
            {
                throw;
            }

            throw new MultiArchException(failure.Message + Environment.NewLine + answer, failure);
        }
    }

    // The registry's own answer to the credentials (GET /v2/ over HTTPS, as docker tries first), when it refuses them.
    private async Task<string?> RegistryAnswerAsync(MultiArchLoginSettings settings, CancellationToken cancellationToken)
    {
        var registry = settings.Server!.Trim();
        var insecure = settings.Insecure || ImageReference.IsLoopbackRegistry(registry);
        using var client = new RegistryClient(
            new RegistryClientSettings
            {
                Registry = registry,
                SkipTlsVerify = insecure,
                CaCertificateFile = settings.RegistryCaCertificate?.MakeAbsolute(new DirectoryPath(runner.WorkingDirectory)).FullPath,
                Credentials = RegistryCredentials.FromUsernamePassword(settings.Username!, settings.Password!),
                Timeout = TimeSpan.FromSeconds(10),
            },
            log);
        try
        {
            await client.PingAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (MultiArchException answer) when (answer.RegistryStatus is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return "The registry itself, asked with the same credentials: " + answer.Message;
        }
        catch (Exception exception) when (exception is MultiArchException or HttpRequestException or IOException)
        {
            log.Verbose("Could not ask {0} about the refused login: {1}", registry, exception.Message);
            return null;
        }
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
