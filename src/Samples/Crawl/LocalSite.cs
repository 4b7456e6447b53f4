using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GreenRuntime.Samples.Crawl;

/// <summary>
/// A small web site on loopback for the crawler (there is no internet here): a few pages, each served after a delay,
/// by ordinary blocking code on threads of its own — a stand-in for the slow sites of the seed's list. It counts the
/// requests it serves at once, so the crawl can show that its pool bounds them.
/// </summary>
public sealed class LocalSite : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Thread _acceptor;
    private readonly TimeSpan _delay;
    private readonly Dictionary<string, string> _pages;
    private int _serving;
    private int _mostAtOnce;

    /// <summary>Starts serving <paramref name="pages"/> (path → HTML), each reply <paramref name="delay"/> after its request.</summary>
    public LocalSite(IReadOnlyDictionary<string, string> pages, TimeSpan delay)
    {
        _pages = new Dictionary<string, string>(pages);
        _delay = delay;
        _listener.Start(64);
        _acceptor = new Thread(Accept) { IsBackground = true, Name = "local site" };
        _acceptor.Start();
    }

    /// <summary>The site's address, <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseAddress => new($"http://{_listener.LocalEndpoint}");

    /// <summary>The largest number of requests the site was serving at the same time.</summary>
    public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

    private void Accept()
    {
        while (true)
        {
            Socket conn;
            try
            {
                conn = _listener.AcceptSocket();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;   // stopped
            }
            new Thread(() => Serve(conn)) { IsBackground = true, Name = "local site request" }.Start();
        }
    }

    private void Serve(Socket conn)
    {
        using (conn)
        using (var stream = new NetworkStream(conn))
        using (var reader = new StreamReader(stream, Encoding.ASCII))
        {
            try
            {
                // "GET /path HTTP/1.1", then headers up to an empty line.
                var requestLine = reader.ReadLine() ?? "";
                while (!string.IsNullOrEmpty(reader.ReadLine()))
                {
                }
                int now = Interlocked.Increment(ref _serving);
                int most;
                while (now > (most = Volatile.Read(ref _mostAtOnce)) && Interlocked.CompareExchange(ref _mostAtOnce, now, most) != most)
                {
                }
                Thread.Sleep(_delay);
                Interlocked.Decrement(ref _serving);
                var parts = requestLine.Split(' ');
                bool found = parts.Length > 1 && _pages.ContainsKey(parts[1]);
                var body = Encoding.UTF8.GetBytes(found ? _pages[parts[1]] : "<h1>Not found</h1>");
                var head = Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Type: text/html; charset=utf-8\r\n" +
                    $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                stream.Write(head);
                stream.Write(body);
            }
            catch (IOException)
            {
                // The client went away.
            }
        }
    }

    /// <summary>Stops accepting.</summary>
    public void Dispose() => _listener.Stop();
}
