using GreenRuntime.Tests.ServerChild;

// Programs GreenRuntime.Tests runs in a child process (Servers/ChildProcess), chosen by the first argument.
return args switch
{
    ["lowered-fd-limit", var headroom] => LoweredFdLimit.Run(int.Parse(headroom)),
    ["report-at-fd-limit"] => ReportAtFdLimit.Run(),
    ["graceful-stop", var replyDelayMs, var stopTimeoutMs] =>
        GracefulStop.Run(TimeSpan.FromMilliseconds(int.Parse(replyDelayMs)), TimeSpan.FromMilliseconds(int.Parse(stopTimeoutMs))),
    ["blocking-monitor"] => BlockingMonitorChild.Run(),
    ["process-pool-parent", var workers] => ProcessPoolParent.Run(int.Parse(workers)),
    _ => throw new ArgumentException($"unknown arguments: {string.Join(' ', args)}"),
};
