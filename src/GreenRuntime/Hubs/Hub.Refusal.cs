using System.Diagnostics;
using System.Reflection;
using GreenRuntime.CompilerServices;
using GreenRuntime.Hubs;

namespace GreenRuntime;

// Refusing a wait where nothing can wait: code the hub loop is running that is not a [Greenlet] twin — an ordinary
// method between two [Greenlet] methods, a plain delegate body, a link callback, a posted action.
public sealed partial class Hub
{
    /// <summary>
    /// Throws if the caller is code the hub loop is running, where a blocking call cannot wait. The blocking APIs ask
    /// before they start their wait, so nothing needs undoing.
    /// </summary>
    [StackTraceHidden]
    internal void EnsureCanBlock(string what)
    {
        CheckThread(this);
        if (_dispatching)
            throw new InvalidOperationException(DescribeRefusal(what, callee: null));
    }

    /// <summary>
    /// A direct call of a [Greenlet] method (its twin's task <paramref name="pending"/>) from ordinary code the hub loop is
    /// running: the twin has already run up to its first wait and parked or queued the current greenlet there. Undoes
    /// that, so the hub is exactly as it was before the call: the wait is taken back and the abandoned call unwinds at
    /// once (its leaf wait throws the refusal, its <c>finally</c> blocks run). Returns the refusal to throw.
    /// </summary>
    private InvalidOperationException RefuseSuspendedCall(GreenTaskSource pending)
    {
        var greenlet = CurrentGreenlet;
        string callee = UserMethodNames.StateMachineOf(pending) is { } stateMachine
            ? $"[Greenlet] method '{UserMethodNames.OfStateMachine(stateMachine)}'"
            : "A [Greenlet] method";
        var refusal = new InvalidOperationException(DescribeRefusal(callee, callee));
        var resumption = TakeBackWait(greenlet, out bool canUnwind);
        if (resumption is not null && canUnwind)
        {
            greenlet.AddInterruption(refusal);
            try
            {
                resumption.Resume();
            }
            finally
            {
                greenlet.RemoveInterruption(refusal);
                CurrentGreenlet = greenlet;
            }
            // It caught the refusal and waited again: that wait is dropped too (the call is abandoned either way).
            if (!pending.IsCompleted)
                TakeBackWait(greenlet, out _);
        }
        return refusal;
    }

    /// <summary>
    /// Takes the running greenlet out of the wait it just entered (parked, or queued by a yield) without running it;
    /// returns the continuation it would have resumed. <paramref name="canUnwind"/> is false for a wait on a foreign
    /// awaiter, which cannot be abandoned: its late completion is ignored, and the call is dropped without unwinding.
    /// </summary>
    private IResumable? TakeBackWait(Greenlet greenlet, out bool canUnwind)
    {
        canUnwind = true;
        var resumption = greenlet.Resumption as IResumable;
        if ((greenlet.Flags & Greenlet.FlagParked) != 0)
        {
            if (greenlet.WaitingOn is ExternalWake ticket)
            {
                canUnwind = ticket.Interruptible;
                if (!ticket.Abandoned)
                    AbandonExternal(ticket);
            }
            // Unparked but not queued: the leaf's GetResult, run by the unwinding, leaves its wait list (event waiters,
            // join observers, a socket's waiter slot) because it sees the interruption.
            if ((greenlet.Flags & Greenlet.FlagHasTimer) != 0)
                _timers.Live--;
            greenlet.Flags &= ~(Greenlet.FlagParked | Greenlet.FlagHasTimer | Greenlet.FlagTimedOut);
            greenlet.WaitingOn = null;
        }
        else
        {
            _runQueue.Remove(greenlet);
        }
        greenlet.Resumption = null;
        return resumption;
    }

    /// <summary>What was refused and what to do, naming the ordinary frames and the [Greenlet] method that called them.</summary>
    private string DescribeRefusal(string what, string? callee)
    {
        var current = CurrentGreenlet;
        string verb = callee is null ? "was made from" : "was called from";
        if (current == _callbackContext)
        {
            return $"{what} {verb} a callback running inside the hub loop (a link or a Hub.Post action), where nothing " +
                "can wait. Spawn a greenlet to do the waiting instead (Green.Spawn).";
        }
        var (ordinary, greenCaller) = FramesBetweenGreenletMethods();
        string who = current == Root ? "ordinary code's call of a [Greenlet] method" : $"greenlet '{current.Name}'";
        if (ordinary.Count == 0)
        {
            return $"{what} {verb} {who} in code that is not itself a [Greenlet] method, so it cannot suspend and would block " +
                "the hub. Mark the calling method [Greenlet] (in a partial type) so the call becomes a suspension point, or spawn " +
                "a greenlet for it.";
        }
        string frames = string.Join("', called from '", ordinary);
        string caller = greenCaller is null ? "" : $", called from [Greenlet] method '{greenCaller}'";
        // A lambda or local function cannot be marked: its body can move into a [Greenlet] method.
        var anonymous = ordinary.Where(IsAnonymous).ToList();
        var named = ordinary.Where(o => !IsAnonymous(o)).ToList();
        string mark = string.Join(", and ", new[]
        {
            named.Count == 0 ? null : $"Mark '{string.Join("', '", named)}' [Greenlet]",
            anonymous.Count == 0 ? null : $"move the body of '{string.Join("', '", anonymous)}' into a [Greenlet] method",
        }.Where(part => part is not null));
        mark = char.ToUpperInvariant(mark[0]) + mark[1..];
        return $"{what} {verb} '{frames}', an ordinary (non-[Greenlet]) method{caller}, in {who}: a greenlet can suspend only " +
            $"through [Greenlet] methods, so the call cannot wait here and would block the hub. {mark} (in a partial type) so " +
            "the call becomes a suspension point, or spawn a greenlet for it (Green.Spawn). The call was abandoned; the hub is " +
            "as it was before it.";
    }

    /// <summary>
    /// Walks the stack up from the refused call: the user's ordinary frames (nearest first), up to the [Greenlet] method
    /// whose twin called them, if there is one. Runtime frames, generated interceptors and .NET's own frames are skipped.
    /// </summary>
    private static (List<string> Ordinary, string? GreenCaller) FramesBetweenGreenletMethods()
    {
        var ordinary = new List<string>();
        var runtime = typeof(Hub).Assembly;
        foreach (var frame in new StackTrace(fNeedFileInfo: false).GetFrames())
        {
            if (frame.GetMethod() is not MethodBase method || method.DeclaringType is not { } type)
                continue;
            if (UserMethodNames.IsGreenStateMachine(type) && type.Assembly != runtime)
                return (ordinary, UserMethodNames.Of(method));
            if (type.Assembly == runtime)
            {
                // Below the user's frames: the runtime that dispatched them (a greenlet's start, a callback).
                if (ordinary.Count > 0)
                    break;
                continue;
            }
            if (typeof(IAsyncStateMachine).IsAssignableFrom(type))
                break; // ordinary async code: no [Greenlet] caller above
            if (type.Namespace == "GreenRuntime.Generated" || IsDotNets(type.Assembly))
                continue;
            ordinary.Add(UserMethodNames.Of(method));
        }
        return (ordinary, null);
    }

    private static bool IsAnonymous(string frame) =>
        frame.StartsWith("a lambda in ", StringComparison.Ordinal) || frame.StartsWith("local function ", StringComparison.Ordinal);

    private static bool IsDotNets(Assembly assembly) =>
        assembly.GetName().Name is { } name
        && (name == "System" || name.StartsWith("System.", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.", StringComparison.Ordinal) || name == "mscorlib");
}
