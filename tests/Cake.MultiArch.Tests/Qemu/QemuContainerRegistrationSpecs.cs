using Cake.MultiArch.Qemu;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Qemu;

/// <summary>
/// RegisterQemu's container method, the classic <c>docker run --rm --privileged IMAGE ARGS</c>, with a registering
/// image built here (Docker Hub's multiarch/qemu-user-static cannot be pulled on this machine): it mounts binfmt_misc
/// and registers qemu-s390x with the F flag, as that image's register script does. Where the daemon may not start
/// privileged containers (a nested or restricted runtime, as on the machines this project is tested on), the failure
/// must say so and name the host method; where it may, the handler must be registered.
/// </summary>
[NonParallelizable]
public sealed class QemuContainerRegistrationSpecs : IntegrationTest
{
    private const string Registrar = "cake-multiarch-test/binfmt-registrar:s390x";
    private const string Handler = "/proc/sys/fs/binfmt_misc/qemu-s390x";

    [OneTimeSetUp]
    public async Task BuildRegistrar()
    {
        var context = Directory.CreateTempSubdirectory("binfmt-registrar-").FullName;
        try
        {
            File.Copy(BusyboxBases.Amd64.BusyboxPath, Path.Combine(context, "busybox"));
            File.Copy("/usr/bin/qemu-s390x-static", Path.Combine(context, "qemu-s390x-static"));
            await File.WriteAllTextAsync(Path.Combine(context, "register"), """
                #!/bin/sh
                set -e
                [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
                if [ "$1" = "--reset" ] && [ -e /proc/sys/fs/binfmt_misc/qemu-s390x ]; then echo -1 > /proc/sys/fs/binfmt_misc/qemu-s390x; fi
                printf '%s' ':qemu-s390x:M::\x7f\x45\x4c\x46\x02\x02\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x16:\xff\xff\xff\xff\xff\xff\xff\xfc\xff\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff:/usr/bin/qemu-s390x-static:F' > /proc/sys/fs/binfmt_misc/register
                echo "registered qemu-s390x"
                """.Replace("\r", "", StringComparison.Ordinal));
            await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "--install", "-s", "/bin"]
                COPY qemu-s390x-static /usr/bin/qemu-s390x-static
                COPY register /register
                RUN chmod +x /register
                ENTRYPOINT ["/register"]
                """);
            await HostCommand.RunCheckedAsync("docker", ["build", "--platform", "linux/amd64", "--tag", Registrar, context]);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    [Test]
    public void The_container_method_runs_the_registering_image_privileged_and_reports_the_handler_or_why_it_could_not()
    {
        // Given no s390x handler on the host (no other test uses s390x)
        if (File.Exists(Handler))
        {
            File.WriteAllText(Handler, "-1");
        }

        // When
        var context = new TestCakeContext();
        IReadOnlyList<QemuRegistration> report;
        try
        {
            report = context.RegisterQemu(new RegisterQemuSettings
            {
                Architectures = { "s390x" },
                RegistrationMethod = QemuRegistrationMethod.Container,
                ContainerImage = Registrar,
                ContainerArguments = { "--reset" },
            });
        }
        catch (MultiArchException exception) when (exception.StandardErrorTail.Any(l => l.Contains("unable to apply caps", StringComparison.Ordinal)))
        {
            // Then, where privileged containers are refused, the message says why and what to do instead
            Assert.That(exception.CommandLine, Does.EndWith($"run --rm --privileged {Registrar} --reset"));
            Assert.That(exception.Message, Does.Contain("could not start a privileged container").And.Contain("QemuRegistrationMethod.Host"));
            return;
        }
        finally
        {
            // The machine's own handler comes back whatever happened.
            if (!File.Exists(Handler))
            {
                HostCommand.RunAsync("update-binfmts", ["--enable", "qemu-s390x"]).GetAwaiter().GetResult();
            }
        }

        // Then, where they are allowed, the host kernel has the handler the container registered, with the F flag
        var s390x = report.Single();
        Assert.That(s390x.Architecture, Is.EqualTo(CpuArchitecture.S390X));
        Assert.That(s390x.Action, Is.EqualTo(QemuAction.Registered));
        Assert.That(s390x.HasFixBinaryFlag, Is.True);
        Assert.That(s390x.CanRunForeignBinaries, Is.True);
        Assert.That(File.ReadAllText(Handler), Does.Contain("interpreter /usr/bin/qemu-s390x-static").And.Contain("flags: F"));
        Assert.That(context.Log.Lines, Has.Some.Contains("registered qemu-s390x"));
    }

    [Test]
    public void A_second_call_finds_the_handler_in_place_and_runs_no_container()
    {
        var first = new TestCakeContext();
        first.RegisterQemu(new RegisterQemuSettings { Architectures = { "s390x" }, RegistrationMethod = QemuRegistrationMethod.Container, ContainerImage = Registrar });

        var again = new TestCakeContext();
        var report = again.RegisterQemu(new RegisterQemuSettings { Architectures = { "s390x" }, RegistrationMethod = QemuRegistrationMethod.Container, ContainerImage = Registrar });

        Assert.That(report.Single().Action, Is.EqualTo(QemuAction.AlreadyRegistered));
        Assert.That(again.Log.Lines, Has.None.Contains("--privileged"));
    }
}
