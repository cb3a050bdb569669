
namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>An integration fixture with a real registry of its own on 127.0.0.1, started once for the fixture.</summary>
/// <param name="engine">The engine the fixture runs against.</param>
public abstract class RegistryIntegrationTest(Engine engine = Engine.Legacy) : IntegrationTest(engine)
{
    /// <summary>The fixture's registry.</summary>
    protected TestRegistry Registry { get; private set; } = null!;

    /// <summary>Starts the registry (after the host checks of <see cref="IntegrationTest"/>).</summary>
    [OneTimeSetUp]
    public async Task StartRegistryAsync() => Registry = await TestRegistry.StartAsync();

    /// <summary>Stops the registry and removes its storage.</summary>
    [OneTimeTearDown]
    public async Task StopRegistryAsync() => await Registry.DisposeAsync();
}
