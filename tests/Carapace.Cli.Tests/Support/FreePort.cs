using System.Net;
using System.Net.Sockets;

namespace Carapace.Cli.Tests.Support;

/// <summary>A loopback port nothing listens on right now, for tests of "no gateway running" and --port.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
