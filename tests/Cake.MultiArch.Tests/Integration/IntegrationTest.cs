using Cake.MultiArch.Tests.Infrastructure;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Integration;

/// <summary>
/// Base of every fixture that needs the real host: a Docker daemon, QEMU's binfmt handlers and the busybox bases.
/// A missing piece fails the fixture with the fix (run <c>.ci/prepare-host</c>); nothing is ever skipped.
/// Unit tests do not derive from it and run without docker.
/// </summary>
[Category("Integration")]
public abstract class IntegrationTest
{
    /// <summary>Checks the daemon and QEMU, and builds the busybox bases that are missing; cheap after the first fixture.</summary>
    [OneTimeSetUp]
    public async Task EnsureHostAsync()
    {
        await DockerDaemon.EnsureAnsweringAsync();
        BinfmtHandlers.EnsureRegistered();
        await BusyboxBases.EnsureAsync();
    }
}
