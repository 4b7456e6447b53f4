namespace GreenRuntime.Futures;

/// <summary>
/// An executor can no longer run work (Python's <c>BrokenExecutor</c>): its pending futures fail with it, and it
/// refuses new work with it. It is an <see cref="InvalidOperationException"/>, like submitting after shutdown.
/// </summary>
public class BrokenExecutorException : InvalidOperationException
{
    /// <summary>Creates the exception with a message saying what broke.</summary>
    public BrokenExecutorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that broke the executor.</summary>
    public BrokenExecutorException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A <c>ThreadPoolExecutor</c>'s initializer threw (Python's <c>BrokenThreadPool</c>): the executor's pending
/// futures fail with this exception, whose <see cref="Exception.InnerException"/> is the initializer's failure.
/// </summary>
public sealed class BrokenThreadPoolException : BrokenExecutorException
{
    /// <summary>Creates the exception with a message and the initializer's failure.</summary>
    public BrokenThreadPoolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A <c>ProcessPoolExecutor</c>'s worker process died or its initializer failed (Python's
/// <c>BrokenProcessPool</c>): every pending future fails with it; results already delivered stay delivered.
/// </summary>
public sealed class BrokenProcessPoolException : BrokenExecutorException
{
    /// <summary>Creates the exception with a message saying which worker died and how.</summary>
    public BrokenProcessPoolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
