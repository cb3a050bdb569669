using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Readme;

/// <summary>The Markdown pages a reader of the repository meets: README.md, CONTRIBUTING.md and every docs/*.md.</summary>
public static class Documentation
{
    private static readonly Lazy<IReadOnlyList<MarkdownFile>> AllFiles = new(() =>
    {
        var docs = Directory.GetFiles(RepositoryLayout.PathTo("docs"), "*.md")
            .Select(path => "docs/" + Path.GetFileName(path))
            .Order(StringComparer.Ordinal);
        return new[] { "README.md", "CONTRIBUTING.md" }
            .Concat(docs)
            .Select(path => new MarkdownFile(path))
            .ToArray();
    });

    /// <summary>README.md, the repository's front page and the package's readme.</summary>
    public static MarkdownFile Readme { get; } = new("README.md");

    /// <summary>README.md, CONTRIBUTING.md and every docs/*.md, in that order.</summary>
    public static IReadOnlyList<MarkdownFile> Files => AllFiles.Value;

    /// <summary>Every fenced block of every file in <see cref="Files"/>.</summary>
    public static IEnumerable<FencedBlock> Blocks => Files.SelectMany(file => file.Blocks);
}
