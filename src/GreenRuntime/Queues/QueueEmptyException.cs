namespace GreenRuntime;

/// <summary>
/// Thrown by a queue's <c>Get</c> (and <c>Peek</c>) when no item came: called with <c>block: false</c> on an empty queue,
/// or its timeout passed first (gevent's <c>queue.Empty</c>).
/// </summary>
public sealed class QueueEmptyException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public QueueEmptyException()
        : base("The queue is empty.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public QueueEmptyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the exception that caused it.</summary>
    public QueueEmptyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
