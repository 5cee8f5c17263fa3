using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OnCall.Module.Tests.Infrastructure;

/// <summary>
/// A loopback address that refuses connections: a socket bound to a port the system chose and never listening, held
/// until disposed so that no other test can start a server there in the meantime.
/// </summary>
public sealed class ClosedPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        BaseUri = "http://127.0.0.1:" + ((IPEndPoint)_socket.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture) + "/";
    }

    public string BaseUri { get; }

    public void Dispose() => _socket.Dispose();
}
