using System.Runtime.InteropServices;

namespace GreenRuntime.Samples.Echo;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for the samples that run their own loop (StreamServer.ServeForever handles them by
/// itself): the first one runs an action on this thread's hub, so the sample can stop gracefully; a second one ends
/// the process at once, as it would without this.
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    /// <summary>Listens for the signals until disposed; <paramref name="onHub"/> runs inside this thread's hub, so it must not block.</summary>
    public StopSignal(Action onHub)
    {
        var hub = Green.Hub;
        _registrations = [Register(PosixSignal.SIGINT), Register(PosixSignal.SIGTERM)];

        PosixSignalRegistration Register(PosixSignal signal) => PosixSignalRegistration.Create(signal, context =>
        {
            if (Interlocked.Exchange(ref _received, 1) != 0)
                return;              // the second signal: let it end the process
            context.Cancel = true;
            hub.Post(onHub);         // this runs on a .NET signal thread; Hub.Post is the thread-safe way in
        });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
    }
}
