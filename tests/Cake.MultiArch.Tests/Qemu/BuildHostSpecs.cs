using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Qemu;
using Cake.MultiArch.Tests.Fakes;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Qemu;

/// <summary>
/// What the host's own architecture decides, with the host injected: the daemon's reported CPU (a scripted docker) and
/// binfmt_misc (a folder of handler files). This machine is x86-64, so an arm64 host is specified here only.
/// </summary>
[TestFixture]
public class BuildHostSpecs
{
    private const string ArmHandler =
        "enabled\ninterpreter /usr/bin/qemu-arm-static\nflags: F\noffset 0\nmagic 7f454c4601010100000000000000000002002800\nmask ffffffffffffff00fffffffffffffffffeffffff\n";

    private string _folder = "";
    private string _binfmt = "";

    [SetUp]
    public void CreateBinfmtFolder()
    {
        _folder = Directory.CreateTempSubdirectory("multiarch-host-").FullName;
        _binfmt = Directory.CreateDirectory(Path.Combine(_folder, "binfmt")).FullName;
        File.WriteAllText(Path.Combine(_binfmt, "register"), "");
        File.WriteAllText(Path.Combine(_folder, "Dockerfile"), "ARG BASE\nFROM ${BASE}\n");
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase("arm64", "arm64v8", true)]
    [TestCase("arm64", "arm32v7", false)]
    [TestCase("arm64", "arm32v6", false)]
    [TestCase("arm64", "amd64", false)]
    [TestCase("amd64", "amd64", true)]
    [TestCase("amd64", "i386", true)]
    [TestCase("amd64", "arm64v8", false)]
    [TestCase("arm", "arm32v6", true)]
    [TestCase("arm", "arm64v8", false)]
    public void A_host_runs_natively_its_own_architecture_and_those_of_its_qemu_target(string host, string architecture, bool native)
    {
        // Given the daemon's name for its CPU (its GOARCH)
        var buildHost = new BuildHost(CpuArchitecture.Parse(host));

        // When
        var runs = buildHost.RunsNatively(architecture);

        // Then
        Assert.That(runs, Is.EqualTo(native));
    }

    [Test]
    public async Task On_an_arm64_host_RegisterQemu_needs_only_qemu_arm_and_reports_arm64v8_native()
    {
        // Given an arm64 daemon and a kernel that has qemu-arm, and no qemu-aarch64
        var docker = new ScriptedDockerRunner { DaemonArchitecture = "arm64" };
        File.WriteAllText(Path.Combine(_binfmt, "qemu-arm"), ArmHandler);
        var settings = new RegisterQemuSettings { Architectures = { "arm64v8", "arm32v7", "arm32v6" }, BinfmtMiscDirectory = _binfmt };

        // When
        var report = await new QemuRegistrar(docker, new CapturingLog(echo: false)).RegisterAsync(settings);

        // Then nothing is registered, arm64v8 is native and the 32-bit ARM archs run through qemu-arm
        Assert.That(report.Select(r => (r.Architecture.Name, r.Action, r.Handler?.Name)), Is.EqualTo(new[]
        {
            ("arm64v8", QemuAction.Native, (string?)null),
            ("arm32v7", QemuAction.AlreadyRegistered, "qemu-arm"),
            ("arm32v6", QemuAction.AlreadyRegistered, "qemu-arm"),
        }));
        Assert.That(report, Has.All.Matches<QemuRegistration>(r => r.CanRunForeignBinaries));
        Assert.That(docker.CommandLines, Has.None.StartsWith("run"));
        Assert.That(File.ReadAllText(Path.Combine(_binfmt, "register")), Is.Empty);
    }

