using System.Globalization;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;

namespace Cake.MultiArch.Releasing;

/// <summary>
/// The branch, commit, commit time and origin of the git repository a build runs in, from <c>git</c> itself (through
/// CliWrap, arguments as a list, no shell). Outside a repository, or without git, nothing is known.
/// </summary>
internal static partial class GitSource
{
    /// <summary>What git says about <c>HEAD</c> in <paramref name="directory"/>.</summary>
    /// <param name="directory">A directory inside the repository.</param>
    /// <param name="cancellationToken">Cancels git.</param>
    public static async Task<SourceFacts> ReadAsync(string directory, CancellationToken cancellationToken)
    {
        var revision = await GitAsync(directory, ["rev-parse", "--verify", "HEAD"], cancellationToken).ConfigureAwait(false);
        if (revision is null)
        {
            return SourceFacts.None;
        }

        // A detached HEAD (a CI's checkout of a tag or a pull request) has no branch: git says "HEAD".
        var branch = await GitAsync(directory, ["rev-parse", "--abbrev-ref", "HEAD"], cancellationToken).ConfigureAwait(false);
        var time = await GitAsync(directory, ["log", "-1", "--format=%ct", "HEAD"], cancellationToken).ConfigureAwait(false);
        var origin = await GitAsync(directory, ["remote", "get-url", "origin"], cancellationToken).ConfigureAwait(false);
        return new SourceFacts(
            branch is null or "HEAD" ? null : branch,
            null,
            revision,
            origin is null ? null : WebAddress(origin),
            long.TryParse(time, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null);
    }

    /// <summary>
    /// A remote's web address, without credentials or <c>.git</c>: <c>git@github.com:me/app.git</c> and
    /// <c>https://user:token@github.com/me/app.git</c> are <c>https://github.com/me/app</c>.
    /// </summary>
    /// <param name="remote">The remote's URL as git or the CI gives it.</param>
    public static string WebAddress(string remote)
    {
        var text = remote.Trim();
        if (ScpLike().Match(text) is { Success: true } scp)
        {
            text = $"https://{scp.Groups["host"].Value}/{scp.Groups["path"].Value}";
        }
        else if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "ssh" or "git")
        {
            // Credentials (user info, which Authority leaves out) never reach a label; an ssh or git remote's page is
            // served over https without its port.
            text = (uri.Scheme is "ssh" or "git" ? $"https://{uri.Host}" : $"{uri.Scheme}://{uri.Authority}") + uri.AbsolutePath;
        }

        text = text.TrimEnd('/');
        return text.EndsWith(".git", StringComparison.Ordinal) ? text[..^4] : text;
    }

    // git's output, trimmed, or null when it failed or is not installed.
    private static async Task<string?> GitAsync(string directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            var result = await Cli.Wrap("git")
                .WithArguments(arguments)
                .WithWorkingDirectory(directory)
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(cancellationToken)
                .ConfigureAwait(false);
            var output = result.StandardOutput.Trim();
            return result.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    [GeneratedRegex("^(?:[^@/]+@)?(?<host>[^:/]+):(?<path>[^/].*)$")]
    private static partial Regex ScpLike();
}
