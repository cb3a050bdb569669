using Cake.MultiArch.Qemu;
using Cake.MultiArch.Tests.Infrastructure;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Qemu;

/// <summary>
/// RegisterQemu's container method where the daemon may start privileged containers, as dockerd 26 does here: the
/// classic <c>docker run --rm --privileged IMAGE ARGS</c> with a registering image built here (<see cref="S390xRegistrarFixture"/>)
/// registers the missing handler in the host kernel. Where the runtime refuses privileged containers:
/// <see cref="QemuContainerRefusalSpecs"/>.
/// </summary>
/// <param name="engine">The modern engine, whose runtime starts privileged containers.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
public sealed class QemuContainerRegistrationSpecs(Engine engine) : S390xRegistrarFixture(engine)
{
    [Test]
    public void A_privileged_container_registers_the_missing_handler_in_the_host_kernel_with_the_f_flag()
    {
        // Given no s390x handler on the host
        RemoveHandler();
        var context = new TestCakeContext();

        // When
        var report = context.RegisterQemu(Settings("--reset"));

        // Then the container ran privileged, and the host kernel has the handler it registered, with the F flag
        var s390x = report.Single();
        Assert.That(s390x.Architecture, Is.EqualTo(CpuArchitecture.S390X));
        Assert.That(s390x.Action, Is.EqualTo(QemuAction.Registered));
        Assert.That(s390x.HasFixBinaryFlag, Is.True);
        Assert.That(s390x.CanRunForeignBinaries, Is.True);
        Assert.That(File.ReadAllText(Handler), Does.Contain("interpreter /usr/bin/qemu-s390x-static").And.Contain("flags: F"));
        Assert.That(context.Log.Lines, Has.Some.Contains($"run --rm --privileged {Image} --reset"));
        Assert.That(context.Log.Lines, Has.Some.Contains("registered qemu-s390x"));
    }
}
