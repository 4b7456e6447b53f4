using static GreenRuntime.Generators.Tests.Diagnostics.DiagnosticVerifier;

namespace GreenRuntime.Generators.Tests.Patches;

/// <summary>
/// The analyzer and the generator agree on shaped patches: a call the generator must leave blocking because the
/// shape reads an argument after the wait is reported (GRN0008), and the calls it rewrites build with no diagnostic.
/// </summary>
public class PatchDiagnosticsTests
{
    [Fact]
    public async Task GRN0008_for_a_span_local_that_a_two_phase_receive_reads_after_its_wait()
    {
        var build = await VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using GreenRuntime;

            public static partial class Reader
            {
                [Greenlet]
                public static int Run(Socket socket, byte[] buffer)
                {
                    Span<byte> window = buffer.AsSpan(4);
                    return [|socket.Receive(window)|] + socket.Receive(buffer.AsSpan(4));
                }
            }
            """, "GRN0008");
        var diagnostic = build.Green.Single();
        Assert.Contains("'window'", diagnostic.GetMessage());
    }

    [Fact]
    public async Task GRN0008_for_a_ref_local_that_an_unpacked_ref_argument_writes_after_the_await()
    {
        var build = await VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;
            using GreenRuntime;

            public static partial class Reader
            {
                [Greenlet]
                public static int Run(Socket socket, byte[] buffer, EndPoint[] senders)
                {
                    ref EndPoint sender = ref senders[0];
                    return [|socket.ReceiveFrom(buffer, ref sender)|] + socket.ReceiveFrom(buffer, ref senders[0]);
                }
            }
            """, "GRN0008");
        Assert.Contains("'sender'", build.Green.Single().GetMessage());
    }

    [Fact]
    public async Task Rewritten_shaped_calls_build_without_diagnostics()
    {
        await VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;
            using GreenRuntime;

            public static partial class Client
            {
                [Greenlet]
                public static int Run(string host, int port, byte[] buffer)
                {
                    using var client = new TcpClient(host, port);
                    var socket = client.Client;
                    ReadOnlySpan<byte> hello = "hello"u8;
                    socket.Send(hello);
                    int n = socket.Receive(buffer, 0, buffer.Length, SocketFlags.None, out var error);
                    n += socket.Receive(buffer.AsSpan(n), SocketFlags.None, out error);
                    EndPoint sender = new IPEndPoint(IPAddress.Any, 0);
                    n += socket.ReceiveFrom(buffer, ref sender);
                    var stream = client.GetStream();
                    stream.Write(buffer.AsSpan(0, n));
                    return stream.Read(buffer.AsSpan()) + (int)error;
                }
            }
            """, "GRN0008");
    }
}
