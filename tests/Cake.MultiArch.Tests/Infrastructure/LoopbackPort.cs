using System.Net;
using System.Net.Sockets;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>A loopback port where nothing listens: the system hands out a free one, which is closed again at once.</summary>
public static class LoopbackPort
{
    /// <summary>A free port on 127.0.0.1.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A free port on 127.0.0.1, as an address: <c>127.0.0.1:PORT</c>.</summary>
    public static string FreeAddress() => $"127.0.0.1:{Free()}";
}
