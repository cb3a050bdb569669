namespace Cake.MultiArch.Tests.Readme;

/// <summary>One fenced code block of a Markdown file.</summary>
/// <param name="File">The file's path from the repository root, such as <c>docs/pipeline.md</c>.</param>
/// <param name="Info">The info string after the opening fence, such as <c>cake</c> or <c>sh</c>.</param>
/// <param name="Line">The line number of the opening fence (1-based).</param>
/// <param name="Code">The block's text, without the fences.</param>
public sealed record FencedBlock(string File, string Info, int Line, string Code)
{
    /// <summary>Where the block is, as a reader looks it up: <c>docs/pipeline.md line 40</c>.</summary>
    public string Location => $"{File} line {Line}";
}
