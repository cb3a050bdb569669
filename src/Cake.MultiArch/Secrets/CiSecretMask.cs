namespace Cake.MultiArch.Secrets;

/// <summary>
/// Tells the CI that runs the build to mask a secret in its own log too (GitHub Actions' <c>::add-mask::</c>,
/// Azure Pipelines' <c>##vso[task.setsecret]</c>), so that a secret printed by any other step is hidden as well.
/// </summary>
internal static class CiSecretMask
{
    /// <summary>The commands that register a secret with the CI the process runs under; none outside a CI that has them.</summary>
    /// <param name="secret">The secret.</param>
    /// <param name="environment">Looks up an environment variable.</param>
    public static IReadOnlyList<string> CommandsFor(string? secret, Func<string, string?> environment)
    {
        // The commands work line by line: a secret with a line break could not be registered whole, so each line is.
        var lines = (secret ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var commands = new List<string>();
        if (string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            commands.AddRange(lines.Select(l => "::add-mask::" + l));
        }

        if (string.Equals(environment("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase))
        {
            commands.AddRange(lines.Select(l => "##vso[task.setsecret]" + l));
        }

        return commands;
    }

    /// <summary>Writes the commands for a secret to standard output, where the CI's runner reads them (not through Cake's log, which may colour lines).</summary>
    /// <param name="secret">The secret.</param>
    public static void Register(string? secret)
    {
        foreach (var command in CommandsFor(secret, Environment.GetEnvironmentVariable))
        {
            Console.Out.WriteLine(command);
        }

        Console.Out.Flush();
    }
}
