using GreenRuntime.Hubs;

namespace GreenRuntime.CompilerServices;

/// <summary>
/// Awaits something that is not hub-driven (a <see cref="Task"/>, say) from a twin: the greenlet parks,
/// and the completion — on whatever thread it happens — is posted back to the hub that owns it.
/// </summary>
internal static class ForeignAwait
{
    public static void OnCompleted<TAwaiter>(ref TAwaiter awaiter, IResumable box)
        where TAwaiter : INotifyCompletion
    {
        var hub = Hub.Current;
        var greenlet = hub.CurrentGreenlet;
        var ticket = hub.ParkExternal(greenlet, box, "an awaited operation on another thread", interruptible: false);
        Action wake = ticket.Post;
        if (awaiter is ICriticalNotifyCompletion critical)
            critical.UnsafeOnCompleted(wake);
        else
            awaiter.OnCompleted(wake);
    }
}
