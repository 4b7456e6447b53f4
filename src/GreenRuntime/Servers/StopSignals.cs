using System.Runtime.InteropServices;

namespace GreenRuntime;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM, until disposed: the first one cancels the process's default end and posts
/// <c>onFirstSignal</c> to a hub, so a server or a program's own loop can stop gracefully; a second one is left to its
/// default action, so it ends the process the usual way (gevent's <c>signal_handler</c> for the stop signals).
/// <see cref="StreamServer.ServeForever()"/> uses it by itself (<see cref="StreamServer.StopOnSignals"/>); a program
/// with its own accept loop uses it directly: <c>using (new StopSignals(() =&gt; server.Kill(block: false))) server.Join();</c>.
/// </summary>
/// <remarks>
/// .NET runs <see cref="PosixSignalRegistration"/> handlers on a thread of its own: <see cref="Hub.Post"/> is how
/// they reach the hub, so <c>onFirstSignal</c> runs inside the hub loop and must not block. A signal this platform
/// cannot register is skipped.
/// </remarks>
public sealed class StopSignals : IDisposable
{
    private readonly Hub _hub;
    private readonly Action _onFirstSignal;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signalled;

    /// <summary>Listens for the stop signals; the first one runs <paramref name="onFirstSignal"/> inside this thread's hub.</summary>
    public StopSignals(Action onFirstSignal)
        : this(Hub.Current, onFirstSignal)
    {
    }

    internal StopSignals(Hub hub, Action onFirstSignal)
    {
        ArgumentNullException.ThrowIfNull(onFirstSignal);
        _hub = hub;
        _onFirstSignal = onFirstSignal;
        foreach (var signal in (ReadOnlySpan<PosixSignal>)[PosixSignal.SIGINT, PosixSignal.SIGTERM])
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // No such signal here (a browser, a mobile platform): nothing to stop on.
            }
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Exchange(ref _signalled, 1) != 0)
            return; // a second signal: the default action
        context.Cancel = true;
        _hub.Post(_onFirstSignal);
    }

    /// <summary>Stops listening: the signals have their default action again.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
    }
}
