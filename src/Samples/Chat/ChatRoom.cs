namespace GreenRuntime.Samples.Chat;

/// <summary>
/// The clients of a <see cref="ChatServer"/> and their outboxes. Only greenlets of the server's hub touch it, and
/// none suspends inside these methods (the outboxes are unbounded, so a put never waits), so it needs no lock. They
/// are <c>[Greenlet]</c> all the same: a put is a wait as far as the compiler can tell, and a greenlet can wait only
/// through <c>[Greenlet]</c> frames (GRN0029).
/// </summary>
public sealed partial class ChatRoom
{
    private readonly Dictionary<string, GreenQueue<string?>> _members = [];

    /// <summary>The names of the clients in the room, in no particular order.</summary>
    public IReadOnlyCollection<string> Members => _members.Keys;

    /// <summary>Adds a client and tells the others.</summary>
    [Greenlet]
    public void Join(string name, GreenQueue<string?> outbox)
    {
        Say(name, $"* {name} joined");
        _members[name] = outbox;
    }

    /// <summary>Removes a client and tells the others.</summary>
    [Greenlet]
    public void Leave(string name)
    {
        if (_members.Remove(name))
            Say(name, $"* {name} left");
    }

    /// <summary>Queues <paramref name="message"/> for every client but <paramref name="from"/> (never waits: the outboxes are unbounded).</summary>
    [Greenlet]
    public void Say(string from, string message)
    {
        foreach (var (name, outbox) in _members)
        {
            if (name != from)
                outbox.Put(message);
        }
    }
}
