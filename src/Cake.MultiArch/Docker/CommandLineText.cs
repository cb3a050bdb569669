namespace Cake.MultiArch.Docker;

/// <summary>Renders a token list as a command line for people to read; never used to run anything.</summary>
internal static class CommandLineText
{
    /// <summary>The executable and its arguments, each quoted where a shell would need it.</summary>
    /// <param name="executable">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    public static string Render(string executable, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { executable }.Concat(arguments).Select(Quote));

    private static string Quote(string token)
    {
        if (token.Length > 0 && token.All(c => char.IsLetterOrDigit(c) || "-_./:=@,+%".Contains(c)))
        {
            return token;
        }

        return "'" + token.Replace("'", "'\\''", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal) + "'";
    }
}
