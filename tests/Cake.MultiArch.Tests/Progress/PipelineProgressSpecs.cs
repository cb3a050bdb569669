using Cake.MultiArch.Tests.Infrastructure;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Progress;
using Cake.MultiArch.Tests.Fakes;

namespace Cake.MultiArch.Tests.Progress;

[TestFixture]
public class PipelineProgressSpecs
{
    private static CiLog FakeCi(CapturingLog log) => CiLog.For(
        title =>
        {
            log.Write(Verbosity.Normal, LogLevel.Information, "::group::" + title);
            return new Closer(() => log.Write(Verbosity.Normal, LogLevel.Information, "::endgroup::"));
        });

    [Test]
    public async Task On_ci_each_archs_interleaved_lines_come_out_as_one_group()
    {
        // Given two archs whose steps write in turns, as parallel steps do
        var log = new CapturingLog(echo: false);
        var router = new ArchLogRouter(log);
        var progress = new PipelineProgress([CpuArchitecture.Arm32V7, CpuArchitecture.Arm64V8], router, log, FakeCi(log), ProgressDisplay.Auto);

        // When
        await progress.RunAsync(() =>
        {
            progress.Started(CpuArchitecture.Arm32V7, ArchStage.Building);
            progress.Started(CpuArchitecture.Arm64V8, ArchStage.Building);
            router.Write(Verbosity.Normal, LogLevel.Information, "[arm32v7] Step 1/2");
            router.Write(Verbosity.Normal, LogLevel.Information, "[arm64v8] Step 1/2");
            router.Write(Verbosity.Normal, LogLevel.Information, "{0}Step 2/2", "[arm32v7] ");
            router.Write(Verbosity.Normal, LogLevel.Information, "Creating manifest list");
            progress.Finished(CpuArchitecture.Arm64V8, ArchStage.Failed);
            progress.Finished(CpuArchitecture.Arm32V7, ArchStage.Done);
            return Task.CompletedTask;
        });

        // Then
        var lines = log.Lines.Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"\d+\.\ds", "T")).ToArray();
        Assert.That(lines, Is.EqualTo(new[]
        {
            "::group::arm64v8 (linux/arm64): failed",
            "[arm64v8] Step 1/2",
            "::endgroup::",
            "[arm64v8] failed in T",
            "::group::arm32v7 (linux/arm/v7): done",
            "[arm32v7] Step 1/2",
            "[arm32v7] Step 2/2",
            "::endgroup::",
            "[arm32v7] done in T",
            "Creating manifest list",
        }));
    }

    [Test]
    public async Task Locally_without_a_terminal_lines_stream_as_they_come()
    {
        var log = new CapturingLog(echo: false);
        var router = new ArchLogRouter(log);
        var progress = new PipelineProgress([CpuArchitecture.Amd64], router, log, CiLog.None, ProgressDisplay.Plain);

        await progress.RunAsync(() =>
        {
            progress.Started(CpuArchitecture.Amd64, ArchStage.Building);
            router.Write(Verbosity.Normal, LogLevel.Information, "[amd64] Step 1/1");
            Assert.That(log.Lines, Is.EqualTo(new[] { "[amd64] Step 1/1" }));
            progress.Finished(CpuArchitecture.Amd64, ArchStage.Done);
            return Task.CompletedTask;
        });

        Assert.That(log.Lines.Last(), Does.StartWith("[amd64] done in "));
    }

    [TestCase("[arm32v7] Building", "arm32v7")]
    [TestCase("[linux/arm64] x", "arm64v8")]
    [TestCase("[Build] not an arch", null)]
    [TestCase("no prefix", null)]
    public void Lines_belong_to_the_arch_in_their_leading_brackets(string line, string? arch)
    {
        Assert.That(ArchLogRouter.ArchOf(line), Is.EqualTo(arch));
    }

    [Test]
    public void Held_lines_keep_their_braces()
    {
        var log = new CapturingLog(echo: false);
        var router = new ArchLogRouter(log) { Holding = true };

        router.Write(Verbosity.Normal, LogLevel.Information, "{0}", "[amd64] {\"json\": true}");
        router.ReleaseAll();

        Assert.That(log.Lines, Is.EqualTo(new[] { "[amd64] {\"json\": true}" }));
    }

    [Test]
    public void On_ci_lines_held_before_a_failure_are_still_written()
    {
        var log = new CapturingLog(echo: false);
        var router = new ArchLogRouter(log);
        var progress = new PipelineProgress([CpuArchitecture.Arm32V7], router, log, FakeCi(log), ProgressDisplay.Auto);

        Assert.ThrowsAsync<InvalidOperationException>(() => progress.RunAsync(() =>
        {
            router.Write(Verbosity.Normal, LogLevel.Information, "[arm32v7] Step 1/2");
            throw new InvalidOperationException("docker went away");
        }));

        Assert.That(log.Lines, Does.Contain("[arm32v7] Step 1/2"));
        Assert.That(router.Holding, Is.False);
    }

    private sealed class Closer(Action close) : IDisposable
    {
        public void Dispose() => close();
    }
}
