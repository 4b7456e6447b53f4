using System.Collections;
using System.ComponentModel;
using System.Runtime.ExceptionServices;
using GreenRuntime.CompilerServices;
using GreenRuntime.Waiting;

namespace GreenRuntime;

/// <summary>
/// A set of running greenlets that can be waited for and killed together (gevent's <c>gevent.pool.Group</c>): a
/// greenlet leaves the group when it finishes. <see cref="GreenPool"/> is a group with a bound.
/// </summary>
/// <remarks>
/// <para>
/// <c>Spawn</c> starts a greenlet in the group; <see cref="Map{T, R}(Func{T, R}, IEnumerable{T})"/>,
/// <see cref="IMap{T, R}(Func{T, R}, IEnumerable{T})"/>, <see cref="IMapUnordered{T, R}(Func{T, R}, IEnumerable{T})"/>
/// and <see cref="Apply{R}(Func{R})"/> run a function in greenlets of the group. The maps run their items on worker
/// greenlets of the group — at most a pool's size of them, each taking the next item once it finished one, and giving
/// its slot to a spawner that waits for one — so inside an item <see cref="Green.Current"/> is the worker (the same
/// greenlet for many items); each item still starts with fresh <see cref="GreenLocal{T}"/> values, and a failed item is
/// reported to <see cref="Hub.ErrorHandler"/> with its worker. Enumerating the group gives its members at that moment.
/// </para>
/// <para>
/// A group belongs to the hub of the thread that created it; use it, and add greenlets of that hub, only from that
/// thread (<see cref="InvalidOperationException"/> otherwise).
/// </para>
/// </remarks>
public partial class GreenGroup : IReadOnlyCollection<Greenlet>, IGreenletObserver
{
    private protected readonly Hub _hub = Hub.Current;

    // Insertion order is kept (a HashSet reuses the slots of removed members): Kill and Join(raiseError) go through the
    // members in the order they joined.
    // A member's entry may name who else to tell when it finishes (a map's run): the group is then the greenlet's only
    // observer, and the greenlet needs no observer queue of its own.
    private readonly Dictionary<Greenlet, Membership> _members = [];
    private long _joined;

    // Join and Kill wait here; woken whenever at most one member is left (the one left may be the waiter itself).
    private readonly WaiterQueue _emptied = new();

    // The exception the last Kill with one throws into the members (a map's worker tells it from its item's own failure).
    private Exception? _killedWith;

    /// <summary>Creates an empty group on this thread's hub.</summary>
    public GreenGroup()
    {
    }

    /// <summary>The hub the group belongs to.</summary>
    internal Hub Hub => _hub;

    /// <summary>How many greenlets are in the group now.</summary>
    public int Count => _members.Count;

    /// <summary>Whether <paramref name="greenlet"/> is in the group (it has not finished and was not discarded).</summary>
    /// <param name="greenlet">The greenlet to look for.</param>
    public bool Contains(Greenlet greenlet)
    {
        ArgumentNullException.ThrowIfNull(greenlet);
        _hub.CheckThread(this);
        return _members.ContainsKey(greenlet);
    }

    /// <summary>
    /// Adds <paramref name="greenlet"/> (started or not) to the group until it finishes; a finished greenlet, or one
    /// already in the group, is not added again. A <see cref="GreenPool"/> that is full waits for a free slot first,
    /// running the hub meanwhile.
    /// </summary>
    /// <param name="greenlet">A greenlet of this thread's hub.</param>
    public void Add(Greenlet greenlet)
    {
        CheckMember(greenlet);
        if (!greenlet.Dead && !_members.ContainsKey(greenlet) && !HasFreeSlot)
            _hub.EnsureCanBlock($"{GetType().Name}.Add");
        _hub.Block(Admit(greenlet, start: false));
    }

    /// <summary>The resumable twin of <see cref="Add(Greenlet)"/>, used by generated code.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="greenlet">A greenlet of this thread's hub.</param>
    /// <returns>A task that completes once the greenlet is in the group.</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public GreenTask Add(GreenSuspend suspend, Greenlet greenlet)
    {
        CheckMember(greenlet);
        return Admit(greenlet, start: false);
    }

    /// <summary>
    /// Removes <paramref name="greenlet"/> from the group without touching it (it goes on running); in a
    /// <see cref="GreenPool"/> its slot is free again. Does nothing if it is not in the group.
    /// </summary>
    /// <param name="greenlet">The greenlet to remove.</param>
    public void Discard(Greenlet greenlet)
    {
        ArgumentNullException.ThrowIfNull(greenlet);
        _hub.CheckThread(this);
        if (!_members.ContainsKey(greenlet))
            return;
        greenlet.RemoveObserver(this);
        Leave(greenlet);
    }

