namespace Cake.MultiArch.Docker;

/// <summary>
/// Helpers that append docker argument tokens to a list, each value one token, never joined: what every command
/// builder (<c>BuildCommands</c>, <c>PublishCommands</c>, ...) uses. Pure functions, so every argument list can be
/// unit-tested; <see cref="DockerRunner"/> hands the tokens to docker unchanged.
/// </summary>
internal static class CommandTokens
{
    /// <summary>Appends <c>--flag NAME=VALUE</c> pairs, in the dictionary's order, each pair one token.</summary>
    public static void AddPairs(List<string> tokens, string flag, IEnumerable<KeyValuePair<string, string>> pairs) =>
        AddEach(tokens, flag, pairs.Select(p => $"{p.Key}={p.Value}"));

    /// <summary>Appends <c>flag value</c> for each value.</summary>
    public static void AddEach(List<string> tokens, string flag, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            tokens.Add(flag);
            tokens.Add(value);
        }
    }

    /// <summary>Appends <c>flag value</c> when the value is given.</summary>
    public static void AddOption(List<string> tokens, string flag, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            tokens.Add(flag);
            tokens.Add(value);
        }
    }

    /// <summary>Appends the flag when it is on.</summary>
    public static void AddSwitch(List<string> tokens, string flag, bool on)
    {
        if (on)
        {
            tokens.Add(flag);
        }
    }
}
