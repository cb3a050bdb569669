using Cake.MultiArch.Qemu;
using Cake.MultiArch.Tests.Infrastructure;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Qemu;

/// <summary>
/// RegisterQemu's container method where the runtime refuses privileged containers (a nested or restricted runtime):
/// dockerd 20.10 on this project's test host is one, its runc answering "unable to apply caps". The failure must say
/// why and name the host method; and a handler already in place needs no container at all. Where privileged containers
/// are allowed: <see cref="QemuContainerRegistrationSpecs"/>.
/// </summary>
/// <param name="engine">The legacy engine, whose runtime on this host refuses privileged containers.</param>
[NonParallelizable]
[TestFixture(Engine.Legacy)]
public sealed class QemuContainerRefusalSpecs(Engine engine) : S390xRegistrarFixture(engine)
{
    [Test]
    public void A_runtime_that_refuses_privileged_containers_fails_the_registration_with_the_reason_and_the_host_method()
    {
        // Given no s390x handler on the host, and dockerd 20.10, whose runtime here refuses privileged containers
        RemoveHandler();
        var context = new TestCakeContext();

        // When
        var exception = Assert.Throws<MultiArchException>(
            () => context.RegisterQemu(Settings("--reset")),
            "dockerd 20.10 on the test host refuses privileged containers (runc: unable to apply caps); see docs/testing.md");

        // Then the refusal is the runtime's, and the message says why and what to do instead
        Assert.That(exception!.StandardErrorTail, Has.Some.Contains("unable to apply caps"), "the runtime's refusal of a privileged container");
        Assert.That(exception.CommandLine, Does.EndWith($"run --rm --privileged {Image} --reset"));
        Assert.That(exception.Message, Does.Contain("could not start a privileged container").And.Contain("QemuRegistrationMethod.Host"));
    }

    [Test]
    public void A_second_call_finds_the_handler_in_place_and_runs_no_container()
    {
        // Given the machine's own s390x handler (a container here could not run: it would throw)
        var first = new TestCakeContext();
        first.RegisterQemu(Settings());

        // When
        var again = new TestCakeContext();
        var report = again.RegisterQemu(Settings());

        // Then
        Assert.That(report.Single().Action, Is.EqualTo(QemuAction.AlreadyRegistered));
        Assert.That(again.Log.Lines, Has.None.Contains("--privileged"));
    }
}
