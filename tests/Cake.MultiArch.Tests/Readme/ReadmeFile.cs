using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Readme;

/// <summary>The repository's README.md, split into its fenced code blocks.</summary>
public static class ReadmeFile
{
    private static readonly Lazy<string[]> Lines = new(() => File.ReadAllLines(Path));

    /// <summary>Where README.md is.</summary>
    public static string Path => RepositoryLayout.PathTo("README.md");

    /// <summary>Every fenced block (<c>```info</c> ... <c>```</c>), in the order of the file.</summary>
    public static IReadOnlyList<FencedBlock> Blocks
    {
        get
        {
            var blocks = new List<FencedBlock>();
            var lines = Lines.Value;
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].StartsWith("```", StringComparison.Ordinal))
                {
                    continue;
                }

                var info = lines[i][3..].Trim();
                var start = i;
                var end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
                if (end < 0)
                {
                    throw new InvalidOperationException($"README.md line {start + 1}: a fenced block that is never closed.");
                }

                blocks.Add(new FencedBlock(info, start + 1, string.Join('\n', lines[(start + 1)..end])));
                i = end;
            }

            return blocks;
        }
    }

    /// <summary>The lines above the first fenced block.</summary>
    public static IReadOnlyList<string> Preamble => Lines.Value.TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).ToArray();

    /// <summary>The commands of the first fenced block: its lines, without blank ones.</summary>
    public static IReadOnlyList<string> FirstCommands =>
        Blocks[0].Code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
}
