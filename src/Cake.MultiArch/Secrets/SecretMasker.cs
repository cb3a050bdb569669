namespace Cake.MultiArch.Secrets;

/// <summary>
/// Masks credentials in everything Cake.MultiArch shows: log lines, command lines and exception messages.
/// A secret once seen (a login password, a registry token) stays masked for the rest of the process, and the CI's own
/// log masks it too where the CI has a command for that (<see cref="CiSecretMask"/>).
/// </summary>
internal static class SecretMasker
{
    /// <summary>What a masked secret is shown as.</summary>
    public const string Mask = "***";

    private static readonly object Gate = new();
    private static string[] _secrets = [];

    /// <summary>Remembers a secret so that every later line that contains it is masked.</summary>
    /// <param name="secret">The secret; empty values are ignored.</param>
    public static void Register(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }

        lock (Gate)
        {
            if (!_secrets.Contains(secret, StringComparer.Ordinal))
            {
                // Longest first, so that a secret containing another is masked whole.
                _secrets = [.. _secrets.Append(secret).OrderByDescending(s => s.Length)];
                CiSecretMask.Register(secret);
            }
        }
    }

    /// <summary>Returns the text with every registered secret, and every extra one given, replaced by <see cref="Mask"/>.</summary>
    /// <param name="text">The text to mask.</param>
    /// <param name="extraSecrets">Secrets known only to the caller.</param>
    public static string Apply(string text, IEnumerable<string>? extraSecrets = null)
    {
        var secrets = _secrets;
        foreach (var secret in extraSecrets is null ? secrets : [.. secrets.Concat(extraSecrets).OrderByDescending(s => s.Length)])
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
