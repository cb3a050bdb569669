using Cake.MultiArch.Images;

namespace Cake.MultiArch.Registry;

/// <summary>Which registry a <see cref="RegistryClient"/> talks to, and how: scheme, trust, credentials and time limit.</summary>
internal sealed class RegistryClientSettings
{
    /// <summary>The registry host with its port if any: <c>localhost:5000</c>, <c>ghcr.io</c>, <c>docker.io</c>.</summary>
    public required string Registry { get; init; }

    /// <summary>
    /// Talk plain HTTP instead of HTTPS. Only for registries that serve no TLS, such as a test registry on the loopback
    /// interface; credentials would travel unencrypted. (The settings' <c>Insecure</c> is wider: <c>RegistryAccess</c>
    /// derives this and <see cref="SkipTlsVerify"/> from it.)
    /// </summary>
    public bool PlainHttp { get; init; }

    /// <summary>A PEM or DER certificate file to trust as a root, in addition to the system's, for a registry with a self-signed certificate.</summary>
    public string? CaCertificateFile { get; init; }

    /// <summary>Accept any TLS certificate. For test registries only: it defeats the protection of HTTPS.</summary>
    public bool SkipTlsVerify { get; init; }

    /// <summary>The credentials; anonymous when not given.</summary>
    public RegistryCredentials Credentials { get; init; } = RegistryCredentials.Anonymous;

    /// <summary>How long one HTTP request may take; 100 seconds when not given. A streamed blob upload has no limit (cancellation stops it).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The host that serves the registry API: <c>registry-1.docker.io</c> for Docker Hub, else <see cref="Registry"/>.</summary>
    public string ApiHost => ImageReference.ApiHostOf(Registry);

    /// <summary>The base address of the API: <c>https://host/</c>, or <c>http://host/</c> when <see cref="PlainHttp"/>.</summary>
    public Uri BaseAddress => new($"{(PlainHttp ? "http" : "https")}://{ApiHost}/");
}
