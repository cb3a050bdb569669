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
        var arm32 = ArchLog.For(router, CpuArchitecture.Arm32V7);
        var arm64 = ArchLog.For(router, CpuArchitecture.Arm64V8);

        // When
        await progress.RunAsync(() =>
        {
            progress.Started(CpuArchitecture.Arm32V7, ArchStage.Building);
            progress.Started(CpuArchitecture.Arm64V8, ArchStage.Building);
            arm32.Write(Verbosity.Normal, LogLevel.Information, "Step 1/2");
            arm64.Write(Verbosity.Normal, LogLevel.Information, "Step 1/2");
            arm32.Write(Verbosity.Normal, LogLevel.Information, "{0} 2/2", "Step");
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
            ArchLog.For(router, CpuArchitecture.Amd64).Write(Verbosity.Normal, LogLevel.Information, "Step 1/1");
            Assert.That(log.Lines, Is.EqualTo(new[] { "[amd64] Step 1/1" }));
            progress.Finished(CpuArchitecture.Amd64, ArchStage.Done);
            return Task.CompletedTask;
        });

        Assert.That(log.Lines.Last(), Does.StartWith("[amd64] done in "));
    }

    [Test]
    public void A_line_that_only_looks_like_an_archs_stays_outside_its_block()
    {
        // Given a line of no arch whose text starts as an arch's would, such as a tool's own output
        var log = new CapturingLog(echo: false);
        var router = new ArchLogRouter(log) { Holding = true };

        // When the arch's own line comes after it, and the blocks are written
        router.Write(Verbosity.Normal, LogLevel.Information, "[arm32v7] printed by some tool");
        ArchLog.For(router, CpuArchitecture.Arm32V7).Write(Verbosity.Normal, LogLevel.Information, "Building");
        router.Release(CpuArchitecture.Arm32V7);
        Assert.That(log.Lines, Is.EqualTo(new[] { "[arm32v7] Building" }));
        router.ReleaseAll();

        // Then the arch's block held only what its log wrote; the other line is written with the lines of no arch
        Assert.That(log.Lines, Is.EqualTo(new[] { "[arm32v7] Building", "[arm32v7] printed by some tool" }));
    }

    [Test]
    public void Without_a_router_an_archs_lines_and_a_shared_steps_lines_show_their_name()
    {
        var log = new CapturingLog(echo: false);

        ArchLog.For(log, CpuArchitecture.Arm64V8).Write(Verbosity.Normal, LogLevel.Information, "Pushed {0}", "app:1-arm64v8");
        ArchLog.Shared(log, "bake").Write(Verbosity.Normal, LogLevel.Information, "Building {0}", "{braces}");
        ArchLog.For(log, null).Write(Verbosity.Normal, LogLevel.Information, "Creating manifest list");

        Assert.That(log.Lines, Is.EqualTo(new[] { "[arm64v8] Pushed app:1-arm64v8", "[bake] Building {braces}", "Creating manifest list" }));
    }

    [Test]
    public void Held_lines_keep_their_braces()
    {
        var log = new CapturingLog(echo: false);
        var router = new ArchLogRouter(log) { Holding = true };

        ArchLog.For(router, CpuArchitecture.Amd64).Write(Verbosity.Normal, LogLevel.Information, "{0}", "{\"json\": true}");
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
            ArchLog.For(router, CpuArchitecture.Arm32V7).Write(Verbosity.Normal, LogLevel.Information, "Step 1/2");
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
