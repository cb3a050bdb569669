using Cake.MultiArch.Qemu;

namespace Cake.MultiArch.Tests.Qemu;

/// <summary>The argument lists of the QEMU steps (QemuCommands), specified in full.</summary>
[TestFixture]
public class QemuCommandsSpecs
{
    [Test]
    public void Qemu_container_registration_is_the_classic_privileged_run()
    {
        var tokens = QemuCommands.RegisterQemuContainer("multiarch/qemu-user-static", ["--reset", "-p", "yes"], [CpuArchitecture.Arm32V7]);

        Assert.That(tokens, Is.EqualTo(new[] { "run", "--rm", "--privileged", "multiarch/qemu-user-static", "--reset", "-p", "yes" }));
    }

    [Test]
    public void Qemu_container_registration_expands_the_qemu_targets_once_each()
    {
        var tokens = QemuCommands.RegisterQemuContainer(
            "tonistiigi/binfmt", ["--install", "{qemu-archs}"], [CpuArchitecture.Arm32V6, CpuArchitecture.Arm32V7, CpuArchitecture.Arm64V8]);

        Assert.That(tokens, Is.EqualTo(new[] { "run", "--rm", "--privileged", "tonistiigi/binfmt", "--install", "arm,aarch64" }));
    }

    [Test]
    public void Qemu_base_build_passes_the_vanilla_base_and_the_generated_context()
    {
        var tokens = QemuCommands.BuildQemuBase(CpuArchitecture.Arm32V6, "arm32v6/alpine", "local/qemu-arm32v6", "/tmp/ctx");

        Assert.That(tokens, Is.EqualTo(new[]
        {
            "build", "--platform", "linux/arm/v6", "--build-arg", "BASE=arm32v6/alpine", "--tag", "local/qemu-arm32v6",
            "--file", "/tmp/ctx/Dockerfile", "/tmp/ctx",
        }));
    }
}
