using NUnit.Framework;

namespace Cake.MultiArch.Tests.Architectures;

public sealed class ArchitectureSpecs
{
    private static IEnumerable<CpuArchitecture> All => CpuArchitecture.All;

    [TestCase("amd64", "amd64")]
    [TestCase("i386", "i386")]
    [TestCase("arm32v5", "arm32v5")]
    [TestCase("arm32v6", "arm32v6")]
    [TestCase("arm32v7", "arm32v7")]
    [TestCase("arm64v8", "arm64v8")]
    [TestCase("ppc64le", "ppc64le")]
    [TestCase("s390x", "s390x")]
    [TestCase("riscv64", "riscv64")]
    [TestCase("mips64le", "mips64le")]
    public void Parse_accepts_docker_library_names(string value, string expected)
    {
        Assert.That(CpuArchitecture.Parse(value).Name, Is.EqualTo(expected));
    }

    [TestCase("linux/amd64", "amd64")]
    [TestCase("linux/386", "i386")]
    [TestCase("linux/arm/v5", "arm32v5")]
    [TestCase("linux/arm/v6", "arm32v6")]
    [TestCase("linux/arm/v7", "arm32v7")]
    [TestCase("linux/arm64", "arm64v8")]
    [TestCase("linux/arm64/v8", "arm64v8")]
    [TestCase("linux/ppc64le", "ppc64le")]
    [TestCase("linux/s390x", "s390x")]
    public void Parse_accepts_oci_platforms(string value, string expected)
    {
        Assert.That(CpuArchitecture.Parse(value).Name, Is.EqualTo(expected));
    }

    [TestCase("x86_64", "amd64")]
    [TestCase("i686", "i386")]
    [TestCase("armv5tel", "arm32v5")]
    [TestCase("armv6l", "arm32v6")]
    [TestCase("armv7l", "arm32v7")]
    [TestCase("aarch64", "arm64v8")]
    [TestCase("armv8l", "arm64v8")]
    public void Parse_accepts_kernel_names(string value, string expected)
    {
        Assert.That(CpuArchitecture.Parse(value).Name, Is.EqualTo(expected));
    }

    [TestCase("armel", "arm32v5")]
    [TestCase("armhf", "arm32v7")]
    [TestCase("arm64", "arm64v8")]
    [TestCase("ppc64el", "ppc64le")]
    [TestCase("mips64el", "mips64le")]
    public void Parse_accepts_debian_names(string value, string expected)
    {
        Assert.That(CpuArchitecture.Parse(value).Name, Is.EqualTo(expected));
    }

    [TestCase("armv6", "arm32v6")]
    [TestCase("armv7", "arm32v7")]
    [TestCase("x64", "amd64")]
    [TestCase("x86", "i386")]
    public void Parse_accepts_common_short_names(string value, string expected)
    {
        Assert.That(CpuArchitecture.Parse(value).Name, Is.EqualTo(expected));
    }

    [TestCase("arm")]
    [TestCase("linux/arm")]
    public void Parse_takes_plain_arm_as_v7_like_docker_does(string value)
    {
        Assert.That(CpuArchitecture.Parse(value), Is.SameAs(CpuArchitecture.Arm32V7));
    }

    [TestCase("ARM64V8")]
    [TestCase("Linux/ARM64")]
    [TestCase("  aarch64  ")]
    public void Parse_ignores_case_and_surrounding_blanks(string value)
    {
        Assert.That(CpuArchitecture.Parse(value), Is.SameAs(CpuArchitecture.Arm64V8));
    }

    [TestCaseSource(nameof(All))]
    public void Parse_round_trips_every_name_and_platform(CpuArchitecture architecture)
    {
        Assert.That(CpuArchitecture.Parse(architecture.Name), Is.SameAs(architecture));
        Assert.That(CpuArchitecture.Parse(architecture.Platform), Is.SameAs(architecture));
    }

