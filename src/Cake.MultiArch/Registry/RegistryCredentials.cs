using Cake.MultiArch.Docker;
using Cake.MultiArch.Secrets;

namespace Cake.MultiArch.Registry;

/// <summary>
/// How to authenticate to a registry: anonymously, with a user name and password, or with an identity (refresh) token.
/// Secrets are registered with the secret masker as soon as they are known, and <see cref="ToString"/> never shows them.
/// </summary>
internal sealed class RegistryCredentials
{
    private RegistryCredentials(string? username, string? password, string? identityToken)
    {
        Username = username;
        Password = password;
        IdentityToken = identityToken;
        SecretMasker.Register(password);
        SecretMasker.Register(identityToken);
    }

    /// <summary>No credentials: the registry must allow anonymous access.</summary>
    public static RegistryCredentials Anonymous { get; } = new(null, null, null);

    /// <summary>The user name, or <see langword="null"/>.</summary>
    public string? Username { get; }

    /// <summary>The password or access token sent with the user name, or <see langword="null"/>.</summary>
    public string? Password { get; }

    /// <summary>An OAuth2 refresh token from <c>docker login</c> (the config's <c>identitytoken</c>), or <see langword="null"/>.</summary>
    public string? IdentityToken { get; }

    /// <summary>Whether these are no credentials at all.</summary>
    public bool IsAnonymous => Username is null && IdentityToken is null;

    /// <summary>Whether a user name and password are present, usable for basic authentication.</summary>
    public bool HasUsernamePassword => !string.IsNullOrEmpty(Username) && Password is not null;

    /// <summary>Credentials from a user name and a password (or personal access token).</summary>
    /// <param name="username">The user name.</param>
    /// <param name="password">The password or access token.</param>
    public static RegistryCredentials FromUsernamePassword(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(password);
        return new RegistryCredentials(username, password, null);
    }

    /// <summary>Credentials from an identity token, exchanged at the registry's token service for access tokens.</summary>
    /// <param name="identityToken">The identity (refresh) token.</param>
    /// <param name="username">The user name the token belongs to, if known.</param>
    public static RegistryCredentials FromIdentityToken(string identityToken, string? username = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(identityToken);
        return new RegistryCredentials(string.IsNullOrEmpty(username) ? null : username, null, identityToken);
    }

    /// <summary>Describes the kind of credentials, never the secret: <c>anonymous</c>, <c>user name and password</c>, <c>identity token</c>.</summary>
    public override string ToString() =>
        IdentityToken is not null ? "identity token" : HasUsernamePassword ? "user name and password" : "anonymous";
}
