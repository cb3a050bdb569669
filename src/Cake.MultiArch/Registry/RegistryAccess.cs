using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Images;

namespace Cake.MultiArch.Registry;

/// <summary>
/// Opens a <see cref="RegistryClient"/> for an image the way docker would reach it: the credentials docker login
/// stored, and for insecure registries (named so, or on loopback) both HTTPS without verification and plain HTTP.
/// Inside a <see cref="RegistryConnections"/> scope (a pipeline run) each registry is reached once and its client,
/// with its scheme, credentials and open connections, serves every later caller.
/// </summary>
internal static class RegistryAccess
{
    /// <summary>Connects to the registry of an image reference and checks that it answers <c>GET /v2/</c> and takes the credentials.</summary>
    /// <param name="image">Any reference into the registry, such as <c>127.0.0.1:5000/app:1.0</c>.</param>
    /// <param name="settings">The tool settings: insecure, CA certificate, docker config directory, retries.</param>
    /// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
    /// <param name="log">Cake's log.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>A client; dispose it when done (a client a scope shares stays open until the scope ends).</returns>
    public static Task<RegistryClient> ConnectAsync(
        ImageReference image, MultiArchToolSettings settings, string workingDirectory, ICakeLog log, CancellationToken cancellationToken)
    {
        var root = new DirectoryPath(workingDirectory);
        var target = new Target(
            image.Registry,
            settings.Insecure || ImageReference.IsLoopbackRegistry(image.Registry),
            settings.RegistryCaCertificate?.MakeAbsolute(root).FullPath,
            DockerClientEnvironment.ConfigDirectory(settings, workingDirectory, Environment.GetEnvironmentVariable));
        return RegistryConnections.Current is { } scope
            ? scope.GetAsync(target, ct => OpenAsync(target, settings.Retry, log, ct), cancellationToken)
            : OpenAsync(target, settings.Retry, log, cancellationToken);
    }

    private static async Task<RegistryClient> OpenAsync(Target target, RetryPolicy retry, ICakeLog log, CancellationToken cancellationToken)
    {
        var credentials = await new DockerConfigCredentialStore(target.ConfigDirectory).GetAsync(target.Registry, cancellationToken).ConfigureAwait(false);

        RegistryClient Open(bool plainHttp) => new(
            new RegistryClientSettings
            {
                Registry = target.Registry,
                PlainHttp = plainHttp,
                SkipTlsVerify = target.Insecure && !plainHttp,
                CaCertificateFile = target.CaCertificate,
                Credentials = credentials,
            },
            log);

        if (!target.Insecure)
        {
            return await CheckedAsync(Open(plainHttp: false), target, retry, log, cancellationToken).ConfigureAwait(false);
        }

        // Docker's rule for insecure registries is HTTPS without verification first, then plain HTTP. On loopback,
        // where nothing leaves the machine and local registries mostly speak HTTP, plain HTTP is asked first (the
        // check carries no credentials), and HTTPS when the answer shows a TLS server: one round trip, no handshake.
        var first = Open(plainHttp: ImageReference.IsLoopbackRegistry(target.Registry));
        var firstIsHttp = first.BaseAddress.Scheme == "http";
        try
        {
            return await CheckedAsync(first, target, retry, log, cancellationToken).ConfigureAwait(false);
        }
        catch (MultiArchException exception) when (firstIsHttp ? SpeaksTls(exception) : SpeaksPlainHttp(exception))
        {
            log.Verbose("{0} answered {1}; using {2}.", target.Registry, firstIsHttp ? "http" : "https", firstIsHttp ? "HTTPS" : "plain HTTP");
            return await CheckedAsync(Open(plainHttp: !firstIsHttp), target, retry, log, cancellationToken).ConfigureAwait(false);
        }
    }

    // The registry answers GET /v2/ and takes the credentials (transient failures retried); else the client is closed.
    private static async Task<RegistryClient> CheckedAsync(RegistryClient client, Target target, RetryPolicy retry, ICakeLog log, CancellationToken cancellationToken)
    {
        try
        {
            await retry.RunAsync(
                $"reach {target.Registry}",
                async ct =>
                {
                    await client.PingAsync(ct).ConfigureAwait(false);
                    return true;
                },
                log,
                cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    // An HTTPS request met a plain HTTP server.
    private static bool SpeaksPlainHttp(MultiArchException exception) =>
        exception.RegistryProblem == RegistryProblem.SpeaksPlainHttp;

    // A plain HTTP request met a TLS server: it answered so (Go's and nginx's 400), or ended the connection without an answer.
    private static bool SpeaksTls(MultiArchException exception) =>
        exception.RegistryProblem == RegistryProblem.SpeaksHttps ||
        exception.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse };

    /// <summary>What decides how a registry is reached: the host, whether it is insecure, the CA to trust and where credentials are.</summary>
    /// <param name="Registry">The registry host, such as <c>127.0.0.1:5000</c>.</param>
    /// <param name="Insecure">Named insecure, or on loopback.</param>
    /// <param name="CaCertificate">The CA certificate file, if any.</param>
    /// <param name="ConfigDirectory">Docker's configuration directory, where its credentials are.</param>
    internal sealed record Target(string Registry, bool Insecure, string? CaCertificate, string ConfigDirectory);
}