    /// <summary>The members at this moment, in the order they joined (a copy: members may finish while you go through it).</summary>
    public IEnumerator<Greenlet> GetEnumerator()
    {
        _hub.CheckThread(this);
        return ((IEnumerable<Greenlet>)Members()).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name} ({Count} greenlets)";

    // ---- joining and killing -------------------------------------------------------------------

    /// <summary>
    /// Waits until the group is empty — every member finished, also those added meanwhile — or
    /// <paramref name="timeout"/> passed, running the hub meanwhile (gevent's <c>Group.join</c>). A member joining its own
    /// group waits for the others. Returns whether the group is empty.
    /// </summary>
    /// <param name="timeout">How long to wait; null: as long as it takes.</param>
    /// <param name="raiseError">
    /// After the wait, rethrow the exception of the first greenlet (in the order they joined) that was a member when the
    /// join began and has failed.
    /// </param>
    /// <returns>True if the group is empty (but for the caller).</returns>
    public bool Join(TimeSpan? timeout = null, bool raiseError = false)
    {
        _hub.CheckThread(this);
        if (IsEmptyBut(_hub.CurrentGreenlet) && !raiseError)
            return true;
        _hub.EnsureCanBlock($"{GetType().Name}.Join");
        return _hub.Block(Join(default(GreenSuspend), timeout, raiseError));
    }

    /// <summary>The resumable twin of <see cref="Join(TimeSpan?, bool)"/>, used by generated code.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="raiseError">Rethrow the first failure among the members.</param>
    /// <returns>True if the group is empty (but for the caller).</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask<bool> Join(GreenSuspend suspend, TimeSpan? timeout = null, bool raiseError = false)
    {
        _hub.CheckThread(this);
        long deadline = Hub.DeadlineAfter(timeout);
        var members = raiseError ? Members() : null;
        await WaitUntilEmpty(deadline);
        if (members is not null)
        {
            foreach (var member in members)
            {
                if (member.Exception is { } failure)
                    ExceptionDispatchInfo.Throw(failure);
            }
        }
        return IsEmptyBut(_hub.CurrentGreenlet);
    }

    /// <summary>
    /// Kills every member with <see cref="GreenletExit"/> (or <paramref name="exception"/>) at its current or next
    /// suspension point, so its <c>finally</c> blocks run; with <paramref name="block"/>, waits up to
    /// <paramref name="timeout"/> until the group is empty, killing greenlets added meanwhile too (gevent's
    /// <c>Group.kill</c>). A member killing its own group is not killed.
    /// </summary>
    /// <param name="exception">What to throw into each member (the same instance into every one); null: a new <see cref="GreenletExit"/> each.</param>
    /// <param name="block">Wait for the members to die.</param>
    /// <param name="timeout">How long to wait; null: as long as it takes.</param>
    public void Kill(Exception? exception = null, bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        if (block && !IsEmptyBut(_hub.CurrentGreenlet) && Members().Any(m => m.Started))
            _hub.EnsureCanBlock($"{GetType().Name}.Kill");
        _hub.Block(Kill(default(GreenSuspend), exception, block, timeout));
    }

    /// <summary>The resumable twin of <see cref="Kill(Exception?, bool, TimeSpan?)"/>, used by generated code.</summary>
    /// <param name="suspend">Selects the twin overload.</param>
    /// <param name="exception">What to throw into each member.</param>
    /// <param name="block">Wait for the members to die.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>A task that completes once the members are dead (or at once without <paramref name="block"/>).</returns>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public async GreenTask Kill(GreenSuspend suspend, Exception? exception = null, bool block = true, TimeSpan? timeout = null)
    {
        _hub.CheckThread(this);
        long deadline = Hub.DeadlineAfter(timeout);
        var current = _hub.CurrentGreenlet;
        if (exception is not null)
            _killedWith = exception;
        var dying = new HashSet<Greenlet>();
        while (true)
        {
            foreach (var member in Members())
            {
                if (member != current && dying.Add(member))
                    member.BeginKill(exception ?? new GreenletExit());
            }
            if (!block || IsEmptyBut(current) || Hub.DeadlinePassed(deadline))
                return;
            await new SignalAwaitable(_hub, _emptied, this, deadline);
            Hub.ThrowIfInterrupted(current);
        }
    }

