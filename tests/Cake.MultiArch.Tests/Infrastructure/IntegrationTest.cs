using NUnit.Framework;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// Base of every fixture that needs the real host: a Docker daemon, QEMU's binfmt handlers and the busybox bases.
/// A fixture runs against one <see cref="Infrastructure.Engine"/>, given as its parameter
/// (<c>[TestFixture(Engine.Modern)]</c> and <c>[TestFixture(Engine.Legacy)]</c> for both); one without a parameter runs
/// on the legacy engine. A missing piece fails the fixture with the fix (run <c>.ci/prepare-host</c>); nothing is
/// ever skipped. Unit tests do not derive from it and run without docker.
/// </summary>
/// <param name="engine">The engine this fixture's docker calls, and the add-in's, go to.</param>
[Category("Integration")]
public abstract class IntegrationTest(Engine engine = Engine.Legacy)
{
    private TestEngine? _engine;

    /// <summary>The engine this fixture runs against.</summary>
    protected TestEngine CurrentEngine => _engine ?? throw new InvalidOperationException("The engine is selected in OneTimeSetUp.");

    /// <summary>Selects the engine, checks it and QEMU, and builds the busybox bases missing on it.</summary>
    [OneTimeSetUp]
    public async Task EnsureHostAsync()
    {
        _engine = TestEngine.Use(engine);
        await DockerDaemon.EnsureAnsweringAsync();
        BinfmtHandlers.EnsureRegistered();
        await BusyboxBases.EnsureAsync();
    }

    /// <summary>Gives the process its own docker variables back.</summary>
    [OneTimeTearDown]
    public void RestoreEngine() => _engine?.Dispose();
}
