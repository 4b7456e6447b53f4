using System.Runtime.InteropServices;

namespace GreenRuntime;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM while a server serves: the first one cancels the process's default end and posts
/// <c>onFirstSignal</c> to the server's hub; a second one is left to its default action, so it ends the process
/// the usual way.
/// </summary>
/// <remarks>
/// .NET runs <see cref="PosixSignalRegistration"/> handlers on a thread of its own: <see cref="Hub.Post"/> is how
/// they reach the hub. A signal this platform cannot register is skipped.
/// </remarks>
internal sealed class StopSignals : IDisposable
{
    private readonly Hub _hub;
    private readonly Action _onFirstSignal;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signalled;

    public StopSignals(Hub hub, Action onFirstSignal)
    {
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

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
    }
}