    [Test]
    public async Task On_an_arm64_host_RegisterQemu_registers_qemu_arm_alone_and_never_its_own_architecture()
    {
        // Given an arm64 daemon and a kernel with no handler at all
        var docker = new ScriptedDockerRunner { DaemonArchitecture = "arm64" };
        var settings = new RegisterQemuSettings
        {
            Architectures = { "arm64v8", "arm32v7", "arm32v6" },
            BinfmtMiscDirectory = _binfmt,
            RegistrationMethod = QemuRegistrationMethod.Container,
            ContainerImage = "tonistiigi/binfmt",
            ContainerArguments = { "--install", "{qemu-archs}" },
        };

        // When (the scripted container registers nothing in this folder, so the arm archs stay without a runner)
        var exception = Assert.ThrowsAsync<MultiArchException>(() => new QemuRegistrar(docker, new CapturingLog(echo: false)).RegisterAsync(settings));

        // Then the registering container was asked for arm only, and the failure names each arch with no runner
        Assert.That(docker.CommandLines.Where(l => l.StartsWith("run", StringComparison.Ordinal)), Is.EqualTo(new[] { "run --rm --privileged tonistiigi/binfmt --install arm" }));
        Assert.That(exception!.Message, Does.Contain("arm32v7 (linux/arm/v7) has no runner on this host: the host is arm64v8 (linux/arm64)"));
        Assert.That(exception.Message, Does.Contain("arm32v6 (linux/arm/v6) has no runner on this host"));
        Assert.That(exception.Message, Does.Contain("no binfmt_misc handler qemu-arm is registered"));
        Assert.That(exception.Message, Does.Contain("Install qemu-arm-static").And.Contain("run RegisterQemu again").And.Contain("or run the arm32v7 job on a runner of that architecture (linux/arm/v7)"));
        Assert.That(exception.Message, Does.Not.Contain("arm64v8 (linux/arm64) has no runner"));
    }

    [Test]
    public async Task On_an_arm64_host_the_preflight_requires_no_handler_for_arm64v8()
    {
        // Given an arm64 daemon, a kernel with no handler, and a build of arm64v8 alone without RegisterQemu
        var docker = new ScriptedDockerRunner { DaemonArchitecture = "arm64" };
        var preflight = new Preflight(_ => docker, new CapturingLog(echo: false), _folder);

        // When
        var problems = await preflight.CheckAsync(Settings("arm64v8"));

        // Then
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task On_an_arm64_host_the_preflight_names_an_amd64_arch_with_no_runner_and_both_fixes()
    {
        // Given an arm64 daemon, a kernel with qemu-arm only, and a build of amd64 and arm32v7 without RegisterQemu
        var docker = new ScriptedDockerRunner { DaemonArchitecture = "arm64" };
        File.WriteAllText(Path.Combine(_binfmt, "qemu-arm"), ArmHandler);
        var preflight = new Preflight(_ => docker, new CapturingLog(echo: false), _folder);

        // When
        var problems = await preflight.CheckAsync(Settings("amd64", "arm32v7"));

        // Then only amd64 is a problem: the arch, the host, why, and the two fixes
        Assert.That(problems, Has.Count.EqualTo(1), string.Join("\n", problems));
        Assert.That(problems[0].Check, Is.EqualTo("QEMU"));
        Assert.That(problems[0].Problem, Is.EqualTo(
            "amd64 (linux/amd64) has no runner on this host: the host is arm64v8 (linux/arm64), which does not run amd64 binaries natively, " +
            "and no binfmt_misc handler qemu-x86_64 is registered."));
        Assert.That(problems[0].Fix, Does.StartWith("Run RegisterQemu first (or set RegisterQemu = true) to register QEMU for amd64").And.Contain("qemu-x86_64-static")
            .And.EndWith("or run the amd64 job on a runner of that architecture (linux/amd64)."));
    }

    [Test]
    public async Task On_an_amd64_host_the_preflight_still_requires_handlers_for_the_arm_archs()
    {
        // Given an x86-64 daemon and a kernel with no handler
        var docker = new ScriptedDockerRunner { DaemonArchitecture = "amd64" };
        var preflight = new Preflight(_ => docker, new CapturingLog(echo: false), _folder);

        // When
        var problems = await preflight.CheckAsync(Settings("amd64", "arm64v8"));

        // Then
        Assert.That(problems.Select(p => p.Problem), Is.EqualTo(new[]
        {
            "arm64v8 (linux/arm64) has no runner on this host: the host is amd64 (linux/amd64), which does not run arm64v8 binaries natively, " +
            "and no binfmt_misc handler qemu-aarch64 is registered.",
        }));
    }

    private MultiArchBuildSettings Settings(params string[] archs) => new()
    {
        Image = "127.0.0.1:5000/app",
        Tag = "1.0",
        Context = _folder,
        BaseImage = "test/busybox:{arch}",
        BinfmtMiscDirectory = _binfmt,
        Architectures = archs.Select(a => (CpuArchitecture)a).ToList(),
        Push = false,
        PushManifestList = false,
    };
}
