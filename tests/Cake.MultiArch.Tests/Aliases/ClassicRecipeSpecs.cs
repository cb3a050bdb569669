using Cake.MultiArch.Building;
using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Qemu;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Aliases;

/// <summary>
/// The classic recipe against the real parts: dockerd, a registry on 127.0.0.1 and the host's QEMU handlers.
/// The published list is read back through the registry's HTTP API, not through the Docker CLI. On the modern engine
/// each per-arch push is BuildKit's index of the image and its provenance attestation, and the list keeps both.
/// </summary>
/// <param name="engine">The engine the recipe runs on.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
[TestFixture(Engine.Legacy)]
public sealed class ClassicRecipeSpecs(Engine engine) : IntegrationTest(engine)
{
    private static readonly string[] FourArchs = ["amd64", "arm32v6", "arm32v7", "arm64v8"];
    private TestRegistry _registry = null!;
    private string _app = "";

    [OneTimeSetUp]
    public async Task StartRegistryAndWriteApp()
    {
        _registry = await TestRegistry.StartAsync();
        _app = Directory.CreateTempSubdirectory("multiarch-app-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"),
            "ARG BASE\nFROM ${BASE}\nARG GREETING=hello\nRUN echo \"$GREETING from $(uname -m)\" > /greeting\nCMD [\"cat\", \"/greeting\"]\n");
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_app, recursive: true);
    }

    private TestCakeContext Context() => new(_app);

    [Test]
    public async Task The_recipe_alias_by_alias_publishes_a_four_arch_list_with_the_pushed_digests()
    {
        // Given
        var context = Context();
        var image = $"{_registry.Host}/classic/app";
        var buildSettings = new BuildArchImageSettings
        {
            Image = image,
            Tag = "1.0",
            BuildArguments = { ["GREETING"] = "hi; echo $HOME `id`" },
        };

        // When: deps, build-%, push, manifest
        var registered = context.RegisterQemu(new RegisterQemuSettings { Architectures = FourArchs.Select(CpuArchitecture.Parse).ToList() });
        var pushed = new List<PushedImage>();
        foreach (var arch in FourArchs)
        {
            var qemuBase = context.BuildQemuBase(arch, new BuildQemuBaseSettings { BaseImage = BusyboxBases.Repository + ":{arch}", TagPattern = "local/qemu-test-{arch}" });
            buildSettings.BaseImage = qemuBase.Tag;
            pushed.Add(context.PushArchImage(context.BuildArchImage(arch, buildSettings)));
        }

        var list = context.PushManifest($"{image}:1.0", pushed);

        // Then the registry holds a list of exactly those four platforms, each entry the image the push reported
        // (on the modern engine: the platform's image inside the pushed index, with its attestation kept)
        Assert.That(registered.Select(r => r.CanRunForeignBinaries), Is.All.True);
        using var api = _registry.CreateApi();
        var manifest = await api.GetManifestAsync("classic/app", "1.0");
        Assert.That(manifest.IsList, Is.True);
        Assert.That(manifest.Digest, Is.EqualTo(list.Digest));
        Assert.That(manifest.MediaType, Is.EqualTo(CurrentEngine.BuildKit ? MediaTypes.OciIndex : MediaTypes.DockerManifestList));
        Assert.That(manifest.Images.Select(e => e.Platform), Is.EquivalentTo(new[] { "linux/amd64", "linux/arm/v6", "linux/arm/v7", "linux/arm64/v8" }));
        foreach (var arch in pushed)
        {
            var platformImage = await api.GetImageManifestAsync("classic/app", arch.Digest);
            var entry = manifest.Images.Single(e => e.Digest == platformImage.Digest);
            Assert.That(entry.Architecture, Is.EqualTo(arch.Architecture!.OciArchitecture), arch.Tag);
            Assert.That(entry.Variant, Is.EqualTo(arch.Architecture.Variant), arch.Tag);
        }

        Assert.That(manifest.Attestations, Has.Count.EqualTo(CurrentEngine.BuildKit ? 4 : 0));
        Assert.That(manifest.Attestations.Select(a => a.AttestedDigest), Is.EquivalentTo(CurrentEngine.BuildKit ? manifest.Images.Select(i => i.Digest) : []));
        Assert.That(list.Attestations, Is.EqualTo(manifest.Attestations.Count));
        Assert.That(list.Method, Is.EqualTo(ManifestMethod.Registry), "the registry's API is the default on every engine");
    }

    [Test]
    public async Task The_list_runs_the_arm32v7_image_under_qemu()
    {
        // Given a list published by MultiArchBuild
        var context = Context();
        var result = context.MultiArchBuild(new MultiArchBuildSettings
        {
            Image = $"{_registry.Host}/whole/app",
            Tag = "2.0",
            BaseImage = BusyboxBases.Repository + ":{arch}",
            QemuBaseTagPattern = "local/qemu-test-{arch}",
            BuildArguments = { ["GREETING"] = "hello" },
        });

        // When the arm32v7 platform of the list runs
        await HostCommand.DockerAsync("image", "rm", "-f", $"{_registry.Host}/whole/app:2.0");
        var run = await HostCommand.RunCheckedAsync("docker", ["run", "--rm", "--pull", "always", "--platform", "linux/arm/v7", $"{_registry.Host}/whole/app:2.0"]);

        // Then QEMU ran the arm binary, and the list is what the result says
        Assert.That(run.StandardOutput.Trim(), Is.EqualTo("hello from armv7l"));
        using var api = _registry.CreateApi();
        var manifest = await api.GetManifestAsync("whole/app", "2.0");
        Assert.That(manifest.Digest, Is.EqualTo(result.ManifestList!.Digest));
        var expected = new List<(string, string)>();
        foreach (var arch in result.Architectures)
        {
            var image = await api.GetImageManifestAsync("whole/app", arch.Digest!);
            expected.Add((arch.Architecture == CpuArchitecture.Arm64V8 ? "linux/arm64/v8" : arch.Platform, image.Digest));
        }

        Assert.That(manifest.Images.Select(e => (e.Platform, e.Digest)), Is.EquivalentTo(expected));
        Assert.That(result.ToTable(), Does.Contain("arm32v7").And.Contain(result.ManifestList.Digest[..19]));
    }

    [Test]
    public async Task Each_arch_image_config_records_its_own_architecture()
    {
        var context = Context();
        var result = context.MultiArchBuild(new MultiArchBuildSettings
        {
            Image = $"{_registry.Host}/configs/app",
            Tag = "1",
            BaseImage = BusyboxBases.Repository + ":{arch}",
            QemuBaseTagPattern = "local/qemu-test-{arch}",
            MaxParallelism = 4,
        });

        using var api = _registry.CreateApi();
        foreach (var arch in result.Architectures)
        {
            var manifest = await api.GetImageManifestAsync("configs/app", arch.Digest!);
            var config = await api.GetConfigAsync("configs/app", manifest.ConfigDigest!);
            Assert.That(config.Architecture, Is.EqualTo(arch.Architecture.OciArchitecture), arch.Tag);
        }
    }

    [Test]
    public async Task A_forced_qemu_base_holds_the_emulator_where_the_handler_looks_for_it()
    {
        // Given the arm handler's interpreter path
        var handler = new BinfmtMisc(BinfmtMisc.DefaultDirectory).FindFor(CpuArchitecture.Arm32V7)!;

        // When
        var qemuBase = Context().BuildQemuBase("arm32v7", new BuildQemuBaseSettings
        {
            BaseImage = BusyboxBases.Repository + ":{arch}",
            TagPattern = "local/qemu-forced-{arch}",
            ForceQemuCopy = true,
        });

        // Then
        Assert.That(qemuBase.QemuPath, Is.EqualTo(handler.Interpreter));
        var listing = await HostCommand.RunCheckedAsync("docker", ["run", "--rm", "--platform", "linux/arm/v7", qemuBase.Tag, "ls", "-l", handler.Interpreter]);
        Assert.That(listing.StandardOutput, Does.Contain(handler.Interpreter));
    }

    [Test]
    public void A_qemu_base_is_only_re_tagged_where_the_handler_has_the_f_flag_or_the_arch_is_native()
    {
        var context = Context();
        var settings = new BuildQemuBaseSettings { BaseImage = BusyboxBases.Repository + ":{arch}", TagPattern = "local/qemu-retag-{arch}" };

        var arm = context.BuildQemuBase("arm64v8", settings);
        var amd = context.BuildQemuBase("amd64", settings);

        Assert.That(arm.QemuCopied, Is.False);
        Assert.That(arm.Reason, Does.Contain("has the F flag"));
        Assert.That(amd.Reason, Does.Contain("native"));
    }

    [Test]
    public void Register_qemu_reports_the_handlers_already_in_place_and_changes_nothing()
    {
        var before = File.ReadAllText("/proc/sys/fs/binfmt_misc/qemu-arm");

        var report = Context().RegisterQemu();

        Assert.That(report.Select(r => r.Action), Is.All.EqualTo(QemuAction.AlreadyRegistered));
        Assert.That(report.Select(r => r.HasFixBinaryFlag), Is.All.True);
        Assert.That(File.ReadAllText("/proc/sys/fs/binfmt_misc/qemu-arm"), Is.EqualTo(before));
    }

    [Test]
    public void Register_qemu_on_the_host_registers_a_missing_handler_with_the_f_flag()
    {
        // Given no riscv64 handler (no other test uses riscv64)
        if (File.Exists("/proc/sys/fs/binfmt_misc/qemu-riscv64"))
        {
            File.WriteAllText("/proc/sys/fs/binfmt_misc/qemu-riscv64", "-1");
        }

        // When
        var riscv = Context().RegisterQemu(new RegisterQemuSettings { Architectures = [CpuArchitecture.Riscv64], RegistrationMethod = QemuRegistrationMethod.Host }).Single();

        // Then
        Assert.That(riscv.Action, Is.EqualTo(QemuAction.Registered));
        Assert.That(riscv.HasFixBinaryFlag, Is.True);
        Assert.That(riscv.Handler!.Interpreter, Is.EqualTo("/usr/bin/qemu-riscv64-static"));
        Assert.That(File.ReadAllText("/proc/sys/fs/binfmt_misc/qemu-riscv64"), Does.Contain("flags: F"));
    }
}