    [Test]
    public void Parse_of_an_unknown_name_lists_every_known_name()
    {
        // When an unknown architecture is parsed
        var exception = Assert.Throws<MultiArchException>(() => CpuArchitecture.Parse("sparc64"));

        // Then the message names the culprit and every architecture that would have worked
        Assert.That(exception!.Message, Does.Contain("'sparc64'"));
        foreach (var architecture in CpuArchitecture.All)
        {
            Assert.That(exception.Message, Does.Contain(architecture.Name));
        }

        Assert.That(exception.Message, Does.Contain("linux/arm/v7"));
        Assert.That(exception.ExitCode, Is.Null, "no process was involved");
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Parse_of_an_empty_name_says_it_is_empty(string value)
    {
        var exception = Assert.Throws<MultiArchException>(() => CpuArchitecture.Parse(value));

        Assert.That(exception!.Message, Does.Contain("an empty name"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("sparc64")]
    public void TryParse_returns_false_for_unknown_names(string? value)
    {
        Assert.That(CpuArchitecture.TryParse(value, out var architecture), Is.False);
        Assert.That(architecture, Is.Null);
    }

    [Test]
    public void Arm64v8_is_oci_arm64_variant_v8_on_platform_linux_arm64()
    {
        var architecture = CpuArchitecture.Parse("arm64v8");

        Assert.That(architecture.Os, Is.EqualTo("linux"));
        Assert.That(architecture.OciArchitecture, Is.EqualTo("arm64"));
        Assert.That(architecture.Variant, Is.EqualTo("v8"));
        Assert.That(architecture.Platform, Is.EqualTo("linux/arm64"), "docker's canonical form leaves arm64's only variant out");
        Assert.That(architecture.QemuName, Is.EqualTo("aarch64"));
        Assert.That(architecture.QemuStaticBinary, Is.EqualTo("qemu-aarch64-static"));
    }

    [TestCase("arm32v5", "arm", "v5", "linux/arm/v5")]
    [TestCase("arm32v6", "arm", "v6", "linux/arm/v6")]
    [TestCase("arm32v7", "arm", "v7", "linux/arm/v7")]
    public void Arm32_architectures_carry_their_variant_in_the_platform(string name, string oci, string variant, string platform)
    {
        var architecture = CpuArchitecture.Parse(name);

        Assert.That(architecture.OciArchitecture, Is.EqualTo(oci));
        Assert.That(architecture.Variant, Is.EqualTo(variant));
        Assert.That(architecture.Platform, Is.EqualTo(platform));
        Assert.That(architecture.QemuStaticBinary, Is.EqualTo("qemu-arm-static"));
    }

    [Test]
    public void Amd64_has_no_variant()
    {
        Assert.That(CpuArchitecture.Amd64.Variant, Is.Null);
        Assert.That(CpuArchitecture.Amd64.Platform, Is.EqualTo("linux/amd64"));
        Assert.That(CpuArchitecture.Amd64.QemuName, Is.EqualTo("x86_64"));
    }

    [Test]
    public void ParseList_splits_on_commas_semicolons_and_blanks()
    {
        // Given the Makefile's ARCHS, written loosely
        var list = CpuArchitecture.ParseList(" amd64,arm32v6; armhf  aarch64 ,");

        // Then every entry parses, in order
        Assert.That(list, Is.EqualTo(new[] { CpuArchitecture.Amd64, CpuArchitecture.Arm32V6, CpuArchitecture.Arm32V7, CpuArchitecture.Arm64V8 }));
    }

    [Test]
    public void ParseList_fails_on_the_first_unknown_entry()
    {
        var exception = Assert.Throws<MultiArchException>(() => CpuArchitecture.ParseList("amd64,sparc64"));

        Assert.That(exception!.Message, Does.Contain("'sparc64'"));
    }

    [Test]
    public void A_string_converts_implicitly_so_scripts_can_write_names()
    {
        CpuArchitecture architecture = "linux/arm/v7";

        Assert.That(architecture, Is.SameAs(CpuArchitecture.Arm32V7));
    }

    [Test]
    public void Architectures_are_equal_by_identity_and_print_their_name()
    {
        Assert.That(CpuArchitecture.Parse("armhf") == CpuArchitecture.Parse("arm32v7"), Is.True);
        Assert.That(CpuArchitecture.Parse("armhf") != CpuArchitecture.Arm32V6, Is.True);
        Assert.That(CpuArchitecture.Arm32V7.Equals((object)CpuArchitecture.Parse("armv7l")), Is.True);
        Assert.That(CpuArchitecture.Arm32V7.ToString(), Is.EqualTo("arm32v7"));
    }

    [Test]
    public void All_lists_every_architecture_once_in_docker_library_order()
    {
        Assert.That(CpuArchitecture.All.Select(a => a.Name), Is.EqualTo(new[]
        {
            "amd64", "i386", "arm32v5", "arm32v6", "arm32v7", "arm64v8", "ppc64le", "s390x", "riscv64", "mips64le",
        }));
    }
}
