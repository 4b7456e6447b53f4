using GreenRuntime.Generators.Tests.TestHelpers;
using GreenRuntime.Generators.Twins;

namespace GreenRuntime.Generators.Tests.Patches;

/// <summary>
/// How calls of the three shaped patches are rewritten (docs/internals.md, "Suspension points", rule 3): out/ref
/// parameters through <c>Unpack</c>, span receives in two phases, connecting constructors. Every generated file
/// compiles and emits with no diagnostic.
/// </summary>
public class PatchRewriteTests
{
    private const string Marker = "default(global::GreenRuntime.CompilerServices.GreenSuspend)";
    private const string OutPatches = "global::GreenRuntime.Monkey.SocketOutPatches";
    private const string SpanPatches = "global::GreenRuntime.Monkey.SocketSpanPatches";
    private const string GreenTask = "global::GreenRuntime.CompilerServices.GreenTask";

    [Fact]
    public void Out_argument_moves_to_unpack_after_the_await()
    {
        var twin = Twin("""
            int n = socket.Receive(buffer, 0, buffer.Length, SocketFlags.None, out SocketError error);
            return error == SocketError.Success ? n : -1;
            """);
        Assert.Contains(
            $"int n = (await {OutPatches}.Receive(socket, {Marker}, buffer, 0, buffer.Length, SocketFlags.None)).Unpack(out SocketError error);",
            twin);
    }

    [Fact]
    public void Named_out_argument_is_passed_to_unpack_by_position_and_other_names_are_kept()
    {
        var twin = Twin("""
            int n = socket.Receive(errorCode: out var error, socketFlags: SocketFlags.None, size: 4, offset: 0, buffer: buffer);
            return n + (int)error;
            """);
        Assert.Contains(
            $"int n = (await {OutPatches}.Receive(socket, {Marker}, socketFlags: SocketFlags.None, size: 4, offset: 0, buffer: buffer)).Unpack(out var error);",
            twin);
    }

    [Fact]
    public void Out_discard_and_out_into_an_existing_variable_and_a_field()
    {
        var twin = Twin("""
            SocketError error;
            int a = socket.Send(buffer, 0, 1, SocketFlags.None, out _);
            int b = socket.Send(buffer, 0, 1, SocketFlags.None, out error);
            int c = socket.Send(buffer, 0, 1, SocketFlags.None, out s_last);
            return a + b + c + (int)error;
            """);
        Assert.Contains($"int a = (await {OutPatches}.Send(socket, {Marker}, buffer, 0, 1, SocketFlags.None)).Unpack(out _);", twin);
        Assert.Contains($"int b = (await {OutPatches}.Send(socket, {Marker}, buffer, 0, 1, SocketFlags.None)).Unpack(out error);", twin);
        Assert.Contains($"int c = (await {OutPatches}.Send(socket, {Marker}, buffer, 0, 1, SocketFlags.None)).Unpack(out s_last);", twin);
    }

