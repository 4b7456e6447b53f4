namespace GreenRuntime.Offloading;

/// <summary>One piece of blocking work for an <see cref="OffloadPool"/>: run on a pool thread, or failed without running.</summary>
internal abstract class OffloadWork
{
    /// <summary>Runs the work on a pool thread; whatever it throws is its failure (<see cref="Fail"/>), never the pool's.</summary>
    internal void Execute()
    {
        try
        {
            Perform();
        }
        catch (Exception failure)
        {
            Fail(failure);
        }
    }

    /// <summary>Does the work (a pool thread).</summary>
    protected abstract void Perform();

    /// <summary>Records that the work failed with <paramref name="failure"/>, or could not run (the pool is broken).</summary>
    internal abstract void Fail(Exception failure);
}
