using Cake.Common;
using Cake.Common.Diagnostics;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Infrastructure;

public sealed class TestCakeContextSpecs
{
    [Test]
    public void The_log_records_every_verbosity_formatted()
    {
        // Given a context whose log is at diagnostic verbosity
        var context = new TestCakeContext();

        // When Cake's own logging aliases write at every verbosity
        context.Error("error {0}", 1);
        context.Information("information {0}", 2);
        context.Verbose("verbose {0}", 3);
        context.Debug("debug {0}", 4);

        // Then every line is recorded, formatted, with its verbosity
        Assert.That(context.Log.Verbosity, Is.EqualTo(Verbosity.Diagnostic));
        Assert.That(context.Log.Lines, Is.EqualTo(new[] { "error 1", "information 2", "verbose 3", "debug 4" }));
        Assert.That(context.Log.Entries.Select(e => e.Verbosity), Is.EqualTo(new[]
        {
            Verbosity.Quiet, Verbosity.Normal, Verbosity.Verbose, Verbosity.Diagnostic,
        }));
    }

    [Test]
    public void The_log_keeps_text_that_is_not_a_valid_format()
    {
        var log = new CapturingLog(echo: false);

        log.Write(Verbosity.Normal, LogLevel.Information, "{broken", "secret-value");
        log.Write(Verbosity.Normal, LogLevel.Information, "{not a placeholder}");

        Assert.That(log.Text, Does.Contain("{broken secret-value"));
        Assert.That(log.Text, Does.Contain("{not a placeholder}"));
    }

    [Test]
    public void Process_aliases_run_host_programs_in_the_working_directory()
    {
        // Given a context working in a temporary directory
        var directory = Directory.CreateTempSubdirectory("cake-multiarch-context-");
        try
        {
            var context = new TestCakeContext(directory.FullName);

            // When Cake's StartProcess alias runs a program there
            var exitCode = context.StartProcess(
                "sh",
                new ProcessSettings { Arguments = "-c \"pwd; exit 3\"", RedirectStandardOutput = true },
                out var output);

            // Then it ran with Cake's real process runner, where the context says
            Assert.That(exitCode, Is.EqualTo(3));
            Assert.That(output, Is.EqualTo(new[] { directory.FullName }));

            // And the test process's own current directory is untouched
            Assert.That(Directory.GetCurrentDirectory(), Is.Not.EqualTo(directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void Members_without_a_test_implementation_say_so()
    {
        var context = new TestCakeContext();

        Assert.That(() => context.Registry, Throws.TypeOf<NotSupportedException>());
        Assert.That(() => context.ServiceProvider, Throws.TypeOf<NotSupportedException>());
    }
}
