using System.Diagnostics;
using System.Text;
using Cake.MultiArch.Tests.Infrastructure;
using CliWrap;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// Interrupting the real <c>dotnet cake</c> while a push runs: the docker processes it started are stopped, it exits
/// with a non-zero code, and no manifest list is left in the registry.
/// </summary>
[NonParallelizable]
public sealed class CancellationSpecs : IntegrationTest
{
    [TestCase("INT", TestName = "SIGINT (Ctrl+C) during a push stops the docker processes, exits non-zero and leaves no list")]
    [TestCase("TERM", TestName = "SIGTERM (a CI cancel) during a push stops the docker processes, exits non-zero and leaves no list")]
    public async Task A_signal_during_a_push_stops_the_docker_processes_exits_non_zero_and_leaves_no_list(string signal)
    {
        // Given a build.cake publishing an image with a large layer, so that its push lasts a few seconds
        await using var registry = await TestRegistry.StartAsync();
        var repository = $"cancel/app-{Guid.NewGuid():N}";
        var folder = await PackedAddin.ScriptFolderAsync($$"""
            MultiArchBuild(new MultiArchBuildSettings
            {
                Image = "{{registry.Host}}/{{repository}}",
                Tag = "1.0",
                Architectures = { "amd64" },
                Context = "./app",
                BaseImage = "{{BusyboxBases.Repository}}:{arch}",
                QemuBaseTagPattern = "local/reliability-cancel-{arch}",
                BuildArguments = { ["RUN_ID"] = "{{repository}}" },
            });
            """);
        Directory.CreateDirectory(Path.Combine(folder, "app"));
        await File.WriteAllTextAsync(Path.Combine(folder, "app", "Dockerfile"),
            "ARG BASE\nFROM ${BASE}\nARG RUN_ID\nRUN head -c 120000000 /dev/urandom > /blob && echo \"$RUN_ID\" > /run-id\n");

        var output = new StringBuilder();
        var pushing = new TaskCompletionSource();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // Cake starts with default signal handling, as from a terminal. A background job of a non-interactive shell
        // (a CI runner may start the tests as one) inherits SIGINT and SIGQUIT ignored, and .NET keeps them ignored as
        // every POSIX program does: the SIGINT case would then test the shell, not the add-in. `env --default-signal`
        // (coreutils 8.31 and later) resets every signal to its default before it starts dotnet.
        var run = Cli.Wrap("env")
            .WithArguments(["--default-signal", "dotnet", "cake", "build.cake"])
            .WithWorkingDirectory(folder)
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line =>
            {
                lock (output)
                {
                    output.AppendLine(line);
                }

                if (line.Contains("Pushing ", StringComparison.Ordinal))
                {
                    pushing.TrySetResult();
                }
            }))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line =>
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }))
            .ExecuteAsync(stop.Token);

        try
        {
            // When the push has started (a docker push of the repository runs under Cake), Cake gets the signal.
            // Only Cake's own process is signalled, as a CI runner does: docker must be stopped by the add-in, not by the signal.
            await Task.WhenAny(pushing.Task, run.Task);
            Assert.That(pushing.Task.IsCompleted, Is.True, "the push never started:" + Environment.NewLine + output);
            var push = await WaitForAsync(() => ProcessTable.DescendantsOf(run.ProcessId).FirstOrDefault(p => ProcessTable.IsDocker(p) && p.Arguments.Contains("push")));
            Assert.That(push, Is.Not.Null, "no docker push process was seen under dotnet cake");
            var cake = ProcessTable.DescendantsOf(run.ProcessId).Single(p => p.Arguments.Any(a => a.EndsWith("Cake.dll", StringComparison.Ordinal)));
            TestContext.Out.WriteLine($"Interrupting {cake} while {push} runs.");
            var watch = Stopwatch.StartNew();
            await HostCommand.RunCheckedAsync("kill", ["-" + signal, cake.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            var result = await run;
            TestContext.Out.WriteLine($"dotnet cake exited with {result.ExitCode} {watch.Elapsed.TotalSeconds:0.0} s after SIG{signal}.");

            // Then
            Assert.That(result.ExitCode, Is.Not.EqualTo(0), output.ToString());
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
            var left = ProcessTable.Snapshot().Where(p => p.Pid == push!.Pid || p.RawCommandLine.Contains(repository, StringComparison.Ordinal)).ToList();
            Assert.That(left, Is.Empty, "docker processes of the interrupted build are still running");
            using var api = registry.CreateApi();
            Assert.That(await api.TryGetManifestAsync(repository, "1.0"), Is.Null, "no list may be left behind");
            Assert.That(await api.ListTagsAsync(repository), Has.None.EqualTo("1.0"));
        }
        finally
        {
            stop.Cancel();
            await HostCommand.RemoveLocalTagsAsync($"{registry.Host}/{repository}");
        }
    }

    private static async Task<ProcessTable.Entry?> WaitForAsync(Func<ProcessTable.Entry?> find)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (find() is { } found)
            {
                return found;
            }

            await Task.Delay(10);
        }

        return null;
    }
}
