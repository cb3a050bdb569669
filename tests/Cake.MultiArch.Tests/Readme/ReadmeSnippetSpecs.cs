using System.Text.RegularExpressions;
using Cake.MultiArch.Tests.Infrastructure;
using Cake.MultiArch.Tests.Newcomer;

namespace Cake.MultiArch.Tests.Readme;

/// <summary>
/// README.md as a reader meets it: its first two commands are the ones CI and the newcomer test run, and every
/// <c>```cake</c> block is a complete build.cake that the real <c>dotnet cake</c> compiles against the packed add-in.
/// <c>--description</c> compiles a script and lists its tasks without running them; top-level statements other than
/// <c>RunTarget</c> do run, which is why the snippets keep all work inside tasks.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public sealed partial class ReadmeSnippetSpecs
{
    private string _folder = "";
    private string _addinLine = "";

    /// <summary>Every <c>```cake</c> block of README.md, named by its line.</summary>
    public static IEnumerable<TestCaseData> CakeSnippets() =>
        ReadmeFile.Blocks
            .Where(b => b.Info == "cake")
            .Select(b => new TestCaseData(b).SetArgDisplayNames($"line {b.Line}"));

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
    public void The_readme_starts_with_the_two_commands_after_its_title_and_one_line_description()
    {
        // Given the lines above the first code block
        var preamble = ReadmeFile.Preamble.Where(l => l.Trim().Length > 0).ToArray();

        // Then they are the title and one line; the block is shell
        Assert.That(preamble, Has.Length.EqualTo(2), string.Join('\n', preamble));
        Assert.That(preamble[0], Is.EqualTo("# Cake.MultiArch"));
        Assert.That(ReadmeFile.Blocks[0].Info, Is.EqualTo("sh"));
        Assert.That(ReadmeFile.FirstCommands, Has.Count.EqualTo(2));
    }

    [Test]
    public void The_first_command_is_the_one_the_newcomer_test_runs_in_a_fresh_clone()
    {
        Assert.That(ReadmeFile.FirstCommands[0], Is.EqualTo(NewcomerSpecs.FirstCommand));
    }

    [Test]
    public void The_second_command_is_the_one_ci_runs()
    {
        // Given .ci/run, which runs the test command through bash -c '...'
        var ci = File.ReadAllText(RepositoryLayout.PathTo(".ci", "run"));
        var commands = CiTestCommand().Matches(ci).Select(m => m.Groups["command"].Value).Distinct().ToArray();

        // Then it runs exactly one command, the README's second
        Assert.That(commands, Has.Length.EqualTo(1), "expected .ci/run to run one `bash -c '...'` command");
        Assert.That(ReadmeFile.FirstCommands[1], Is.EqualTo(commands[0]));
        Assert.That(commands[0], Is.EqualTo("dotnet tool restore && dotnet cake --target=Test"));
    }

    [Test]
    public void Every_csharp_block_is_marked_cake_so_that_it_is_compiled()
    {
        var csharp = ReadmeFile.Blocks.Where(b => b.Info.ToLowerInvariant() is "cs" or "csharp" or "c#" or "c-sharp" or "").ToArray();

        Assert.That(csharp.Select(b => $"line {b.Line}: ```{b.Info}"), Is.Empty, "mark C# blocks ```cake (complete scripts), other blocks with their language");
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
        var snippets = string.Join('\n', ReadmeFile.Blocks.Where(b => b.Info == "cake").Select(b => b.Code));

        // Then each is called in a compiled snippet, and has a reference heading
        Assert.That(aliases.Where(a => !snippets.Contains(a + "(", StringComparison.Ordinal)), Is.Empty, "aliases no cake snippet calls");
        var text = File.ReadAllText(ReadmeFile.Path);
        Assert.That(aliases.Where(a => !text.Contains($"\n### {a}\n", StringComparison.Ordinal)), Is.Empty, "aliases without a ### heading of their own");
    }

    [TestCaseSource(nameof(CakeSnippets))]
    public async Task Snippet_compiles_against_the_packed_addin(FencedBlock snippet)
    {
        // Given the snippet as a script that loads the packed add-in instead of the version it names
        Assert.That(AddinDirective().Matches(snippet.Code), Has.Count.EqualTo(1), "a snippet is a complete script: it starts by adding Cake.MultiArch with loaddependencies=true");
        var script = AddinDirective().Replace(snippet.Code, _addinLine);
        var file = $"readme-line-{snippet.Line}.cake";
        await File.WriteAllTextAsync(Path.Combine(_folder, file), script);

        // When Cake compiles it (and lists its tasks)
        var run = await HostCommand.RunAsync("dotnet", ["cake", file, "--description"], workingDirectory: _folder, timeout: TimeSpan.FromMinutes(3));

        // Then
        Assert.That(run.ExitCode, Is.Zero, $"README.md line {snippet.Line}:\n{run.Describe()}");
    }

    [GeneratedRegex(@"^#addin nuget:\?package=Cake\.MultiArch&version=[^&\s]+&loaddependencies=true$", RegexOptions.Multiline)]
    private static partial Regex AddinDirective();

    [GeneratedRegex(@"bash -c '(?<command>[^']+)'")]
    private static partial Regex CiTestCommand();
}
