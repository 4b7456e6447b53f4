using System.Net.Http;

namespace GreenRuntime.Tests.Monkey;

/// <summary>An <see cref="HttpClient"/> handler that passes requests on and keeps the token each was sent with.</summary>
internal sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    /// <summary>Set when the token of a request was cancelled.</summary>
    public ManualResetEventSlim Cancelled { get; } = new();

    /// <summary>Set when a request was sent.</summary>
    public ManualResetEventSlim Sent { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.Register(Cancelled.Set);
        Sent.Set();
        return base.SendAsync(request, cancellationToken);
    }
}
