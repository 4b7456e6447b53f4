using GreenRuntime.Generators.Tests.TestHelpers;
using GreenRuntime.Generators.Twins;

namespace GreenRuntime.Generators.Tests.Patches;

/// <summary>The generated twin text for one method of each shaped patch, pinned in <c>Golden/Patches/</c>.</summary>
public class PatchGoldenTests
{
    [Fact]
    public void Out_and_ref_arguments_come_back_through_unpack()
    {
        const string source = """
            using System.Net;
            using System.Net.Sockets;
            using GreenRuntime;

            namespace Demo;

            public static partial class Datagrams
            {
                [Greenlet]
                public static int Relay(Socket inbound, Socket outbound, byte[] buffer)
                {
                    EndPoint sender = new IPEndPoint(IPAddress.Any, 0);
                    int n = inbound.ReceiveFrom(buffer, ref sender);
                    outbound.Send(buffer, 0, n, SocketFlags.None, out SocketError error);
                    return error == SocketError.Success ? n : -1;
                }
            }
            """;
        AssertGolden(source, "Demo.Datagrams.Relay.g.cs");
    }

    [Fact]
    public void Span_receive_waits_for_readiness_then_completes_with_the_span()
    {
        const string source = """
            using System;
            using System.Net.Sockets;
            using GreenRuntime;

            namespace Demo;

            public static partial class Framing
            {
                [Greenlet]
                public static int ReadExactly(Socket socket, byte[] frame)
                {
                    int got = 0;
                    while (got < frame.Length)
                    {
                        int n = socket.Receive(frame.AsSpan(got), SocketFlags.None);
                        if (n == 0)
                            break;
                        got += n;
                    }
                    return got;
                }
            }
            """;
        AssertGolden(source, "Demo.Framing.ReadExactly.g.cs");
    }

    [Fact]
    public void Connecting_constructor_becomes_an_awaited_factory()
    {
        const string source = """
            using System.Net.Sockets;
            using GreenRuntime;

            namespace Demo;

            public static partial class Dialer
            {
                [Greenlet]
                public static int Probe(string host, int port)
                {
                    using var client = new TcpClient(host, port);
                    return client.Connected ? 1 : 0;
                }
            }
            """;
        AssertGolden(source, "Demo.Dialer.Probe.g.cs");
    }

    private static void AssertGolden(string source, string hintName)
    {
        var run = GeneratorRunner.RunOnce(new TwinGenerator(), TestCompilation.Create(source));
        TestCompilation.AssertNoDiagnostics(run.Output);
        Golden.AssertMatches(run.Source(hintName), Path.Combine("Patches", hintName));
    }
}
