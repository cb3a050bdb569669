using Cake.MultiArch.Qemu;
using Cake.MultiArch.Tests.Infrastructure;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Qemu;

/// <summary>
/// Base of the fixtures of RegisterQemu's container method: a registering image built once per fixture on its engine
/// (Docker Hub's multiarch/qemu-user-static cannot be pulled on this machine) that mounts binfmt_misc and registers
/// qemu-s390x with the F flag, as that image's register script does. s390x because no other test uses it, so its handler
/// can be taken away; the machine's own is given back after every spec.
/// </summary>
/// <param name="engine">The engine the registering container runs on.</param>
public abstract class S390xRegistrarFixture(Engine engine) : IntegrationTest(engine)
{
    /// <summary>The registering image's tag.</summary>
    protected const string Image = "cake-multiarch-test/binfmt-registrar:s390x";

    /// <summary>The host kernel's s390x handler.</summary>
    protected const string Handler = BinfmtHandlers.Directory + "/qemu-s390x";

    /// <summary>Builds the image on the fixture's engine.</summary>
    [OneTimeSetUp]
    public async Task BuildRegistrarAsync()
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
            await HostCommand.RunCheckedAsync("docker", ["build", "--platform", "linux/amd64", "--tag", Image, context]);
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    /// <summary>RegisterQemu's settings for s390x by the container method with this image.</summary>
    /// <param name="containerArguments">The arguments after the image.</param>
    protected static RegisterQemuSettings Settings(params string[] containerArguments)
    {
        var settings = new RegisterQemuSettings { Architectures = { "s390x" }, RegistrationMethod = QemuRegistrationMethod.Container, ContainerImage = Image };
        foreach (var argument in containerArguments)
        {
            settings.ContainerArguments.Add(argument);
        }

        return settings;
    }

    /// <summary>Takes the s390x handler out of the host kernel, so that RegisterQemu finds it missing.</summary>
    protected static void RemoveHandler()
    {
        if (File.Exists(Handler))
        {
            File.WriteAllText(Handler, "-1");
        }
    }

    /// <summary>Gives the machine its own s390x handler back (Debian's, through update-binfmts), whatever a spec registered.</summary>
    [TearDown]
    public void RestoreMachineHandler()
    {
        RemoveHandler();
        HostCommand.RunCheckedAsync("update-binfmts", ["--enable", "qemu-s390x"]).GetAwaiter().GetResult();
    }
}
