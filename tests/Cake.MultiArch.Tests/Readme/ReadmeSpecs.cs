using System.Text.RegularExpressions;
using Cake.MultiArch.Tests.Infrastructure;
using Cake.MultiArch.Tests.Newcomer;

namespace Cake.MultiArch.Tests.Readme;

/// <summary>
/// README.md as a reader meets it: its first two commands are the ones CI and the newcomer test run.
/// </summary>
[TestFixture]
public sealed partial class ReadmeSpecs
{
    [Test]
    public void The_readme_starts_with_the_two_commands_after_its_title_and_one_line_description()
    {
        // Given the lines above the first code block
        var preamble = Documentation.Readme.Preamble.Where(l => l.Trim().Length > 0).ToArray();

        // Then they are the title and one line; the block is shell
        Assert.That(preamble, Has.Length.EqualTo(2), string.Join('\n', preamble));
        Assert.That(preamble[0], Is.EqualTo("# Cake.MultiArch"));
        Assert.That(Documentation.Readme.Blocks[0].Info, Is.EqualTo("sh"));
        Assert.That(Documentation.Readme.FirstCommands, Has.Count.EqualTo(2));
    }

    [Test]
    public void The_first_command_is_the_one_the_newcomer_test_runs_in_a_fresh_clone()
    {
        Assert.That(Documentation.Readme.FirstCommands[0], Is.EqualTo(NewcomerSpecs.FirstCommand));
    }

    [Test]
    public void The_second_command_is_the_one_ci_runs()
    {
        // Given .ci/run, which runs the test command through bash -c '...'
        var ci = File.ReadAllText(RepositoryLayout.PathTo(".ci", "run"));
        var commands = CiTestCommand().Matches(ci).Select(m => m.Groups["command"].Value).Distinct().ToArray();

        // Then it runs exactly one command, the README's second
        Assert.That(commands, Has.Length.EqualTo(1), "expected .ci/run to run one `bash -c '...'` command");
        Assert.That(Documentation.Readme.FirstCommands[1], Is.EqualTo(commands[0]));
        Assert.That(commands[0], Is.EqualTo("dotnet tool restore && dotnet cake --target=Test"));
    }

    [GeneratedRegex(@"bash -c '(?<command>[^']+)'")]
    private static partial Regex CiTestCommand();
}
