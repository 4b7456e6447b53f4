namespace GreenRuntime;

/// <summary>
/// A <see cref="GreenSemaphore"/> that refuses to be released more times than it was acquired
/// (gevent.lock.BoundedSemaphore): an extra <see cref="GreenSemaphore.Release"/> is a bug, and throws
/// <see cref="SemaphoreFullException"/> instead of raising the count past its initial value.
/// </summary>
public sealed class GreenBoundedSemaphore : GreenSemaphore
{
    /// <summary>Creates a bounded semaphore with <paramref name="value"/> permits, also its most.</summary>
    /// <param name="value">How many acquires succeed before one has to wait, and how many permits it can hold; zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public GreenBoundedSemaphore(int value = 1)
        : base(value, value)
    {
    }
}
