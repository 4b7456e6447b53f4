namespace GreenRuntime;

/// <summary>
/// Thrown by a queue's <c>Put</c> when the item found no room: called with <c>block: false</c> on a full queue (or a
/// channel no getter waits on), or its timeout passed first (gevent's <c>queue.Full</c>).
/// </summary>
public sealed class QueueFullException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public QueueFullException()
        : base("The queue is full.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public QueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public QueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
