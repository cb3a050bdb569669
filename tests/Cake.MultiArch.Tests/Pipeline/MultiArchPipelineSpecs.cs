using Cake.MultiArch.Tests.Infrastructure;
using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Tests.Fakes;

namespace Cake.MultiArch.Tests.Pipeline;

[TestFixture]
public class MultiArchPipelineSpecs
{
    private string _workDirectory = "";
    private string _binfmt = "";

    [SetUp]
    public void CreateContextAndHandlers()
    {
        _workDirectory = Directory.CreateTempSubdirectory("multiarch-plan-").FullName;
        File.WriteAllText(Path.Combine(_workDirectory, "Dockerfile"), "ARG BASE\nFROM ${BASE}\n");
        _binfmt = Path.Combine(_workDirectory, "binfmt");
        Directory.CreateDirectory(_binfmt);
        File.WriteAllText(Path.Combine(_binfmt, "register"), "");
        File.WriteAllText(Path.Combine(_binfmt, "qemu-arm"), "enabled\ninterpreter /usr/bin/qemu-arm-static\nflags: F\noffset 0\nmagic 7f454c4601010100000000000000000002002800\nmask ffffffffffffff00fffffffffffffffffeffffff\n");
        File.WriteAllText(Path.Combine(_binfmt, "qemu-aarch64"), "enabled\ninterpreter /usr/bin/qemu-aarch64-static\nflags: F\noffset 0\nmagic 7f454c460201010000000000000000000200b700\nmask ffffffffffffff00fffffffffffffffffeffffff\n");
    }

    [TearDown]
    public void RemoveContext() => Directory.Delete(_workDirectory, recursive: true);

    private MultiArchBuildSettings Settings(params string[] archs)
    {
        var settings = new MultiArchBuildSettings
        {
            Image = "127.0.0.1:5000/app",
            Tag = "1.0",
            BaseImage = "test/busybox:{arch}",
            BinfmtMiscDirectory = _binfmt,
            Retry = new RetryPolicy { Attempts = 2, InitialDelay = TimeSpan.FromMilliseconds(1) },
            Force = true,
            MaxParallelism = 1,
            ManifestMethod = ManifestMethod.DockerManifest,

            // Pure unit tests: the environment checks (daemon, QEMU, registry) are specified against the real parts.
            Preflight = false,
        };
        if (archs.Length > 0)
        {
            settings.Architectures = archs.Select(a => (CpuArchitecture)a).ToList();
        }

        return settings;
    }

    [Test]
    public async Task Serial_run_does_each_arch_base_build_then_push_in_order()
    {
        // Given (the list is read back from a real registry, so it is specified by the integration specs)
        var docker = new ScriptedDockerRunner();
        var settings = Settings("amd64", "arm32v7");
        settings.PushManifestList = false;

        // When
        var result = await new MultiArchPipeline(docker, new CapturingLog(echo: false), _workDirectory).RunAsync(settings);

        // Then
        string[] probes = ["image inspect", "info", "version"];
        var verbs = docker.CommandLines.Where(l => !probes.Any(p => l.StartsWith(p, StringComparison.Ordinal))).ToArray();
        Assert.That(verbs, Is.EqualTo(new[]
        {
            "tag test/busybox:amd64 local/qemu-amd64",
            $"build --platform linux/amd64 --file {_workDirectory}/Dockerfile --tag 127.0.0.1:5000/app:1.0-amd64 --build-arg BASE=local/qemu-amd64 {_workDirectory}",
            "push 127.0.0.1:5000/app:1.0-amd64",
            "tag test/busybox:arm32v7 local/qemu-arm32v7",
            $"build --platform linux/arm/v7 --file {_workDirectory}/Dockerfile --tag 127.0.0.1:5000/app:1.0-arm32v7 --build-arg BASE=local/qemu-arm32v7 {_workDirectory}",
            "push 127.0.0.1:5000/app:1.0-arm32v7",
        }));
        Assert.That(result.ManifestList, Is.Null);
        Assert.That(result.Architectures.Select(a => a.Digest), Is.EqualTo(new[]
        {
            "sha256:" + ScriptedDockerRunner.Hex("127.0.0.1:5000/app:1.0-amd64"),
            "sha256:" + ScriptedDockerRunner.Hex("127.0.0.1:5000/app:1.0-arm32v7"),
        }));
        Assert.That(result.Architectures.Select(a => a.Status), Is.All.EqualTo(ArchBuildStatus.Succeeded));
    }

    [Test]
    public void A_failed_push_leaves_no_list_and_names_what_succeeded_and_what_failed()
    {
        // Given a registry that refuses the arm32v6 image
        var docker = new ScriptedDockerRunner();
        docker.Failures["push 127.0.0.1:5000/app:1.0-arm32v6"] = "received unexpected HTTP status: 500 Internal Server Error";

        // When
        var exception = Assert.ThrowsAsync<MultiArchBuildException>(() =>
            new MultiArchPipeline(docker, new CapturingLog(echo: false), _workDirectory).RunAsync(Settings("amd64", "arm32v6", "arm64v8")));

        // Then
        Assert.That(docker.CommandLines, Has.None.StartsWith("manifest create"));
        Assert.That(docker.CommandLines, Has.None.StartsWith("manifest push"));
        Assert.That(exception!.Message, Does.Contain("failed for arm32v6; no manifest list was pushed."));
        Assert.That(exception.Message, Does.Contain("Succeeded: amd64, arm64v8"));
        Assert.That(exception.Message, Does.Contain("500 Internal Server Error"));
        Assert.That(exception.Result.Architectures.Single(a => a.Architecture.Name == "arm32v6").Status, Is.EqualTo(ArchBuildStatus.Failed));
        Assert.That(exception.Result.ManifestList, Is.Null);
    }