    private async GreenTask WaitUntilEmpty(long deadline)
    {
        var current = _hub.CurrentGreenlet;
        while (!IsEmptyBut(current) && !Hub.DeadlinePassed(deadline))
        {
            await new SignalAwaitable(_hub, _emptied, this, deadline);
            Hub.ThrowIfInterrupted(current);
        }
    }

    private bool IsEmptyBut(Greenlet current) =>
        _members.Count == 0 || (_members.Count == 1 && _members.ContainsKey(current));

    // ---- membership --------------------------------------------------------------------------

    /// <summary>Whether a greenlet can join now without waiting (a pool with a free slot and no one waiting for it).</summary>
    private protected virtual bool HasFreeSlot => true;

    /// <summary>Whether a spawner waits for a slot (a full pool); a group never makes one wait.</summary>
    private protected virtual bool SpawnersWaiting => false;

    /// <summary>Waits for a slot and takes it (a pool); a group never waits.</summary>
    private protected virtual GreenTask WaitForSlot() => GreenTask.CompletedTask;

    /// <summary>A member left: its slot is free (a pool offers it to the next waiter).</summary>
    private protected virtual void OnMemberLeft()
    {
    }

    /// <summary>
    /// The one way into the group (Spawn, Add, Map's items): waits for a slot if the group is a full pool, then adds the
    /// greenlet and, for a spawn, starts it. A spawn whose wait is interrupted kills its greenlet, which never runs.
    /// </summary>
    private protected GreenTask<TGreenlet> Admit<TGreenlet>(TGreenlet greenlet, bool start, IGreenletObserver? alsoTell = null)
        where TGreenlet : Greenlet
    {
        if (greenlet.Dead || _members.ContainsKey(greenlet) || HasFreeSlot)
        {
            Enter(greenlet, start, alsoTell);
            return GreenTask.FromResult(greenlet);
        }
        return AdmitWhenFree(greenlet, start, alsoTell);
    }

    private async GreenTask<TGreenlet> AdmitWhenFree<TGreenlet>(TGreenlet greenlet, bool start, IGreenletObserver? alsoTell)
        where TGreenlet : Greenlet
    {
        try
        {
            await WaitForSlot();
        }
        catch when (start)
        {
            greenlet.BeginKill(new GreenletExit());
            throw;
        }
        Enter(greenlet, start, alsoTell);
        return greenlet;
    }

    private void Enter(Greenlet greenlet, bool start, IGreenletObserver? alsoTell)
    {
        bool added = !greenlet.Dead && _members.TryAdd(greenlet, new Membership(_joined, alsoTell));
        if (added)
        {
            _joined++;
            greenlet.AddObserver(this);
        }
        if (start)
            _hub.Schedule(greenlet);
        if (!added)
            OnMemberLeft(); // a slot waited for but not taken (the greenlet finished meanwhile) goes to the next waiter
    }

    private void CheckMember(Greenlet greenlet)
    {
        ArgumentNullException.ThrowIfNull(greenlet);
        _hub.CheckThread(this);
        if (!ReferenceEquals(greenlet.Hub, _hub))
            throw new InvalidOperationException($"{greenlet} belongs to another thread's hub than {this}: a group holds greenlets of its own hub.");
    }

    /// <summary>Checks the thread of a spawn; a greenlet made on another thread's hub is killed (it would never run).</summary>
    private protected void CheckSpawn(Greenlet greenlet)
    {
        if (ReferenceEquals(greenlet.Hub, _hub) && _hub.IsOwnerThread)
            return;
        greenlet.BeginKill(new GreenletExit());
        _hub.CheckThread(this);
    }

    private IGreenletObserver? Leave(Greenlet greenlet)
    {
        if (!_members.Remove(greenlet, out var membership))
            return null;
        OnMemberLeft();
        if (_members.Count <= 1)
            _emptied.WakeAll(_hub, this);
        return membership.AlsoTell;
    }

    void IGreenletObserver.OnFinished(Greenlet greenlet) => Leave(greenlet)?.OnFinished(greenlet);

    private Greenlet[] Members()
    {
        var members = new Greenlet[_members.Count];
        _members.Keys.CopyTo(members, 0);
        if (members.Length > 1)
        {
            var order = new long[members.Length];
            for (int i = 0; i < members.Length; i++)
                order[i] = _members[members[i]].Order;
            Array.Sort(order, members);
        }
        return members;
    }

    /// <summary>A member's place in the join order, and who else to tell when it finishes.</summary>
    private readonly record struct Membership(long Order, IGreenletObserver? AlsoTell);
}
