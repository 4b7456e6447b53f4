namespace GreenRuntime.Futures;

/// <summary>When <c>Futures.Wait</c> returns (Python's <c>FIRST_COMPLETED</c>, <c>FIRST_EXCEPTION</c>, <c>ALL_COMPLETED</c>).</summary>
public enum ReturnWhen
{
    /// <summary>As soon as any future is finished or cancelled.</summary>
    FirstCompleted,

    /// <summary>As soon as any future finishes with an exception; when none does, once all are done.</summary>
    FirstException,

    /// <summary>Once every future is finished or cancelled.</summary>
    AllCompleted,
}