    [Test]
    public void A_failed_build_skips_that_archs_push()
    {
        var docker = new ScriptedDockerRunner();
        docker.Failures["--platform linux/arm64"] = "exec /bin/sh: exec format error";

        var exception = Assert.ThrowsAsync<MultiArchBuildException>(() =>
            new MultiArchPipeline(docker, new CapturingLog(echo: false), _workDirectory).RunAsync(Settings("amd64", "arm64v8")));

        Assert.That(docker.CommandLines, Has.None.EqualTo("push 127.0.0.1:5000/app:1.0-arm64v8"));
        Assert.That(exception!.Message, Does.Contain("Register QEMU first"));
    }

    [Test]
    public async Task RegisterQemu_registers_on_the_default_host_only_for_the_archs_built_there()
    {
        // Given amd64 built on the default x86-64 daemon and arm64v8 routed to a native arm64 builder
        var local = new ScriptedDockerRunner();
        var arm64 = new ScriptedDockerRunner { DaemonArchitecture = "arm64" };
        var log = new CapturingLog(echo: false);
        var settings = Settings("amd64", "arm64v8");
        settings.RegisterQemu = true;
        settings.PushManifestList = false;

        // When
        await new MultiArchPipeline(a => a == CpuArchitecture.Arm64V8 ? arm64 : local, log, _workDirectory).RunAsync(settings);

        // Then the registration covers amd64 alone (native here), and arm64v8's builder is asked for nothing of QEMU
        var reported = log.Lines.Where(l => l.StartsWith("QEMU ", StringComparison.Ordinal)).ToArray();
        Assert.That(reported, Is.EqualTo(new[] { "QEMU amd64: native" }));
        Assert.That(arm64.CommandLines, Has.Some.StartsWith("build --platform linux/arm64"));
        Assert.That(local.CommandLines, Has.None.Contains("arm64"));
    }

    [Test]
    public async Task Parallel_run_does_every_step()
    {
        var docker = new ScriptedDockerRunner();

        var result = await new MultiArchPipeline(docker, new CapturingLog(echo: false), _workDirectory).RunAsync(
            new MultiArchBuildSettings { Image = "127.0.0.1:5000/app", Tag = "2", BaseImage = "b:{arch}", BinfmtMiscDirectory = _binfmt, MaxParallelism = 4, Force = true, Preflight = false, PushManifestList = false });

        Assert.That(docker.CommandLines.Count(l => l.StartsWith("build ", StringComparison.Ordinal)), Is.EqualTo(4));
        Assert.That(docker.CommandLines.Count(l => l.StartsWith("push ", StringComparison.Ordinal)), Is.EqualTo(4));
        Assert.That(result.Architectures.Select(a => a.Digest), Has.All.StartWith("sha256:"));
    }

    [Test]
    public void Bad_settings_are_reported_all_at_once_before_anything_runs()
    {
        var docker = new ScriptedDockerRunner();
        var settings = Settings("arm32v7", "armhf");
        settings.Image = "";
        settings.TagPattern = "{image}:{tag}";

        var exception = Assert.ThrowsAsync<MultiArchException>(() => new MultiArchPipeline(docker, new CapturingLog(echo: false), _workDirectory).RunAsync(settings));

        Assert.That(docker.CommandLines, Has.None.StartsWith("build").And.None.StartsWith("push").And.None.StartsWith("tag"));
        Assert.That(exception!.Message, Does.Contain("3 problems found before anything was built or pushed"));
        Assert.That(exception.Message, Does.Contain("[Image] Image is empty."));
        Assert.That(exception.Message, Does.Contain("arm32v7 is listed more than once"));
        Assert.That(exception.Message, Does.Contain("TagPattern '{image}:{tag}' has no {arch}"));
    }

    [Test]
    public async Task Without_push_nothing_reaches_the_registry()
    {
        var docker = new ScriptedDockerRunner();
        var settings = Settings("arm32v6");
        settings.Push = false;

        await new MultiArchPipeline(docker, new CapturingLog(echo: false), _workDirectory).RunAsync(settings);

        Assert.That(docker.CommandLines, Has.None.StartsWith("push"));
        Assert.That(docker.CommandLines, Has.None.StartsWith("manifest"));
    }

    [Test]
    public void A_collection_initialiser_replaces_the_default_architectures_instead_of_adding_to_them()
    {
        var settings = new MultiArchBuildSettings { Architectures = { "arm64v8", "arm32v7" } };
        var register = new RegisterQemuSettings { ContainerArguments = { "--install", "{qemu-archs}" } };

        Assert.That(settings.Architectures.Select(a => a.Name), Is.EqualTo(new[] { "arm64v8", "arm32v7" }));
        Assert.That(register.ContainerArguments, Is.EqualTo(new[] { "--install", "{qemu-archs}" }));
        Assert.That(new MultiArchBuildSettings().Architectures.Select(a => a.Name), Is.EqualTo(new[] { "amd64", "arm32v6", "arm32v7", "arm64v8" }));
    }

    [Test]
    public void An_emptied_architecture_list_is_an_error_not_the_defaults()
    {
        var settings = Settings();
        settings.Architectures.Clear();

        var exception = Assert.ThrowsAsync<MultiArchException>(() => new MultiArchPipeline(new ScriptedDockerRunner(), new CapturingLog(echo: false), _workDirectory).RunAsync(settings));

        Assert.That(exception!.Message, Does.Contain("[Architectures] No architecture is listed."));
    }
}
