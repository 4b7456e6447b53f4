using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GreenRuntime.Tests.Monkey;

/// <summary>
/// A local HTTP server on its own thread (no internet here): answers every request with its path after a delay, or,
/// with <see cref="Hold"/>, never (until disposed).
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Thread _thread;
    private readonly int _delayMilliseconds;
    private readonly CancellationTokenSource _stop = new();

    public LocalHttpServer(int delayMilliseconds)
    {
        _delayMilliseconds = delayMilliseconds;
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";
        _thread = new Thread(Serve) { IsBackground = true, Name = "local-http-server" };
        _thread.Start();
    }

    /// <summary>The server's base URL.</summary>
    public string Url { get; }

    /// <summary>Never answer (a request then waits until the client gives up).</summary>
    public bool Hold { get; set; }

    private void Serve()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = _listener.AcceptTcpClient();
                _ = Task.Run(() => Answer(client));
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task Answer(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
                string? requestLine = await reader.ReadLineAsync(_stop.Token);
                while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
                {
                }
                if (Hold)
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                await Task.Delay(_delayMilliseconds, _stop.Token);
                string body = requestLine?.Split(' ')[1] ?? "?";
                var response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
                await stream.WriteAsync(response, _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _thread.Join();
    }
}
