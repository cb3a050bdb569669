using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Readme;

/// <summary>A Markdown file of the repository, split into its fenced code blocks.</summary>
public sealed class MarkdownFile
{
    private readonly Lazy<string[]> _lines;

    /// <summary>Reads the file at a path from the repository root when it is first asked for.</summary>
    /// <param name="relativePath">The path from the repository root, with forward slashes, such as <c>docs/pipeline.md</c>.</param>
    public MarkdownFile(string relativePath)
    {
        RelativePath = relativePath;
        _lines = new(() => File.ReadAllLines(FullPath));
    }

    /// <summary>The path from the repository root, such as <c>README.md</c> or <c>docs/pipeline.md</c>.</summary>
    public string RelativePath { get; }

    /// <summary>Where the file is on this machine.</summary>
    public string FullPath => RepositoryLayout.PathTo(RelativePath.Split('/'));

    /// <summary>The whole text, lines joined with <c>\n</c>.</summary>
    public string Text => string.Join('\n', _lines.Value);

    /// <summary>Every fenced block (<c>```info</c> ... <c>```</c>), in the order of the file.</summary>
    public IReadOnlyList<FencedBlock> Blocks
    {
        get
        {
            var blocks = new List<FencedBlock>();
            var lines = _lines.Value;
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
                    throw new InvalidOperationException($"{RelativePath} line {start + 1}: a fenced block that is never closed.");
                }

                blocks.Add(new FencedBlock(RelativePath, info, start + 1, string.Join('\n', lines[(start + 1)..end])));
                i = end;
            }

            return blocks;
        }
    }

    /// <summary>The lines above the first fenced block.</summary>
    public IReadOnlyList<string> Preamble => _lines.Value.TakeWhile(l => !l.StartsWith("```", StringComparison.Ordinal)).ToArray();

    /// <summary>The commands of the first fenced block: its lines, without blank ones.</summary>
    public IReadOnlyList<string> FirstCommands =>
        Blocks[0].Code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();

    /// <inheritdoc/>
    public override string ToString() => RelativePath;
}
