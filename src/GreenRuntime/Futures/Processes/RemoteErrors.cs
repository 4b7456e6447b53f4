using System.Reflection;

namespace GreenRuntime.Futures.Processes;

/// <summary>Turns a <see cref="RemoteError"/> from a worker back into an exception the parent can throw.</summary>
internal static class RemoteErrors
{
    /// <summary>The key under which a re-created exception's <see cref="Exception.Data"/> holds the worker's stack trace.</summary>
    public const string StackTraceKey = "RemoteStackTrace";

    /// <summary>
    /// The worker's exception re-created as its own type when that type is already loaded here, derives from
    /// <see cref="Exception"/> and has a public <c>(string message, Exception inner)</c> or <c>(string message)</c>
    /// constructor; otherwise a <see cref="RemoteWorkerException"/>. No assembly is loaded for it: a reply never makes
    /// the parent load code. The worker's stack trace is in <c>Data["RemoteStackTrace"]</c> and, through the first
    /// constructor, in the inner <see cref="RemoteWorkerException"/> (so <c>ToString()</c> shows it, like Python's
    /// <c>_RemoteTraceback</c>).
    /// </summary>
    public static Exception Recreate(RemoteError error)
    {
        var remote = new RemoteWorkerException(error.Type, error.Message, error.StackTrace);
        Exception? recreated = null;
        if (FindLoadedExceptionType(error) is { } type)
        {
            try
            {
                if (type.GetConstructor([typeof(string), typeof(Exception)]) is { } withInner)
                    recreated = (Exception)withInner.Invoke([error.Message, remote]);
                else if (type.GetConstructor([typeof(string)]) is { } withMessage)
                    recreated = (Exception)withMessage.Invoke([error.Message]);
            }
            catch (TargetInvocationException)
            {
                recreated = null; // its constructor refused the message: report it as a remote exception
            }
        }
        if (recreated is null)
            return remote;
        if (error.StackTrace is not null)
            recreated.Data[StackTraceKey] = error.StackTrace;
        return recreated;
    }

    private static Type? FindLoadedExceptionType(RemoteError error)
    {
        // A plain type name only: a generic argument list or an assembly-qualified name could make GetType load code.
        if (error.Type.AsSpan().IndexOfAny('[', ',', '`') >= 0)
            return null;
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.GetName().Name != error.Assembly)
                continue;
            var type = assembly.GetType(error.Type, throwOnError: false);
            if (type is { IsAbstract: false, IsPublic: true } || type is { IsAbstract: false, IsNestedPublic: true })
                return typeof(Exception).IsAssignableFrom(type) && !type.ContainsGenericParameters ? type : null;
        }
        return null;
    }
}