    [Fact]
    public void Unpacked_call_over_several_lines_keeps_the_line_count()
    {
        var twin = Twin("""
            int n = socket.Receive(
                buffer,
                0,
                buffer.Length,
                SocketFlags.None,
                out SocketError error);
            EndPoint remote = new IPEndPoint(IPAddress.Any, 0);
            n += socket.ReceiveFrom(
                buffer,
                ref remote);
            return error == SocketError.Success ? n : -1;
            """);
        var start = System.Text.RegularExpressions.Regex.Match(twin, @"#line \d+ ").Index;
        var body = twin[start..twin.IndexOf("#line default", StringComparison.Ordinal)];
        Assert.Equal(14, body.Count(c => c == '\n'));
        Assert.Contains("    SocketFlags.None)).Unpack(\n    out SocketError error);", body.Replace("\r\n", "\n"));
        Assert.Contains("    remote)).Unpack(ref remote);", body.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Ref_argument_goes_in_by_value_and_comes_back_through_unpack()
    {
        var twin = Twin("""
            EndPoint remote = new IPEndPoint(IPAddress.Any, 0);
            int n = socket.ReceiveFrom(buffer, ref remote);
            return n + remote.ToString()!.Length;
            """);
        Assert.Contains($"int n = (await {OutPatches}.ReceiveFrom(socket, {Marker}, buffer, remote)).Unpack(ref remote);", twin);
    }

    [Fact]
    public void Unpacked_call_inside_an_expression_keeps_its_place()
    {
        var twin = Twin("""
            return Math.Max(socket.Receive(buffer, 0, 2, SocketFlags.None, out var first), 0) + (int)first;
            """);
        Assert.Contains($"return Math.Max((await {OutPatches}.Receive(socket, {Marker}, buffer, 0, 2, SocketFlags.None)).Unpack(out var first), 0) + (int)first;", twin);
    }

    [Fact]
    public void Ref_argument_with_a_side_effect_is_left_blocking()
    {
        var twin = Twin("""
            var remotes = new EndPoint[] { new IPEndPoint(IPAddress.Any, 0) };
            int i = 0;
            return socket.ReceiveFrom(buffer, ref remotes[i++]) + socket.ReceiveFrom(buffer, ref remotes[i]);
            """);
        Assert.Contains("return socket.ReceiveFrom(buffer, ref remotes[i++]) + ", twin);
        Assert.Contains($"(await {OutPatches}.ReceiveFrom(socket, {Marker}, buffer, remotes[i])).Unpack(ref remotes[i])", twin);
    }

    [Fact]
    public void Ref_local_passed_to_an_unpacked_ref_parameter_is_left_blocking()
    {
        var twin = Twin("""
            var remotes = new EndPoint[] { new IPEndPoint(IPAddress.Any, 0) };
            ref EndPoint remote = ref remotes[0];
            return socket.ReceiveFrom(buffer, ref remote);
            """);
        // Nothing left to suspend: the twin calls the method, where the call blocks as written.
        Assert.Contains($"return {GreenTask}.FromResult<int>(Run(socket, buffer));", twin);
    }

    [Fact]
    public void Span_receive_waits_first_and_completes_with_the_span_evaluated_after_the_wait()
    {
        var twin = Twin("""
            int n = socket.Receive(buffer.AsSpan(1, 2));
            n += socket.Receive(buffer.AsSpan(), SocketFlags.Peek);
            n += socket.Receive(buffer.AsSpan(), SocketFlags.None, out var error);
            return n + (int)error;
            """);
        Assert.Contains($"int n = {SpanPatches}.Receive(await {SpanPatches}.ReceiveReady(socket, {Marker}), buffer.AsSpan(1, 2));", twin);
        Assert.Contains($"n += {SpanPatches}.Receive(await {SpanPatches}.ReceiveReady(socket, {Marker}), buffer.AsSpan(), SocketFlags.Peek);", twin);
        Assert.Contains($"n += {SpanPatches}.Receive(await {SpanPatches}.ReceiveReady(socket, {Marker}), buffer.AsSpan(), SocketFlags.None, out var error);", twin);
    }

    [Fact]
    public void Span_receive_from_keeps_its_ref_argument_in_the_synchronous_completion()
    {
        var twin = Twin("""
            EndPoint remote = new IPEndPoint(IPAddress.Any, 0);
            return socket.ReceiveFrom(buffer.AsSpan(), SocketFlags.None, ref remote);
            """);
        Assert.Contains($"return {SpanPatches}.ReceiveFrom(await {SpanPatches}.ReceiveReady(socket, {Marker}), buffer.AsSpan(), SocketFlags.None, ref remote);", twin);
    }

    [Fact]
    public void Span_local_read_by_the_completion_is_live_across_the_wait_so_the_receive_stays_blocking()
    {
        var twin = Twin("""
            Span<byte> span = buffer.AsSpan();
            int n = socket.Receive(span);
            Span<byte> dead = buffer.AsSpan();
            dead[0] = 1;
            return n + socket.Receive(buffer.AsSpan(0, 1));
            """);
        Assert.Contains("int n = socket.Receive(span);", twin);
        Assert.Contains($"return n + {SpanPatches}.Receive(await {SpanPatches}.ReceiveReady(socket, {Marker}), buffer.AsSpan(0, 1));", twin);
    }

    [Fact]
    public void Suspension_point_inside_a_two_phase_argument_is_awaited_after_the_readiness_wait()
    {
        var twin = Twin("""
            return socket.Receive(buffer.AsSpan(0, Length(buffer)));
            """);
        Assert.Contains(
            $"return {SpanPatches}.Receive(await {SpanPatches}.ReceiveReady(socket, {Marker}), buffer.AsSpan(0, await Length__GreenTwin({Marker}, buffer)));",
            twin);
    }

    [Fact]
    public void Span_send_is_a_plain_patch_that_takes_the_span_before_the_await()
    {
        var twin = Twin("""
            ReadOnlySpan<byte> span = buffer;
            int n = socket.Send(span);
            n += socket.Send(buffer.AsSpan(0, 1), SocketFlags.None);
            n += socket.Send(buffer.AsSpan(), SocketFlags.None, out var error);
            return n + (int)error;
            """);
        Assert.Contains($"int n = await {SpanPatches}.Send(socket, {Marker}, span);", twin);
        Assert.Contains($"n += await {SpanPatches}.Send(socket, {Marker}, buffer.AsSpan(0, 1), SocketFlags.None);", twin);
        Assert.Contains($"n += (await {OutPatches}.Send(socket, {Marker}, buffer.AsSpan(), SocketFlags.None)).Unpack(out var error);", twin);
    }

    [Fact]
    public void Span_receive_after_a_span_argument_of_the_same_call_stays_blocking()
    {
        var twin = Twin("""
            return Sum(buffer.AsSpan(), socket.Receive(buffer.AsSpan(0, 1)));
            """);
        Assert.Contains($"return {GreenTask}.FromResult<int>(Run(socket, buffer));", twin);
    }

    [Fact]
    public void Network_stream_span_read_is_two_phase_and_span_write_is_plain()
    {
        var twin = Twin("""
            using var stream = new NetworkStream(socket);
            stream.Write(buffer.AsSpan(0, 1));
            return stream.Read(buffer.AsSpan());
            """);
        Assert.Contains($"await global::GreenRuntime.Monkey.NetworkStreamSpanPatches.Write(stream, {Marker}, buffer.AsSpan(0, 1));", twin);
        Assert.Contains(
            $"return global::GreenRuntime.Monkey.NetworkStreamSpanPatches.Read(await global::GreenRuntime.Monkey.NetworkStreamSpanPatches.ReadReady(stream, {Marker}), buffer.AsSpan());",
            twin);
    }

    [Fact]
    public void Shaped_patches_inside_a_lock_or_a_lambda_are_left_alone()
    {
        var twin = Twin("""
            lock (buffer)
            {
                socket.Receive(buffer.AsSpan());
            }
            Func<int> later = () => socket.Receive(buffer, 0, 1, SocketFlags.None, out _);
            return later();
            """);
        Assert.DoesNotContain("await", twin);
    }

    [Fact]
    public void Connecting_constructor_becomes_an_await_of_its_patch()
    {
        const string Create = "global::GreenRuntime.Monkey.TcpClientConstructionPatches.Create";
        var twin = Twin("""
            using var first = new TcpClient("localhost", 80);
            TcpClient second = new("localhost", port: 81);
            var stream = new TcpClient("localhost", 82).GetStream();
            var idle = new TcpClient();
            var bound = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0));
            var configured = new TcpClient("localhost", 83) { NoDelay = true };
            Func<TcpClient> later = () => new TcpClient("localhost", 84);
            return first.Available + second.Available + stream.ReadByte() + idle.Available + bound.Available + configured.Available + later().Available;
            """);
        Assert.Contains($"using var first = await {Create}({Marker}, \"localhost\", 80);", twin);
        Assert.Contains($"TcpClient second = await {Create}({Marker}, \"localhost\", port: 81);", twin);
        Assert.Contains($"var stream = await global::GreenRuntime.Monkey.TcpPatches.GetStream((await {Create}({Marker}, \"localhost\", 82)), {Marker});", twin);
        Assert.Contains("var idle = new TcpClient();", twin);
        Assert.Contains("var bound = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0));", twin);
        Assert.Contains("var configured = new TcpClient(\"localhost\", 83) { NoDelay = true };", twin);
        Assert.Contains("Func<TcpClient> later = () => new TcpClient(\"localhost\", 84);", twin);
    }

    [Fact]
    public void NetworkStream_constructors_and_GetStream_become_awaits_of_the_stream_patches()
    {
        const string Create = "global::GreenRuntime.Monkey.NetworkStreamConstructionPatches.Create";
        var twin = Twin("""
            var plain = new NetworkStream(socket);
            NetworkStream owning = new(socket, ownsSocket: true);
            var readOnly = new NetworkStream(socket, System.IO.FileAccess.Read);
            var both = new NetworkStream(socket, System.IO.FileAccess.Write, true);
            var client = new TcpClient();
            var fromClient = client.GetStream();
            return plain.ReadByte() + owning.ReadByte() + readOnly.ReadByte() + both.ReadByte() + fromClient.ReadByte();
            """);
        Assert.Contains($"var plain = await {Create}({Marker}, socket);", twin);
        Assert.Contains($"NetworkStream owning = await {Create}({Marker}, socket, ownsSocket: true);", twin);
        Assert.Contains($"var readOnly = await {Create}({Marker}, socket, System.IO.FileAccess.Read);", twin);
        Assert.Contains($"var both = await {Create}({Marker}, socket, System.IO.FileAccess.Write, true);", twin);
        Assert.Contains($"var fromClient = await global::GreenRuntime.Monkey.TcpPatches.GetStream(client, {Marker});", twin);
    }

    private static string Twin(string body)
    {
        var source = $$"""
            using System;
            using System.Net;
            using System.Net.Sockets;
            using GreenRuntime;

            public static partial class Client
            {
                public static SocketError s_last;

                private static int Sum(ReadOnlySpan<byte> bytes, int more) => bytes.Length + more;

                [Greenlet]
                private static int Length(byte[] buffer)
                {
                    Green.Sleep(0);
                    return buffer.Length;
                }

                [Greenlet]
                public static int Run(Socket socket, byte[] buffer)
                {
            {{body}}
                }
            }
            """;
        var run = GeneratorRunner.RunOnce(new TwinGenerator(), TestCompilation.Create(source));
        TestCompilation.AssertNoDiagnostics(run.Output);
        return run.Source("Client.Run.g.cs");
    }
}
