namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>How a <see cref="TestRegistry"/> is set up: plain HTTP and anonymous by default.</summary>
public sealed record TestRegistryOptions
{
    /// <summary>A user and password the registry demands through htpasswd basic auth; anonymous access when <see langword="null"/>.</summary>
    public (string User, string Password)? Htpasswd { get; init; }

    /// <summary>Whether the registry serves HTTPS with a fresh self-signed certificate for 127.0.0.1 and localhost.</summary>
    public bool Tls { get; init; }

    /// <summary>How long to wait for <c>GET /v2/</c> to answer after starting; 30 seconds by default.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Keep the content on disk (distribution's filesystem driver), so that it survives <see cref="TestRegistry.Stop"/> and
    /// <see cref="TestRegistry.Start"/> and can be looked at in <see cref="TestRegistry.StorageDirectory"/>. Off by default:
    /// the in-memory driver, which has no torn reads of a tag being written.
    /// </summary>
    public bool Persistent { get; init; }
}
