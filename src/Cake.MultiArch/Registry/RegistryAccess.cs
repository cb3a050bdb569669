using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Images;
using Cake.MultiArch.Publishing;

namespace Cake.MultiArch.Registry;

/// <summary>
/// Opens a <see cref="RegistryClient"/> for an image the way docker would reach it: the credentials docker login
/// stored, and for insecure registries (named so, or on loopback) HTTPS without verification, else plain HTTP.
/// </summary>
internal static class RegistryAccess
{
    /// <summary>Connects to the registry of an image reference and checks that it answers.</summary>
    /// <param name="image">Any reference into the registry, such as <c>127.0.0.1:5000/app:1.0</c>.</param>
    /// <param name="settings">The tool settings: insecure, CA certificate, docker config directory, retries.</param>
    /// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
    /// <param name="log">Cake's log.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    public static async Task<RegistryClient> ConnectAsync(
        ImageReference image, MultiArchToolSettings settings, string workingDirectory, ICakeLog log, CancellationToken cancellationToken)
    {
        var root = new DirectoryPath(workingDirectory);
        var config = settings.ConfigDirectory?.MakeAbsolute(root).FullPath;
        var credentials = await new DockerConfigCredentialStore(config).GetAsync(image.Registry, cancellationToken).ConfigureAwait(false);
        var certificate = settings.RegistryCaCertificate?.MakeAbsolute(root).FullPath;
        var insecure = settings.Insecure || TagText.IsLoopback(image.Registry);

        RegistryClient Open(bool plainHttp) => new(
            new RegistryClientSettings
            {
                Registry = image.Registry,
                Insecure = plainHttp,
                SkipTlsVerify = insecure && !plainHttp,
                CaCertificateFile = certificate,
                Credentials = credentials,
            },
            log);

        if (!insecure)
        {
            return Open(plainHttp: false);
        }

        // Docker's rule for insecure registries: HTTPS without verification first, then plain HTTP.
        var secure = Open(plainHttp: false);
        try
        {
            await settings.Retry.RunAsync($"reach {image.Registry}", ct => PingAsync(secure, ct), log, cancellationToken).ConfigureAwait(false);
            return secure;
        }
        catch (MultiArchException exception) when (SpeaksPlainHttp(exception))
        {
            secure.Dispose();
            return Open(plainHttp: true);
        }
    }

    private static async Task<bool> PingAsync(RegistryClient client, CancellationToken cancellationToken)
    {
        await client.PingAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    // RegistryClient's own words when an HTTPS request meets a plain HTTP server.
    private static bool SpeaksPlainHttp(MultiArchException exception) =>
        exception.Message.Contains("speaks plain HTTP", StringComparison.Ordinal);
}
