using NUnit.Framework;

namespace Cake.MultiArch.Tests.Infrastructure;

public sealed class BusyboxBasesSpecs : IntegrationTest
{
    private static IEnumerable<string> Arches => BusyboxBases.All.Select(b => b.Arch);

    [TestCaseSource(nameof(Arches))]
    public async Task Each_base_records_its_architecture_and_variant_in_the_image_config(string arch)
    {
        // Given the bases built from Debian's static busybox
        var expected = BusyboxBases.For(arch);

        // When docker reads the image config
        var recorded = await BusyboxBases.InspectPlatformAsync(BusyboxBases.ImageFor(arch));

        // Then it records the platform the base stands for
        Assert.That(recorded, Is.EqualTo(expected.InspectedPlatform));
    }

    [TestCase("amd64", "linux/amd64", "x86_64")]
    [TestCase("arm32v6", "linux/arm/v6", "armv7l")]
    [TestCase("arm32v7", "linux/arm/v7", "armv7l")]
    [TestCase("arm64v8", "linux/arm64", "aarch64")]
    public async Task Each_base_runs_its_busybox_under_qemu_where_foreign(string arch, string platform, string machine)
    {
        // When a container of the base asks the kernel for its machine name
        var result = await HostCommand.DockerAsync("run", "--rm", "--platform", platform, BusyboxBases.ImageFor(arch), "uname", "-m");

        // Then QEMU answers for the foreign CPUs (its default arm CPU reports armv7l for v6 too)
        Assert.That(result.StandardOutput.Trim(), Is.EqualTo(machine));
    }

    [Test]
    public void ImageFor_names_the_local_test_repository_tagged_by_arch()
    {
        Assert.That(BusyboxBases.ImageFor("arm32v7"), Is.EqualTo("cake-multiarch-test/busybox:arm32v7"));
    }

    [Test]
    public void ImageFor_an_unknown_arch_lists_the_known_ones()
    {
        var exception = Assert.Throws<ArgumentException>(() => BusyboxBases.ImageFor("sparc"));

        Assert.That(exception!.Message, Does.Contain("amd64, arm32v6, arm32v7, arm64v8"));
    }
}
