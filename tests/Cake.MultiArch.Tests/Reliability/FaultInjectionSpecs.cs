using System.Diagnostics;
using System.Text.RegularExpressions;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// Faults injected into the real parts while a pipeline runs: the registry goes away and comes back, or stays away;
/// the daemon is not there; QEMU's arm handler is disabled; two pipelines publish into one repository at once.
/// The outcome is read back through the registry's HTTP API.
/// </summary>
/// <param name="engine">The engine the fixture runs against.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
[TestFixture(Engine.Legacy)]
public sealed class FaultInjectionSpecs(Engine engine) : IntegrationTest(engine)
{
    private static readonly string[] FourArchs = ["amd64", "arm32v6", "arm32v7", "arm64v8"];
    private static readonly string[] FourPlatforms = ["linux/amd64", "linux/arm/v6", "linux/arm/v7", "linux/arm64/v8"];
    private string _app = "";

    [OneTimeSetUp]
    public async Task WriteApp()
    {
        _app = Directory.CreateTempSubdirectory("reliability-faults-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nARG RUN_ID\nRUN echo \"$RUN_ID $(uname -m)\" > /run-id\n");
    }

    [OneTimeTearDown]
    public void RemoveApp() => Directory.Delete(_app, recursive: true);

    [Test]
    public async Task A_registry_that_restarts_during_the_pushes_is_waited_for_and_the_list_verifies()
    {
        // Given a pipeline whose retries outlast a few seconds of downtime
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { Persistent = true });
        var context = new TestCakeContext(_app);
        var settings = Settings(registry, "faults/restart", "1.0", FourArchs);
        settings.Retry = new RetryPolicy { Attempts = 8, InitialDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(2) };

        // When the registry is stopped right after the first arch's push and started again 4 s later
        var watch = Stopwatch.StartNew();
        var pipeline = Task.Run(() => context.MultiArchBuild(settings));
        await WaitForLineAsync(context.Log, l => l.Contains("] Pushed ", StringComparison.Ordinal), pipeline);
        registry.Shutdown();
        await Task.Delay(TimeSpan.FromSeconds(4));
        registry.Start();
        var result = await pipeline;
        TestContext.Out.WriteLine($"Pipeline with a 4 s registry outage took {watch.Elapsed.TotalSeconds:0.0} s.");

