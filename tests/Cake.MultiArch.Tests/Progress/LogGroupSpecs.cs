using Cake.MultiArch.Tests.Infrastructure;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Progress;

/// <summary>MultiArchLogGroup: a collapsible group where the CI folds its log, a heading anywhere else.</summary>
[TestFixture]
[NonParallelizable]
public sealed class LogGroupSpecs
{
    [Test]
    public void Off_CI_the_title_is_a_heading_and_closing_writes_nothing_more()
    {
        var context = TestCakeContext.OnCi();

        var output = Capture(() =>
        {
            using (context.MultiArchLogGroup("Deps arm32v7"))
            {
                context.Log.Write(Cake.Core.Diagnostics.Verbosity.Normal, Cake.Core.Diagnostics.LogLevel.Information, "inside");
            }
        });

        Assert.That(context.Log.Lines, Is.EqualTo(new[] { "", "--- Deps arm32v7", "inside" }));
        Assert.That(output, Is.Empty);
    }

    [Test]
    public void On_GitHub_Actions_the_group_opens_and_closes_around_the_work()
    {
        var context = TestCakeContext.OnCi(("GITHUB_ACTIONS", "true"));

        var output = Capture(() =>
        {
            using (context.MultiArchLogGroup("Deps arm32v7"))
            {
                Console.Out.WriteLine("inside");
            }
        });

        Assert.That(output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "::group::Deps arm32v7", "inside", "::endgroup::" }));
        Assert.That(context.Log.Lines, Has.None.Contains("Deps arm32v7"), "the group's title is the heading; it is not written twice");
    }

    [Test]
    public void On_Azure_Pipelines_the_group_uses_its_logging_commands()
    {
        var context = TestCakeContext.OnCi(("TF_BUILD", "True"));

        var output = Capture(() => context.MultiArchLogGroup("Publish amd64").Dispose());

        Assert.That(output, Does.Contain("##[group]Publish amd64").And.Contain("##[endgroup]"));
    }

    [TestCase("")]
    [TestCase("  ")]
    [TestCase("two\nlines")]
    public void A_title_that_is_empty_or_not_one_line_is_refused_with_an_example(string title)
    {
        var error = Assert.Throws<MultiArchException>(() => TestCakeContext.OnCi().MultiArchLogGroup(title));

        Assert.That(error!.Message, Does.Contain("MultiArchLogGroup needs a title of one line").And.Contain("\"Deps arm32v7\""));
    }

    private static string Capture(Action action)
    {
        var original = Console.Out;
        using var writer = new StringWriter();
        Console.SetOut(writer);
        try
        {
            action();
        }
        finally
        {
            Console.SetOut(original);
        }

        return writer.ToString();
    }
}
