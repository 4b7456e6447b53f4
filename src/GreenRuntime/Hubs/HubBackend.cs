namespace GreenRuntime;

/// <summary>How a hub waits for socket I/O.</summary>
public enum HubBackend
{
    /// <summary>Linux: the hub owns an edge-triggered epoll instance; sockets are non-blocking and never touch .NET's async engine.</summary>
    Epoll,

    /// <summary>Any OS: socket operations use .NET's async socket APIs and post their completions back to the hub.</summary>
    Portable,
}
