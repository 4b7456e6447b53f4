using GreenRuntime.CompilerServices;
using GreenRuntime.Tests.Servers;
using static GreenRuntime.Tests.Runtime.GreenTest;

namespace GreenRuntime.Tests.Runtime;

/// <summary>These tests swap Console.Error, so they run alone.</summary>
[CollectionDefinition(nameof(StandardErrorCollection), DisableParallelization = true)]
public sealed class StandardErrorCollection;

/// <summary>The default error handler: one stderr block naming the greenlet, with the stack trace (DESIGN §3).</summary>
[Collection(nameof(StandardErrorCollection))]
public class DefaultErrorHandlerTests
{
    private static string CaptureStandardError(Action action)
    {
        var original = Console.Error;
        var writer = new StringWriter();
        Console.SetError(TextWriter.Synchronized(writer));
        try
        {
            action();
        }
        finally
        {
            Console.SetError(original);
        }
        return writer.ToString();
    }

    private static int Occurrences(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    [Fact]
    public void Default_ErrorHandler_writes_one_block_naming_the_greenlet_with_its_stack_trace()
    {
        var output = CaptureStandardError(() => OnFreshThread(() =>
        {
            var g = Green.Spawn(default(GreenSuspend), async () =>
            {
                await Green.Sleep(default(GreenSuspend), 0);
                ThrowFromOriginalThrower("default handler failure");
            });
            g.Name = "reported-greenlet";
            g.Join();
            Assert.Throws<InvalidOperationException>(() => g.Get());
            Green.Hub.Run();
        }));
        Assert.Contains("'reported-greenlet'", output);
        Assert.Contains("default handler failure", output);
        Assert.Contains(nameof(InvalidOperationException), output);
        Assert.Contains(nameof(ThrowFromOriginalThrower), output);
        Assert.Equal(1, Occurrences(output, "'reported-greenlet'")); // reported once, although Get rethrew it
    }

    [Fact]
    public void Killed_greenlets_are_not_reported_on_stderr()
    {
        var output = CaptureStandardError(() => OnFreshThread(() =>
        {
            var g = Green.Spawn(default(GreenSuspend), async () => { await Green.Sleep(default(GreenSuspend), Forever); });
            g.Name = "quietly-killed";
            Green.Sleep(0);
            g.Kill();
            Green.Hub.Run();
        }));
        Assert.DoesNotContain("quietly-killed", output);
    }

    [Fact]
    public void Throwing_ErrorHandler_is_reported_on_stderr_with_the_original_failure()
    {
        var output = CaptureStandardError(() => OnFreshThread(() =>
        {
            Green.Hub.ErrorHandler = (_, _) => throw new InvalidOperationException("handler broke");
            var g = Green.Spawn(() => ThrowFromOriginalThrower("original failure"));
            g.Name = "doubly-failed";
            g.Join();
            Assert.Equal(2, Green.Spawn(() => 2).Get());
        }));
        Assert.Contains("doubly-failed", output);
        Assert.Contains("handler broke", output);
        Assert.Contains("original failure", output);
    }

    [Fact]
    public void Default_ErrorHandler_reports_without_throwing_when_no_file_descriptor_is_left()
    {
        if (!OperatingSystem.IsLinux())
            return; // dup until EMFILE
        // In a child process, with nothing set up: .NET opens Console.Error lazily (dup of fd 2), which fails now.
        using var child = ChildProcess.StartServerChild(["report-at-fd-limit"]);
        int exitCode = child.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"exit code {exitCode}. {child.Transcript}");
        Assert.Contains(child.Lines, line => line.StartsWith("SURVIVED", StringComparison.Ordinal));
        Assert.Contains(child.ErrorLines, line => line.Contains("failed with no descriptor left", StringComparison.Ordinal));
    }
}
