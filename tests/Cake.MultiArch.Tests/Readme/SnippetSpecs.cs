using System.Text.RegularExpressions;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Readme;

/// <summary>
/// The code of README.md, CONTRIBUTING.md and docs/*.md: every <c>```cake</c> block is a complete build.cake that the
/// real <c>dotnet cake</c> compiles against the packed add-in, and every alias is shown in one.
/// <c>--description</c> compiles a script and lists its tasks without running them; top-level statements other than
/// <c>RunTarget</c> do run, which is why the snippets keep all work inside tasks.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public sealed partial class SnippetSpecs
{
    private string _folder = "";
    private string _addinLine = "";

    /// <summary>Every <c>```cake</c> block of the documentation, named by its file and line.</summary>
    public static IEnumerable<TestCaseData> CakeSnippets() =>
        Documentation.Blocks
            .Where(b => b.Info == "cake")
            .Select(b => new TestCaseData(b).SetArgDisplayNames(b.Location));

    [OneTimeSetUp]
    public async Task MakeAScriptFolderThatLoadsThePackedAddin()
    {
        // build.cake holds the #addin line alone; compiling it once puts the add-in and CliWrap into the folder's
        // tools/Addins, which the snippets then share instead of each installing them at the same time.
        _folder = await PackedAddin.ScriptFolderAsync("");
        _addinLine = (await File.ReadAllLinesAsync(Path.Combine(_folder, "build.cake")))[0];
        var warmUp = await PackedAddin.RunCakeAsync(_folder, "--description");
        Assert.That(warmUp.ExitCode, Is.Zero, warmUp.Describe());
    }

    [OneTimeTearDown]
    public void RemoveTheScriptFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public void Every_csharp_block_is_marked_cake_so_that_it_is_compiled()
    {
        var csharp = Documentation.Blocks.Where(b => b.Info.ToLowerInvariant() is "cs" or "csharp" or "c#" or "c-sharp" or "").ToArray();

        Assert.That(csharp.Select(b => $"{b.Location}: ```{b.Info}"), Is.Empty, "mark C# blocks ```cake (complete scripts), other blocks with their language");
        Assert.That(CakeSnippets().Count(), Is.GreaterThanOrEqualTo(10), "the alias reference should show each alias in a cake block");
    }

    [Test]
    public void Every_alias_has_a_cake_snippet_that_calls_it()
    {
        // Given the aliases the add-in exports
        var aliases = typeof(MultiArchAliases).GetMethods()
            .Where(m => m.GetCustomAttributes(typeof(Cake.Core.Annotations.CakeMethodAliasAttribute), false).Length > 0)
            .Select(m => m.Name)
            .Distinct()
            .ToArray();
        var snippets = string.Join('\n', Documentation.Blocks.Where(b => b.Info == "cake").Select(b => b.Code));

        // Then each is called in a compiled snippet of README.md or docs/, and has a reference heading there
        Assert.That(aliases.Where(a => !snippets.Contains(a + "(", StringComparison.Ordinal)), Is.Empty, "aliases no cake snippet calls");
        var text = string.Join('\n', Documentation.Files.Select(f => f.Text));
        Assert.That(aliases.Where(a => !text.Contains($"\n### {a}\n", StringComparison.Ordinal)), Is.Empty, "aliases without a ### heading of their own");
    }

    [TestCaseSource(nameof(CakeSnippets))]
    public async Task Snippet_compiles_against_the_packed_addin(FencedBlock snippet)
    {
        // Given the snippet as a script that loads the packed add-in instead of the version it names
        Assert.That(AddinDirective().Matches(snippet.Code), Has.Count.EqualTo(1), $"{snippet.Location}: a snippet is a complete script: it starts by adding Cake.MultiArch with loaddependencies=true");
        var script = AddinDirective().Replace(snippet.Code, _addinLine);
        var file = $"{NotAFileNameCharacter().Replace(snippet.File, "-")}-line-{snippet.Line}.cake";
        await File.WriteAllTextAsync(Path.Combine(_folder, file), script);

        // When Cake compiles it (and lists its tasks)
        var run = await HostCommand.RunAsync("dotnet", ["cake", file, "--description"], workingDirectory: _folder, timeout: TimeSpan.FromMinutes(3));

        // Then
        Assert.That(run.ExitCode, Is.Zero, $"{snippet.Location}:\n{run.Describe()}");
    }

    [GeneratedRegex(@"^#addin nuget:\?package=Cake\.MultiArch&version=[^&\s]+&loaddependencies=true$", RegexOptions.Multiline)]
    private static partial Regex AddinDirective();

    [GeneratedRegex(@"[^A-Za-z0-9]")]
    private static partial Regex NotAFileNameCharacter();
}
