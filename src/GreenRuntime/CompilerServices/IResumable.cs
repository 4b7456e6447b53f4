namespace GreenRuntime.CompilerServices;

/// <summary>Something the hub can continue: a suspended state machine, or a greenlet waiting for its body.</summary>
internal interface IResumable
{
    void Resume();
}

/// <summary>
/// An awaiter that registers a hub continuation directly instead of taking an <see cref="Action"/>,
/// so a suspension costs no delegate and no allocation.
/// </summary>
internal interface IGreenAwaiter
{
    void OnCompleted(IResumable continuation);
}
