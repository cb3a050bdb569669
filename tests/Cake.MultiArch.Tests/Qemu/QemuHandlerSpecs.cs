using Cake.MultiArch.Qemu;

namespace Cake.MultiArch.Tests.Qemu;

[TestFixture]
public class QemuHandlerSpecs
{
    private const string DebianArmHandler =
        "enabled\ninterpreter /usr/libexec/qemu-binfmt/arm-binfmt-P\nflags: PF\noffset 0\nmagic 7f454c4601010100000000000000000002002800\nmask ffffffffffffff00fffffffffffffffffeffffff\n";

    [Test]
    public void Parse_reads_what_the_kernel_reports()
    {
        var handler = QemuHandler.Parse("qemu-arm", DebianArmHandler);

        Assert.That(handler, Is.EqualTo(new QemuHandler(
            "qemu-arm", true, "/usr/libexec/qemu-binfmt/arm-binfmt-P", "PF",
            "7f454c4601010100000000000000000002002800", "ffffffffffffff00fffffffffffffffffeffffff")));
        Assert.That(handler!.FixBinary, Is.True);
    }

    [Test]
    public void A_disabled_handler_without_flags_has_no_fix_binary()
    {
        var handler = QemuHandler.Parse("qemu-aarch64", "disabled\ninterpreter /usr/bin/qemu-aarch64-static\nflags: \noffset 0\nmagic 7f454c46\nmask ffffffff\n");

        Assert.That(handler!.Enabled, Is.False);
        Assert.That(handler.FixBinary, Is.False);
    }

    [Test]
    public void Parse_ignores_extension_based_handlers()
    {
        Assert.That(QemuHandler.Parse("jar", "enabled\ninterpreter /usr/bin/jexec\nflags: \nextension .jar\n"), Is.Null);
    }

    [Test]
    public void Registration_line_escapes_magic_and_mask_and_sets_the_flags()
    {
        var line = BinfmtSignatures.RegistrationLine("qemu-aarch64", "aarch64", "/usr/bin/qemu-aarch64-static", "F");

        Assert.That(line, Is.EqualTo(
            @":qemu-aarch64:M::\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:" +
            @"\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-aarch64-static:F"));
    }

    [Test]
    public void Every_foreign_architecture_has_a_signature()
    {
        Assert.That(() => CpuArchitecture.All.Select(a => BinfmtSignatures.For(a.QemuName)).ToList(), Throws.Nothing);
    }

    [Test]
    public void Handlers_are_found_by_name_or_else_by_magic()
    {
        // Given a handler registered under another tool's name
        var directory = Directory.CreateTempSubdirectory("binfmt-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "register"), "");
            File.WriteAllText(Path.Combine(directory, "status"), "enabled");
            File.WriteAllText(Path.Combine(directory, "arm-by-other-tool"), DebianArmHandler);

            // When
            var binfmt = new BinfmtMisc(directory);

            // Then
            Assert.That(binfmt.FindFor(CpuArchitecture.Arm32V6)?.Name, Is.EqualTo("arm-by-other-tool"));
            Assert.That(binfmt.FindFor(CpuArchitecture.Arm64V8), Is.Null);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Test]
    public void An_unmounted_binfmt_misc_has_no_handlers()
    {
        var binfmt = new BinfmtMisc("/nonexistent/binfmt_misc");

        Assert.That(binfmt.IsMounted, Is.False);
        Assert.That(binfmt.ReadAll(), Is.Empty);
    }

    [Test]
    public void Registration_report_says_whether_binaries_can_run_and_whether_images_need_qemu()
    {
        var withF = new QemuRegistration(CpuArchitecture.Arm32V7, false, QemuHandler.Parse("qemu-arm", DebianArmHandler), QemuAction.Registered);
        var none = new QemuRegistration(CpuArchitecture.Arm64V8, false, null, QemuAction.AlreadyRegistered);
        var native = new QemuRegistration(CpuArchitecture.Amd64, true, null, QemuAction.Native);

        Assert.Multiple(() =>
        {
            Assert.That(withF.CanRunForeignBinaries, Is.True);
            Assert.That(withF.HasFixBinaryFlag, Is.True);
            Assert.That(withF.ToString(), Is.EqualTo("arm32v7: registered, qemu-arm (flags PF), can run"));
            Assert.That(none.CanRunForeignBinaries, Is.False);
            Assert.That(none.ToString(), Is.EqualTo("arm64v8: already registered, no handler, cannot run"));
            Assert.That(native.CanRunForeignBinaries, Is.True);
            Assert.That(native.ToString(), Is.EqualTo("amd64: native"));
        });
    }
}
