using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// Forwards a port on this host's first non-loopback IPv4 address to a loopback port. The Docker daemon treats only
/// 127.0.0.0/8 as an insecure registry, so a plain-HTTP registry reached through this address is one the daemon
/// expects to speak HTTPS: the case of a user who forgot to declare an insecure registry.
/// </summary>
public sealed class TcpForwarder : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;

    private TcpForwarder(IPAddress address, int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The forwarded address as image names use it, such as <c>172.17.0.1:40123</c>.</summary>
    public string Host => $"{((IPEndPoint)_listener.LocalEndpoint).Address}:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Starts forwarding to <c>127.0.0.1:<paramref name="targetPort"/></c>.</summary>
    /// <param name="targetPort">The loopback port.</param>
    public static TcpForwarder To(int targetPort)
    {
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? throw new InvalidOperationException("This host has no non-loopback IPv4 address to forward from.");
        return new TcpForwarder(address, targetPort);
    }

    /// <summary>Stops listening; open connections end with it.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                _ = PipeAsync(client);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using (client)
        using (var target = new TcpClient())
        {
            try
            {
                await target.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token).ConfigureAwait(false);
                var a = client.GetStream();
                var b = target.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token)).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // One side closed.
            }
        }
    }
}
