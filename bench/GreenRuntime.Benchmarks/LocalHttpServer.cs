using System.Net;
using System.Net.Sockets;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// A minimal keep-alive HTTP/1.1 server on the thread pool (no internet here): every GET gets the same short 200
/// response. Just enough for a client benchmark; it parses nothing but the end of each request's headers.
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private static readonly byte[] s_response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"u8.ToArray();

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public LocalHttpServer()
    {
        _listener.Start(1024);
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        _ = AcceptLoop();
    }

    /// <summary>The URL to GET.</summary>
    public string Url { get; }

    private async Task AcceptLoop()
    {
        try
        {
            while (true)
                _ = Serve(await _listener.AcceptSocketAsync(_stop.Token));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task Serve(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[4096];
            int matched = 0;
            try
            {
                while (true)
                {
                    int n = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (n == 0)
                        return;
                    for (int i = 0; i < n; i++)
                    {
                        // Count through "\r\n\r\n": each one ends a request.
                        byte b = buffer[i];
                        matched = b == (matched % 2 == 0 ? (byte)'\r' : (byte)'\n') ? matched + 1 : b == '\r' ? 1 : 0;
                        if (matched == 4)
                        {
                            matched = 0;
                            await socket.SendAsync(s_response, SocketFlags.None, _stop.Token);
                        }
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
