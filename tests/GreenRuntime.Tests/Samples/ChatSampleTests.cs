using System.Net;
using System.Net.Sockets;
using GreenRuntime.Tests.Servers;

namespace GreenRuntime.Tests.Samples;

/// <summary>
/// The chat sample (<c>GreenSamples chat</c>): StreamReader/StreamWriter over NetworkStream in [Greenlet] handlers, on
/// one thread, with several clients connected at once — each client waits in ReadLine while the others talk.
/// </summary>
public class ChatSampleTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private sealed class ChatClient : IDisposable
    {
        private readonly Socket _socket;
        private readonly StreamReader _reader;
        private readonly StreamWriter _writer;

        public ChatClient(IPEndPoint server, string name)
        {
            Name = name;
            _socket = ChildProcess.Connect(server, Generous);
            var stream = new NetworkStream(_socket, ownsSocket: true);
            _reader = new StreamReader(stream);
            _writer = new StreamWriter(stream) { AutoFlush = true };
            Assert.Equal("Welcome! Your name?", Read());
            Say(name);
        }

        public string Name { get; }

        public void Say(string line) => _writer.WriteLine(line);

        public string? Read() => _reader.ReadLine();

        public void Dispose() => _reader.Dispose();
    }

    [Fact]
    public void Several_clients_chat_at_once_each_line_reaching_every_other_client()
    {
        using var child = ChildProcess.StartSamples(["chat", "--port", "0"]);
        var server = ChildProcess.EndpointIn(child.WaitForLine("chat server on ", Generous));
        var clients = new List<ChatClient>();
        try
        {
            // Each newcomer is announced to everyone already there: all of them are parked in ReadLine at once.
            foreach (var name in new[] { "ann", "bob", "cy", "dee" })
            {
                var client = new ChatClient(server, name);
                foreach (var earlier in clients)
                    Assert.Equal($"* {name} joined", earlier.Read());
                clients.Add(client);
            }

            foreach (var speaker in clients)
            {
                speaker.Say($"hello from {speaker.Name}");
                foreach (var listener in clients.Where(c => c != speaker))
                    Assert.Equal($"{speaker.Name}: hello from {speaker.Name}", listener.Read());
            }

            var leaving = clients[1];
            leaving.Dispose();
            clients.Remove(leaving);
            foreach (var client in clients)
                Assert.Equal("* bob left", client.Read());

            clients[0].Say("still here?");
            Assert.Equal("ann: still here?", clients[1].Read());
            Assert.Equal("ann: still here?", clients[2].Read());
        }
        finally
        {
            foreach (var client in clients)
                client.Dispose();
        }
        child.Signal(ChildProcess.SigTerm);
        Assert.Equal(0, child.WaitForExit(Generous));
    }
}
