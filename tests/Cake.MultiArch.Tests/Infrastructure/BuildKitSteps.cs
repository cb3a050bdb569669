using System.Text.RegularExpressions;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// Reads BuildKit's plain progress (<c>--progress plain</c>) as a test sees it in the log: a step is named once with its
/// vertex number (<c>#12 [arm64v8 2/2] RUN ...</c>) and reported reused on a line of its own (<c>#12 CACHED</c>).
/// </summary>
public static partial class BuildKitSteps
{
    /// <summary>Whether BuildKit reported the step reused from a cache: a step of <paramref name="vertex"/> whose command starts with <paramref name="command"/>.</summary>
    /// <param name="lines">The log's lines.</param>
    /// <param name="vertex">The name in the brackets before the step's number: a bake target (<c>arm64v8</c>) or a platform (<c>linux/arm64</c>).</param>
    /// <param name="command">The start of the step, such as <c>RUN dd</c>.</param>
    /// <returns><see langword="true"/> when the step was reported CACHED; throws when the step is not in the log at all.</returns>
    public static bool WasCached(IEnumerable<string> lines, string vertex, string command)
    {
        var text = string.Join('\n', lines);
        var numbers = Regex.Matches(text, $@"#(\d+) \[{Regex.Escape(vertex)} \d+/\d+\] {Regex.Escape(command)}")
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToArray();
        if (numbers.Length == 0)
        {
            throw new AssertionException($"BuildKit's output names no step [{vertex} ...] {command}.");
        }

        return numbers.Any(n => Regex.IsMatch(text, $@"(^|\s)#{n} CACHED\s*$", RegexOptions.Multiline));
    }
}