        // Then the pipeline completed, said why it waited, and the list is what was pushed
        Assert.That(result.Succeeded, Is.True, result.ToTable());
        // Who waits depends on what the outage interrupts: a push that fails, the read-back of a pushed image before the
        // list, or the list itself is retried by the add-in, which logs the cause;
        // a layer upload is retried by dockerd itself, whose push then succeeds, and the wait shows as docker's own lines.
        Assert.That(context.Log.Lines, Has.Some.Matches<string>(l =>
                Regex.IsMatch(l, @"(push|check of|manifest list) \S+ failed \((connection refused|connection reset|connection closed early)\); retrying in") ||
                Regex.IsMatch(l, @"^\[\w+\] [0-9a-f]{12}: Retrying in \d+ seconds?$")),
            "the wait is logged: the add-in's retries with their cause, or dockerd's retries of a layer");
        await AssertListAsync(registry, "faults/restart", "1.0", result);
    }

    [Test]
    public async Task A_registry_that_stays_down_fails_the_pipeline_in_bounded_time_and_no_list_exists()
    {
        // Given
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { Persistent = true });
        var context = new TestCakeContext(_app);
        var settings = Settings(registry, "faults/down", "1.0", FourArchs);
        settings.MaxParallelism = 1; // The Makefile's order: amd64 is pushed first, and alone.
        settings.BuildMethod = BuildMethod.DockerCli; // per-arch pushes (one bake pushes every arch at once: see OneInvocationSpecs)
        settings.Retry = new RetryPolicy { Attempts = 3, InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1) };

        // When the registry goes away after the first arch's push and does not come back
        var pipeline = Task.Run(() => context.MultiArchBuild(settings));
        await WaitForLineAsync(context.Log, l => l.Contains("] Pushed ", StringComparison.Ordinal), pipeline);
        registry.Stop();
        var stopped = Stopwatch.StartNew();
        var exception = Assert.CatchAsync<MultiArchBuildException>(() => pipeline);
        var sinceStop = stopped.Elapsed;
        TestContext.Out.WriteLine($"The pipeline failed {sinceStop.TotalSeconds:0.0} s after the registry stopped:{Environment.NewLine}{exception!.Message}");

        // Then it failed soon, naming what succeeded, what failed and why
        Assert.That(sinceStop, Is.LessThan(TimeSpan.FromSeconds(60)));
        Assert.That(exception.Message, Does.Contain("failed for arm32v6, arm32v7, arm64v8; no manifest list was pushed")
            .And.Contain("Succeeded: amd64")
            .And.Contain("Nothing answers at that address"));
        Assert.That(exception.Result.Architectures.Select(a => (a.Architecture.Name, a.Status)), Is.EqualTo(new[]
        {
            ("amd64", ArchBuildStatus.Succeeded), ("arm32v6", ArchBuildStatus.Failed), ("arm32v7", ArchBuildStatus.Failed), ("arm64v8", ArchBuildStatus.Failed),
        }));
        Assert.That(context.Log.Lines.Count(l => l.Contains("retrying in", StringComparison.Ordinal)), Is.EqualTo(3 * 2), "two retries for each failed arch");

        // And once it is back, the registry holds the amd64 image only: no list
        registry.Start();
        using var api = registry.CreateApi();
        Assert.That(await api.ListTagsAsync("faults/down"), Is.EquivalentTo(new[] { "1.0-amd64" }));
    }

    [Test]
    public async Task A_registry_that_goes_down_before_the_list_fails_with_every_arch_pushed_and_no_list()
    {
        // Given
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { Persistent = true });
        var context = new TestCakeContext(_app);
        var settings = Settings(registry, "faults/nolist", "1.0", ["amd64", "arm64v8"]);
        settings.MaxParallelism = 1; // arm64v8 is pushed last, so its push is the last before the list.
        settings.Retry = new RetryPolicy { Attempts = 2, InitialDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(1) };

        // The classic list method, through a docker that waits a second before each manifest command, so the registry
        // is surely gone when the list starts.
        settings.ManifestMethod = ManifestMethod.DockerManifest;
        settings.ToolPath = DockerWrapper.Write(Path.Combine(_app, "docker-slow-manifest"), "if [ \"$1\" = manifest ]; then sleep 1; fi");

        // When the registry stops once the last arch is pushed, before the list
        var pipeline = Task.Run(() => context.MultiArchBuild(settings));
        await WaitForLineAsync(context.Log, l => l.Contains("[arm64v8] Pushed ", StringComparison.Ordinal), pipeline);
        registry.Stop();
        var exception = Assert.CatchAsync<MultiArchBuildException>(() => pipeline);

        // Then the result says every arch is in, the list is not, and why
        Assert.That(exception!.Message, Does.Contain("built and pushed every architecture, but the manifest list failed")
            .And.Contain("Succeeded: amd64, arm64v8"));
        Assert.That(exception.Message, Does.Contain("connection refused").Or.Contain("Nothing answers"));
        Assert.That(context.Log.Lines, Has.Some.Contains("manifest list " + settings.Image + ":1.0 failed ("), "the list's retry is logged with its cause");
        registry.Start();
        using var api = registry.CreateApi();
        Assert.That(await api.ListTagsAsync("faults/nolist"), Is.EquivalentTo(new[] { "1.0-amd64", "1.0-arm64v8" }));
    }

    [Test]
    public void A_daemon_that_is_not_running_fails_a_push_at_once_saying_how_to_start_it()
    {
        var context = new TestCakeContext(_app);
        var watch = Stopwatch.StartNew();

        var exception = Assert.Catch<MultiArchException>(() => context.PushArchImage("127.0.0.1:5000/faults/nodaemon:1.0-amd64", "amd64", new PushArchImageSettings
        {
            DockerHost = $"unix:///tmp/reliability-{Guid.NewGuid():N}/docker.sock",
        }));

        Assert.That(exception!.Message, Does.Contain("Cannot connect to the Docker daemon")
            .And.Contain("Start it (`sudo systemctl start docker`, or `sudo dockerd &`)"));
        Assert.That(context.Log.Lines.Count(l => l.Contains("retrying", StringComparison.Ordinal)), Is.Zero, "a missing daemon is not a registry hiccup");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task A_disabled_arm_handler_is_named_by_preflight_before_any_build_runs()
    {
        // Given a binfmt_misc whose qemu-arm handler is registered but disabled
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { Persistent = true });
        using var binfmt = FakeBinfmtMisc.WithArmHandler("disabled");
        var context = new TestCakeContext(_app);
        var settings = Settings(registry, "faults/noarm", "1.0", FourArchs);
        settings.BinfmtMiscDirectory = binfmt.Directory;

        // When
        var exception = Assert.Catch<MultiArchException>(() => context.MultiArchBuild(settings));

        // Then preflight names both 32-bit arm archs, and only them, with the fix
        Assert.That(exception, Is.Not.InstanceOf<MultiArchBuildException>(), "nothing was started");
        Assert.That(exception!.Message, Does.Contain("cannot start: 2 problems found before anything was built or pushed")
            .And.Contain("arm32v6 (linux/arm/v6) has no runner on this host").And.Contain("arm32v7 (linux/arm/v7) has no runner on this host")
            .And.Contain("its binfmt_misc handler qemu-arm is disabled")
            .And.Contain("Run RegisterQemu first"));
        Assert.That(exception.Message, Does.Not.Contain("arm64v8 (linux/arm64) has no runner").And.Not.Contain("amd64 (linux/amd64) has no runner"));

        // And no build ran: no line says so, no arch tag exists locally, the registry has nothing
        Assert.That(context.Log.Lines, Has.None.Contains("Building "));
        var local = await HostCommand.DockerAsync("image", "ls", "--format", "{{.Repository}}:{{.Tag}}", $"{registry.Host}/faults/noarm");
        Assert.That(local.StandardOutput.Trim(), Is.Empty);
        using var api = registry.CreateApi();
        Assert.That(await api.ListTagsAsync("faults/noarm"), Is.Empty);
    }

    [Test]
    public async Task Two_pipelines_publishing_different_tags_of_one_repository_at_once_both_end_correct()
    {
        // Given two pipelines on one repository whose images differ
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { Persistent = true });
        var first = new TestCakeContext(_app);
        var second = new TestCakeContext(_app);
        var a = Settings(registry, "faults/shared", "a", FourArchs);
        var b = Settings(registry, "faults/shared", "b", FourArchs);

        // When both run at the same time
        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Task.Run(() => first.MultiArchBuild(a)), Task.Run(() => second.MultiArchBuild(b)));
        TestContext.Out.WriteLine($"Two concurrent four-arch pipelines took {watch.Elapsed.TotalSeconds:0.0} s.");

        // Then each list holds its own four images, and the two share none
        await AssertListAsync(registry, "faults/shared", "a", results[0]);
        await AssertListAsync(registry, "faults/shared", "b", results[1]);
        Assert.That(results[0].Architectures.Select(r => r.Digest), Is.All.Not.AnyOf(results[1].Architectures.Select(r => r.Digest).ToArray()));
        using var api = registry.CreateApi();
        Assert.That(await api.ListTagsAsync("faults/shared"), Is.EquivalentTo(new[] { "a", "b" }.Concat(FourArchs.SelectMany(x => new[] { "a-" + x, "b-" + x }))));
    }

    private MultiArchBuildSettings Settings(TestRegistry registry, string repository, string tag, string[] archs)
    {
        var settings = new MultiArchBuildSettings
        {
            Image = $"{registry.Host}/{repository}",
            Tag = tag,
            Context = _app,
            BaseImage = BusyboxBases.Repository + ":{arch}",
            QemuBaseTagPattern = "local/reliability-faults-{arch}",
            // A fresh layer per run, so that every push really uploads.
            BuildArguments = { ["RUN_ID"] = $"{tag} {Guid.NewGuid():N}" },
        };
        settings.Architectures = archs.Select(x => (CpuArchitecture)x).ToList();
        return settings;
    }

    private static async Task AssertListAsync(TestRegistry registry, string repository, string tag, MultiArchBuildResult result)
    {
        using var api = registry.CreateApi();
        var list = await api.GetManifestAsync(repository, tag);
        Assert.That(list.IsList, Is.True, $"{repository}:{tag} is a list");
        Assert.That(list.Digest, Is.EqualTo(result.ManifestList!.Digest));
        Assert.That(list.Images.Select(e => e.Platform), Is.EquivalentTo(FourPlatforms));
        foreach (var arch in result.Architectures)
        {
            // Each entry is the pushed image's platform manifest (inside BuildKit's per-arch index on the modern engine)
            var image = await api.GetImageManifestAsync(repository, arch.Digest!);
            Assert.That(list.Images.Single(e => e.Platform == (arch.Architecture.Name == "arm64v8" ? "linux/arm64/v8" : arch.Platform)).Digest, Is.EqualTo(image.Digest), arch.Tag);
            Assert.That((await api.GetManifestAsync(repository, arch.Tag[(arch.Tag.LastIndexOf(':') + 1)..])).Digest, Is.EqualTo(arch.Digest), arch.Tag);
        }
    }

    // Polls the log for a line; gives up when the pipeline ends first, so a pipeline that failed early fails the test at once.
    private static async Task WaitForLineAsync(CapturingLog log, Func<string, bool> match, Task pipeline)
    {
        while (!log.Lines.Any(match))
        {
            if (pipeline.IsCompleted)
            {
                throw new InvalidOperationException("The pipeline ended before the awaited log line:" + Environment.NewLine + log.Text);
            }

            await Task.Delay(20);
        }
    }
}
