namespace GreenRuntime.Hubs;

/// <summary>
/// An operation another thread completes, told by the hub (on its own thread) how the greenlet's wait for it ended:
/// given up by a kill, a timeout or a refusal (<see cref="Abandoned"/>), or ended by the operation's completion
/// (<see cref="Completed"/>). Exactly one of the two is called, once.
/// </summary>
internal interface IExternalOperation
{
    /// <summary>The wait was given up before the operation completed; its late completion will be ignored.</summary>
    void Abandoned();

    /// <summary>The operation's completion reached the hub and woke the greenlet.</summary>
    void Completed();
}
