using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// A handful of rows of <see cref="BadInputTable"/> through the real <c>dotnet cake</c>: one build.cake with a task per
/// bad input (the script cache on, so that only the first run compiles). Each run exits non-zero and prints the problem
/// and the fix, and the registry is left unchanged.
/// </summary>
[NonParallelizable]
public sealed class BadInputScriptSpecs : RegistryIntegrationTest
{
    private static readonly (string Target, string[] Expected)[] Targets =
    [
        ("UnknownArchitecture", ["Unknown architecture 'arm32v9'", "Known architectures"]),
        ("UpperCaseImage", ["'Scripted' has upper-case letters", "Use lowercase letters"]),
        ("TagOf129Characters", ["it is 129 characters long; the limit is 128", "Use up to 128 letters"]),
        ("NewlineInTag", ["Tag '1.0\\nlatest' is not a valid tag", "Use up to 128 letters"]),
        ("MissingDockerfile", ["no-such.Dockerfile does not exist", "Set Dockerfile to its path"]),
        ("DaemonNotRunning", ["Cannot connect to the Docker daemon", "sudo systemctl start docker"]),
        ("ArmHandlerDisabled", ["arm32v7 (linux/arm/v7) has no runner on this host", "Run RegisterQemu first"]),
        ("WrongPort", ["[Registry]", "connection refused", "Start the registry"]),
        ("ManifestOfNeverPushedImage", ["is not in the registry", "Push every per-arch image"]),
    ];

    [Test]
    public async Task Each_bad_input_ends_dotnet_cake_with_a_non_zero_exit_the_problem_and_the_fix_and_an_unchanged_registry()
    {
        // Given
        using var binfmt = FakeBinfmtMisc.WithArmHandler("disabled");
        var image = $"{Registry.Host}/scripted/app";
        var folder = await PackedAddin.ScriptFolderAsync($$"""
            MultiArchBuildSettings Valid() => new MultiArchBuildSettings
            {
                Image = "{{image}}",
                Tag = "1.0",
                Architectures = { "arm32v7" },
                Context = "./app",
                BaseImage = "{{BusyboxBases.Repository}}:{arch}",
                QemuBaseTagPattern = "local/reliability-script-{arch}",
                Retry = new RetryPolicy { Attempts = 2, InitialDelay = TimeSpan.FromMilliseconds(50) },
            };
            MultiArchBuildResult Publish(Action<MultiArchBuildSettings> spoil) { var s = Valid(); spoil(s); return MultiArchBuild(s); }

            Task("UnknownArchitecture").Does(() => Publish(s => s.Architectures = new List<CpuArchitecture> { "arm32v9" }));
            Task("UpperCaseImage").Does(() => Publish(s => s.Image = "{{Registry.Host}}/Scripted/App"));
            Task("TagOf129Characters").Does(() => Publish(s => s.Tag = new string('t', 129)));
            Task("NewlineInTag").Does(() => Publish(s => s.Tag = "1.0\nlatest"));
            Task("MissingDockerfile").Does(() => Publish(s => s.Dockerfile = "./no-such.Dockerfile"));
            Task("DaemonNotRunning").Does(() => Publish(s => s.DockerHost = "unix:///tmp/reliability-{{Guid.NewGuid():N}}/docker.sock"));
            Task("ArmHandlerDisabled").Does(() => Publish(s => s.BinfmtMiscDirectory = "{{binfmt.Directory}}"));
            Task("WrongPort").Does(() => Publish(s => s.Image = "{{BadInputScene.ClosedAddress()}}/scripted/app"));
            Task("ManifestOfNeverPushedImage").Does(() => PushManifest("{{image}}:1.0",
                new[] { new PushedImage("arm32v7", "{{image}}:1.0-arm32v7", "sha256:" + new string('0', 64)) },
                new PushManifestSettings { Retry = RetryPolicy.None }));
            RunTarget(Argument("target", "UnknownArchitecture"));
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "cake.config"), "[Settings]\nEnableScriptCache=true\n");
        Directory.CreateDirectory(Path.Combine(folder, "app"));
        await File.WriteAllTextAsync(Path.Combine(folder, "app", "Dockerfile"), "ARG BASE\nFROM ${BASE}\nRUN echo scripted > /note\n");
        var before = await RegistrySnapshot.TakeAsync(Registry);

        // When every bad input runs
        var runs = new List<(string Target, string[] Expected, HostCommandResult Run)>();
        foreach (var (target, expected) in Targets)
        {
            runs.Add((target, expected, await PackedAddin.RunCakeAsync(folder, "--target=" + target)));
        }

        // Then
        Assert.Multiple(() =>
        {
            foreach (var (target, expected, run) in runs)
            {
                TestContext.Out.WriteLine($"{target}: exit code {run.ExitCode}");
                Assert.That(run.ExitCode, Is.Not.EqualTo(0), target);
                foreach (var fragment in expected)
                {
                    Assert.That(run.StandardOutput + run.StandardError, Does.Contain(fragment), target);
                }
            }
        });
        Assert.That((await RegistrySnapshot.TakeAsync(Registry)).ChangedSince(before), Is.Empty);
    }
}
