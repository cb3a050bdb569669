using Cake.MultiArch.Docker;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Docker;

public sealed class CommandLineTextSpecs
{
    [Test]
    public void Render_leaves_plain_tokens_unquoted()
    {
        var text = CommandLineText.Render("/usr/bin/docker", ["manifest", "push", "--purge", "127.0.0.1:5000/app:1.0-arm32v7", "a=b,c@d+e%f"]);

        Assert.That(text, Is.EqualTo("/usr/bin/docker manifest push --purge 127.0.0.1:5000/app:1.0-arm32v7 a=b,c@d+e%f"));
    }

    [TestCase("two words", "'two words'")]
    [TestCase("", "''")]
    [TestCase("$HOME", "'$HOME'")]
    [TestCase("a;b", "'a;b'")]
    [TestCase("*", "'*'")]
    public void Render_quotes_tokens_a_shell_would_split_or_expand(string token, string rendered)
    {
        Assert.That(CommandLineText.Render("docker", [token]), Is.EqualTo("docker " + rendered));
    }

    [Test]
    public void Render_escapes_single_quotes_the_posix_way()
    {
        Assert.That(CommandLineText.Render("docker", ["it's"]), Is.EqualTo(@"docker 'it'\''s'"));
    }

    [Test]
    public void Render_keeps_a_command_on_one_line()
    {
        // Given a token with line breaks (a label value, say)
        var text = CommandLineText.Render("docker", ["--label", "a\nb\r\nc"]);

        // Then the rendering stays one line, with the breaks visible
        Assert.That(text, Does.Not.Contain("\n").And.Not.Contain("\r"));
        Assert.That(text, Is.EqualTo(@"docker --label 'a\nb\r\nc'"));
    }

    [Test]
    public void Render_quotes_an_executable_path_with_blanks()
    {
        Assert.That(CommandLineText.Render("/opt/my tools/docker", ["version"]), Is.EqualTo("'/opt/my tools/docker' version"));
    }
}
