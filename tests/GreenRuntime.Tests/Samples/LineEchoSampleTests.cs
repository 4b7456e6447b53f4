using System.Net.Sockets;
using GreenRuntime.Tests.Servers;

namespace GreenRuntime.Tests.Samples;

/// <summary>The line mode of the echo sample (<c>GreenSamples serve --lines</c>), the line echo benchmark's server.</summary>
public class LineEchoSampleTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("serve --lines")]
    [InlineData("serve --lines --stream-server")]
    public void Serve_lines_echoes_each_line_upper_cased_with_its_newline(string command)
    {
        using var child = ChildProcess.StartSamples([.. command.Split(' '), "--port", "0"]);
        var endpoint = ChildProcess.EndpointIn(child.WaitForLine("echo server on ", Generous));
        using var socket = ChildProcess.Connect(endpoint, Generous);
        using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream);
        using var writer = new StreamWriter(stream) { AutoFlush = true };

        writer.Write("first line\nsecond ");
        Assert.Equal("FIRST LINE", reader.ReadLine());
        writer.Write("half\r\n");
        Assert.Equal("SECOND HALF", reader.ReadLine());
        socket.Shutdown(SocketShutdown.Send);
        Assert.Null(reader.ReadLine());

        child.Signal(ChildProcess.SigTerm);
        Assert.Equal(0, child.WaitForExit(Generous));
    }
}
