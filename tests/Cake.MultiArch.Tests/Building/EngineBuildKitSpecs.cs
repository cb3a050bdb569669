using System.Text.Json;
using Cake.MultiArch.Building;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Tests.Infrastructure;
using Cake.MultiArch.Tests.Reliability;

namespace Cake.MultiArch.Tests.Building;

/// <summary>
/// BuildMethod.EngineBuildKit against the real daemon: BuildKit through the Engine API builds the same image docker build
/// would (platform, base, arguments and labels as written, .dockerignore honoured, a Dockerfile outside the context),
/// runs foreign archs under QEMU, and a failing step says which step failed and what it printed.
/// </summary>
[NonParallelizable]
public sealed class EngineBuildKitSpecs : IntegrationTest
{
    private string _work = "";
    private string _app = "";
    private string _image = "";

    [SetUp]
    public async Task WriteApp()
    {
        _work = Directory.CreateTempSubdirectory("multiarch-buildkit-").FullName;
        _app = Path.Combine(_work, "app");
        Directory.CreateDirectory(Path.Combine(_app, "data", "nested"));
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"),
            "ARG BASE\nFROM ${BASE}\nARG NOTE\nENV NOTE=${NOTE}\nCOPY . /app/\n" +
            "RUN uname -m > /app/machine && echo \"$NOTE\" > /app/note && ls /app/data/nested > /app/listing\nCMD [\"cat\", \"/app/note\"]\n");
        await File.WriteAllTextAsync(Path.Combine(_app, "data", "nested", "kept.txt"), "kept\n");
        await File.WriteAllTextAsync(Path.Combine(_app, "secret.env"), "TOKEN=never-sent\n");
        await File.WriteAllTextAsync(Path.Combine(_app, ".dockerignore"), "secret.env\n");
        _image = "cake-multiarch-test/buildkit-" + Guid.NewGuid().ToString("N")[..12];
    }

    [TearDown]
    public async Task RemoveImagesAndFolder()
    {
        await HostCommand.RemoveLocalTagsAsync(_image);
        Directory.Delete(_work, recursive: true);
    }

    [TestCase("amd64", "x86_64")]
    [TestCase("arm32v7", "armv7l")]
    public async Task Builds_the_arch_from_its_base_with_arguments_and_labels_as_written_and_without_ignored_files(string arch, string machine)
    {
        // Given a note full of shell metacharacters, a label, and a .dockerignore that leaves secret.env out
        const string note = "a; echo `id` $(id) & 'single' \"double\" $HOME";
        var context = new TestCakeContext(_app);

        // When BuildKit builds it through the Engine API
        var image = context.BuildArchImage(arch, new BuildArchImageSettings
        {
            Image = _image,
            Tag = "1.0",
            Context = _app,
            BaseImage = BusyboxBases.ImageFor(arch),
            BuildArguments = { ["NOTE"] = note },
            Labels = { ["org.example.note"] = note },
            ExtraTags = { "{image}:extra-{arch}" },
            BuildMethod = BuildMethod.EngineBuildKit,
            Force = true,
        });

        // Then no docker process built it, the image has both tags, the arch's platform, the label as written, and the
        // RUN step ran on the arch's CPU (under QEMU for ARM) with the argument as written
        Assert.That(context.Log.Lines, Has.None.Contains("docker build").And.Some.Contains("(BuildKit through the Engine API)"));
        Assert.That(image.Tags, Is.EqualTo(new[] { $"{_image}:1.0-{arch}", $"{_image}:extra-{arch}" }));
        var inspect = await HostCommand.DockerAsync("image", "inspect", "--format", "{{json .}}", $"{_image}:extra-{arch}");
        using var json = JsonDocument.Parse(inspect.StandardOutput);
        var root = json.RootElement;
        var variant = root.TryGetProperty("Variant", out var v) ? v.GetString() : "";
        Assert.That(root.GetProperty("Id").GetString(), Is.EqualTo(image.ImageId));
        Assert.That($"{root.GetProperty("Os").GetString()}/{root.GetProperty("Architecture").GetString()}/{variant}", Is.EqualTo(BusyboxBases.For(arch).InspectedPlatform));
        Assert.That(root.GetProperty("Config").GetProperty("Labels").GetProperty("org.example.note").GetString(), Is.EqualTo(note));
        var files = await HostCommand.DockerAsync("run", "--rm", "--platform", BusyboxBases.For(arch).Platform, $"{_image}:1.0-{arch}",
            "sh", "-c", "cat /app/machine /app/note /app/listing; ls /app");
        Assert.That(files.StandardOutput, Does.StartWith($"{machine}\n{note}\nkept.txt\n"));
        Assert.That(files.StandardOutput, Does.Not.Contain("secret.env"));
    }

    [Test]
    public async Task A_dockerfile_outside_the_context_is_sent_under_a_name_of_its_own_and_an_unchanged_rebuild_is_skipped()
    {
        // Given a Dockerfile kept beside the context, not in it
        var dockerfile = Path.Combine(_work, "Outside.Dockerfile");
        await File.WriteAllTextAsync(dockerfile, "FROM scratch\nCOPY data/nested/kept.txt /kept.txt\n");
        var settings = new BuildArchImageSettings
        {
            Image = _image,
            Tag = "outside",
            Context = _app,
            Dockerfile = dockerfile,
            BaseImage = "",
            BuildMethod = BuildMethod.EngineBuildKit,
            EnvironmentVariables = { [BuildRecords.CacheVariable] = Path.Combine(_work, "cache") },
        };

        // When it is built twice
        var first = new TestCakeContext(_app).BuildArchImage("arm64v8", settings);
        var second = new TestCakeContext(_app).BuildArchImage("arm64v8", settings);

        // Then the first builds the file into an arm64 image, and the second finds it up to date
        Assert.That((first.UpToDate, second.UpToDate), Is.EqualTo((false, true)));
        var inspect = await HostCommand.DockerAsync("image", "inspect", "--format", "{{.Architecture}}", $"{_image}:outside-arm64v8");
        Assert.That(inspect.StandardOutput.Trim(), Is.EqualTo("arm64"));
        var saved = await HostCommand.RunAsync("sh", ["-c", $"docker save {_image}:outside-arm64v8 | tar -xO --wildcards '*/layer.tar' | tar -t"]);
        Assert.That(saved.StandardOutput, Does.Contain("kept.txt"));
    }

    [Test]
    public void A_failing_step_names_the_step_its_output_and_the_fix()
    {
        File.WriteAllText(Path.Combine(_app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nRUN echo about to fail && echo the reason >&2 && exit 3\n");
        var context = new TestCakeContext(_app);

        var error = Assert.Throws<MultiArchException>(() => context.BuildArchImage("arm32v6", new BuildArchImageSettings
        {
            Image = _image,
            Tag = "1.0",
            Context = _app,
            BaseImage = BusyboxBases.ImageFor("arm32v6"),
            BuildMethod = BuildMethod.EngineBuildKit,
        }));

        Assert.That(error!.Message, Does.Contain($"Building {_image}:1.0-arm32v6 for linux/arm/v6 (BuildKit through the Engine API) failed:")
            .And.Contain("exit code: 3")
            .And.Contain("The failing step: [2/2] RUN echo about to fail")
            .And.Contain("the reason")
            .And.Contain("set BuildMethod = BuildMethod.DockerCli"));
    }

    [Test]
    public void Extra_command_line_arguments_are_refused_before_anything_is_sent()
    {
        var error = Assert.Throws<MultiArchException>(() => new TestCakeContext(_app).BuildArchImage("amd64", new BuildArchImageSettings
        {
            Image = _image,
            Context = _app,
            BaseImage = BusyboxBases.ImageFor("amd64"),
            BuildMethod = BuildMethod.EngineBuildKit,
            ExtraArguments = { "--network", "host" },
        }));

        Assert.That(error!.Message, Does.Contain("cannot pass ExtraArguments (--network host)").And.Contain("BuildMethod = BuildMethod.DockerCli"));
    }

    [Test]
    public async Task Cancelling_closes_the_request_and_the_daemon_stops_the_step()
    {
        // Given a step that would run for a minute, with a marker only this test uses
        var marker = 60 + Random.Shared.Next(1, 900);
        File.WriteAllText(Path.Combine(_app, "Dockerfile"), $"ARG BASE\nFROM ${{BASE}}\nRUN sleep {marker}\n");
        var context = new TestCakeContext(_app);
        var runner = new DockerRunner(new BuildArchImageSettings(), context.Environment, context.Log);
        using var cancel = new CancellationTokenSource();
        var build = new ArchImageBuilder(runner, context.Log, _app).BuildAsync(
            CpuArchitecture.Amd64,
            new BuildArchImageSettings { Image = _image, Context = _app, BaseImage = BusyboxBases.ImageFor("amd64"), BuildMethod = BuildMethod.EngineBuildKit },
            cancellationToken: cancel.Token);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!Sleeping(marker) && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        Assert.That(Sleeping(marker), Is.True, "the step never started");

        // When the build is cancelled
        await cancel.CancelAsync();

        // Then the call ends as cancelled, and the daemon stops the step soon after
        Assert.That(async () => await build, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await StoppedWithinAsync(marker, TimeSpan.FromSeconds(20)), Is.True, "the daemon went on running the step after the request closed");
    }

    [Test]
    public void Auto_builds_through_the_engine_api_and_falls_back_to_docker_build_for_extra_arguments()
    {
        BuildArchImageSettings Settings(string tag) => new()
        {
            Image = _image,
            Tag = tag,
            Context = _app,
            BaseImage = BusyboxBases.ImageFor("amd64"),
            BuildMethod = BuildMethod.Auto,
            Force = true,
        };
        var engine = new TestCakeContext(_app);
        var cli = new TestCakeContext(_app);
        var withExtra = Settings("cli");
        withExtra.ExtraArguments.Add("--quiet");

        engine.BuildArchImage("amd64", Settings("engine"));
        cli.BuildArchImage("amd64", withExtra);

        Assert.That(engine.Log.Lines, Has.Some.Contains("(BuildKit through the Engine API)").And.None.Contains("docker build"));
        Assert.That(cli.Log.Lines, Has.Some.Contains("docker build").And.None.Contains("(BuildKit through the Engine API)"));
    }

    [Test]
    public async Task ToolTimeout_stops_a_build_that_runs_too_long_and_says_which_setting_to_raise()
    {
        var marker = 1000 + Random.Shared.Next(1, 900);
        File.WriteAllText(Path.Combine(_app, "Dockerfile"), $"ARG BASE\nFROM ${{BASE}}\nRUN sleep {marker}\n");

        var error = Assert.Throws<MultiArchException>(() => new TestCakeContext(_app).BuildArchImage("amd64", new BuildArchImageSettings
        {
            Image = _image,
            Context = _app,
            BaseImage = BusyboxBases.ImageFor("amd64"),
            BuildMethod = BuildMethod.EngineBuildKit,
            ToolTimeout = TimeSpan.FromSeconds(2),
        }));

        Assert.That(error!.Message, Does.Contain($"The BuildKit build of {_image}:latest-amd64 for linux/amd64 did not finish within 00:00:02 and was stopped.")
            .And.Contain("Raise ToolTimeout"));
        Assert.That(await StoppedWithinAsync(marker, TimeSpan.FromSeconds(20)), Is.True, "the daemon went on running the step after the time limit");
    }

    /// <summary>Whether a <c>sleep MARKER</c> of a build step runs: containers' processes show in the host's process table.</summary>
    private static bool Sleeping(int marker) =>
        ProcessTable.Snapshot().Any(p => p.Arguments.SequenceEqual(["sleep", marker.ToString(System.Globalization.CultureInfo.InvariantCulture)]));

    /// <summary>Waits until the <c>sleep MARKER</c> step no longer runs; whether it stopped within the time.</summary>
    private static async Task<bool> StoppedWithinAsync(int marker, TimeSpan time)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (Sleeping(marker) && watch.Elapsed < time)
        {
            await Task.Delay(100);
        }

        return !Sleeping(marker);
    }
}
