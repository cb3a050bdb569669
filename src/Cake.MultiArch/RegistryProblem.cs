namespace Cake.MultiArch;

/// <summary>
/// What a registry's refusal means, for the code that acts on it (the way in to a registry, the preflight): the message
/// says it to people, this says it to the code, so that no caller reads the message back.
/// </summary>
internal enum RegistryProblem
{
    /// <summary>An HTTPS request met a server that speaks plain HTTP.</summary>
    SpeaksPlainHttp,

    /// <summary>A plain HTTP request met a server that speaks HTTPS.</summary>
    SpeaksHttps,

    /// <summary>The registry wants credentials, and none were sent.</summary>
    AuthenticationRequired,

    /// <summary>The registry refused the credentials that were sent.</summary>
    CredentialsRefused,
}
