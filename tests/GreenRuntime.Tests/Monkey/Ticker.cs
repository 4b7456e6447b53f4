using System.Diagnostics;

namespace GreenRuntime.Tests.Monkey;

/// <summary>
/// A second greenlet that ticks every 10 ms while a test's greenlet waits on a bridged call: the largest gap between
/// its ticks says whether the hub kept running (a blocked hub shows a gap as long as the block).
/// </summary>
internal sealed partial class Ticker
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _stop;

    private Ticker()
    {
    }

    /// <summary>The largest gap between two ticks (or from the start to the first one).</summary>
    public TimeSpan LargestGap { get; private set; }

    /// <summary>How many times it ticked.</summary>
    public int Ticks { get; private set; }

    /// <summary>The greenlet that ticks.</summary>
    public Greenlet Greenlet { get; private set; } = null!;

    /// <summary>
    /// Starts ticking on this thread's hub, once the bridge's own code is compiled: on a loaded machine the JIT's first
    /// compilation of a wait path holds the hub long enough to look like a block.
    /// </summary>
    public static Ticker Start()
    {
        AsyncTwinWarmUp.Run();
        var ticker = new Ticker();
        ticker.Greenlet = Green.Spawn(ticker.Run);
        return ticker;
    }

    /// <summary>Stops ticking and waits for the ticker to end.</summary>
    public TimeSpan Stop()
    {
        _stop = true;
        Greenlet.Join();
        return LargestGap;
    }

    [Greenlet]
    private void Run()
    {
        var last = _clock.Elapsed;
        while (!_stop)
        {
            Thread.Sleep(10);
            var now = _clock.Elapsed;
            if (now - last > LargestGap)
                LargestGap = now - last;
            last = now;
            Ticks++;
        }
    }
}
