namespace GreenRuntime;

/// <summary>Which readiness a greenlet waits for on a socket (gevent's <c>wait_read</c> / <c>wait_write</c>).</summary>
public enum IoDirection
{
    /// <summary>Readable: data, a pending connection, end of stream or an error.</summary>
    Read,

    /// <summary>Writable: room in the send buffer, a finished connect, or an error.</summary>
    Write,
}
