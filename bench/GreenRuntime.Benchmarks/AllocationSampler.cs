using System.Diagnostics.Tracing;

namespace GreenRuntime.Benchmarks;

/// <summary>
/// An in-process allocation profiler: listens to the runtime's GCAllocationTick events (one about every
/// 100 KB allocated, naming the type of the object that crossed the threshold) and histograms them, so
/// the share of each type in the allocated bytes can be read off without external tools.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _bytesByType = [];
    private long _total;
    private bool _enabled;

    /// <summary>Starts sampling.</summary>
    public void Start() => _enabled = true;

    /// <summary>Stops sampling.</summary>
    public void Stop() => _enabled = false;

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_enabled || !(e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) ?? false) || e.Payload is null)
            return;
        string type = "?";
        long amount = 0;
        for (int i = 0; i < e.Payload.Count; i++)
        {
            switch (e.PayloadNames![i])
            {
                case "TypeName":
                    type = e.Payload[i] as string ?? "?";
                    break;
                case "AllocationAmount64":
                    amount = Convert.ToInt64(e.Payload[i]);
                    break;
                case "AllocationAmount" when amount == 0:
                    amount = Convert.ToInt64(e.Payload[i]);
                    break;
            }
        }
        lock (_bytesByType)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
            _total += amount;
        }
    }

    /// <summary>Prints the types by share of sampled bytes; <paramref name="ops"/> turns totals into bytes per operation.</summary>
    public void Print(double ops)
    {
        lock (_bytesByType)
        {
            Console.WriteLine($"  sampled {_total / ops:F1} B/op in total");
            foreach (var (type, bytes) in _bytesByType.OrderByDescending(kv => kv.Value).Take(15))
                Console.WriteLine($"  {bytes * 100.0 / _total,5:F1} %  {bytes / ops,7:F1} B/op  {type}");
        }
    }

    /// <summary>Runs <paramref name="body"/> (<paramref name="opsPerCall"/> operations each) for <paramref name="seconds"/> under the sampler.</summary>
    public static void Profile(string name, Action body, int opsPerCall, double seconds)
    {
        using var sampler = new AllocationSampler();
        body();
        sampler.Start();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        long calls = 0;
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            body();
            calls++;
        }
        sampler.Stop();
        Console.WriteLine($"{name}: allocation samples by type");
        sampler.Print((double)calls * opsPerCall);
    }
}
