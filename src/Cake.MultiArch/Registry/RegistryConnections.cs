namespace Cake.MultiArch.Registry;

/// <summary>
/// A scope (a pipeline run) in which each registry is reached once: the first caller connects (credentials, scheme,
/// the check that it answers), every later caller, also on other threads, gets the same client and its open
/// connections. A failed connection is not kept, so the next caller tries again. Ending the scope closes the clients.
/// </summary>
internal sealed class RegistryConnections : IDisposable
{
    private static readonly AsyncLocal<RegistryConnections?> Ambient = new();

    private readonly SharedOnce<RegistryAccess.Target, RegistryClient> _clients = new();
    private readonly RegistryConnections? _outer;

    private RegistryConnections(RegistryConnections? outer) => _outer = outer;

    /// <summary>The scope the current code runs in, or <see langword="null"/> (then every connection is the caller's own).</summary>
    public static RegistryConnections? Current => Ambient.Value;

    /// <summary>Opens a scope for the current code and the tasks it starts; dispose it to end the scope.</summary>
    public static RegistryConnections Open()
    {
        var scope = new RegistryConnections(Ambient.Value);
        Ambient.Value = scope;
        return scope;
    }

    /// <summary>The scope's client for a registry, connecting it the first time.</summary>
    /// <param name="target">The registry and how to reach it.</param>
    /// <param name="connect">Connects a new client.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public Task<RegistryClient> GetAsync(RegistryAccess.Target target, Func<CancellationToken, Task<RegistryClient>> connect, CancellationToken cancellationToken) =>
        _clients.GetAsync(
            target,
            async () =>
            {
                var client = await connect(cancellationToken).ConfigureAwait(false);
                client.Shared = true;
                return client;
            },
            cancellationToken);

    /// <inheritdoc/>
    public void Dispose()
    {
        Ambient.Value = _outer;
        foreach (var client in _clients.TakeAll())
        {
            client.DisposeShared();
        }
    }
}
