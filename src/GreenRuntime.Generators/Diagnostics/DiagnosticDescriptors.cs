using Microsoft.CodeAnalysis;

namespace GreenRuntime.Generators.Diagnostics;

/// <summary>
/// Every diagnostic GreenThreads reports, with its stable ID. IDs are never reused or renumbered: they are what
/// users suppress and search for. Each one is documented in <c>docs/diagnostics.md</c> under its ID in lower case
/// and tracked in <c>AnalyzerReleases.Unshipped.md</c>.
/// </summary>
/// <remarks>
/// The generator reports nothing: for a method it cannot handle it writes nothing, a throwing stub, or leaves a
/// call unrewritten, and the analyzers of this folder report why on the user's own code (declarations, suspension
/// points, call sites, blocking: one analyzer each).
/// </remarks>
internal static class DiagnosticDescriptors
{
    /// <summary>The category of every GreenThreads diagnostic.</summary>
    public const string Category = "GreenThreads";

    /// <summary>Where the help pages live; each ID's anchor is its lower-case ID.</summary>
    public const string HelpLinkBase = "https://github.com/greenthreads/greenthreads/blob/main/docs/diagnostics.md";

    /// <summary>GRN0001: a type that contains a <c>[Greenlet]</c> method is not <c>partial</c>.</summary>
    public static readonly DiagnosticDescriptor TypeMustBePartial = new(
        id: "GRN0001",
        title: "A type containing a [Greenlet] method must be partial",
        messageFormat: "The type '{0}' contains the [Greenlet] method '{1}' but is not partial, so GreenThreads cannot add the method's resumable twin to it; add the 'partial' modifier to '{0}'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "GreenThreads adds a resumable twin of every [Greenlet] method to the type that declares it, so that type and every type enclosing it must be declared partial.",
        helpLinkUri: HelpLinkBase + "#grn0001");

    /// <summary>GRN0002: a <c>[Greenlet]</c> method is <c>async</c>.</summary>
    public static readonly DiagnosticDescriptor AsyncMethod = new(
        id: "GRN0002",
        title: "A [Greenlet] method cannot be async",
        messageFormat: "The [Greenlet] method '{0}' is async; a [Greenlet] method is written as plain blocking code that GreenThreads makes resumable, so remove 'async' and call the blocking APIs directly, or remove [Greenlet] to keep an ordinary async method",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A [Greenlet] method is written as ordinary blocking code; GreenThreads turns its blocking calls into suspension points. An async method already is a state machine of its own and cannot be a greenlet body.",
        helpLinkUri: HelpLinkBase + "#grn0002");

    /// <summary>GRN0003: a parameter of a <c>[Greenlet]</c> method is <c>ref</c>, <c>out</c>, <c>in</c> or <c>ref readonly</c>.</summary>
    public static readonly DiagnosticDescriptor RefParameter = new(
        id: "GRN0003",
        title: "A [Greenlet] method cannot have ref, out or in parameters",
        messageFormat: "Parameter '{0}' of the [Greenlet] method '{1}' is passed by reference ('{2}'), which a suspended greenlet cannot hold on to; pass it by value and return results instead (a tuple or a class for several)",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A greenlet can be suspended and resumed later, after its caller's variables are gone, so its parameters cannot refer to the caller's storage.",
        helpLinkUri: HelpLinkBase + "#grn0003");

    /// <summary>GRN0004: a <c>[Greenlet]</c> method returns by reference.</summary>
    public static readonly DiagnosticDescriptor RefReturn = new(
        id: "GRN0004",
        title: "A [Greenlet] method cannot return by reference",
        messageFormat: "The [Greenlet] method '{0}' returns by reference ('{1}'); a greenlet's result is delivered after it resumes, so return the value instead",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The result of a greenlet is stored until its caller collects it; a reference cannot be stored that way.",
        helpLinkUri: HelpLinkBase + "#grn0004");

    /// <summary>GRN0005: a <c>[Greenlet]</c> method uses pointers or is in an unsafe context.</summary>
    public static readonly DiagnosticDescriptor Pointer = new(
        id: "GRN0005",
        title: "A [Greenlet] method cannot use pointers or an unsafe context",
        messageFormat: "The [Greenlet] method '{0}' uses pointers or an unsafe context ('{1}'), which cannot be kept while a greenlet is suspended; use arrays, Memory<T> or indices, and move unsafe code into an ordinary helper method",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A suspended greenlet keeps its locals and parameters in a heap object that the garbage collector may move; pointers and unsafe code cannot live there.",
        helpLinkUri: HelpLinkBase + "#grn0005");

    /// <summary>GRN0006: a parameter of a <c>[Greenlet]</c> method is a <c>ref struct</c>.</summary>
    public static readonly DiagnosticDescriptor RefStructParameter = new(
        id: "GRN0006",
        title: "A [Greenlet] method cannot take a ref struct parameter",
        messageFormat: "Parameter '{0}' of the [Greenlet] method '{1}' has the ref struct type '{2}', which cannot be kept while the greenlet is suspended; take an array, Memory<T> or ReadOnlyMemory<T> instead",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Ref structs such as Span<T> live only on the stack; a suspended greenlet keeps its parameters on the heap.",
        helpLinkUri: HelpLinkBase + "#grn0006");

    /// <summary>GRN0007: the return type of a <c>[Greenlet]</c> method cannot be a greenlet's result.</summary>
    public static readonly DiagnosticDescriptor UnsupportedReturnType = new(
        id: "GRN0007",
        title: "A [Greenlet] method cannot return a ref struct",
        messageFormat: "The [Greenlet] method '{0}' returns the ref struct '{1}', which cannot be the result of a greenlet; return an array, Memory<T> or another ordinary type",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A greenlet's result is stored on the heap until its caller collects it, so it cannot be a ref struct such as Span<T>.",
        helpLinkUri: HelpLinkBase + "#grn0007");

    /// <summary>GRN0008: a ref struct local, ref local, or ref struct / ref temporary of the same expression is live across a suspension point.</summary>
    public static readonly DiagnosticDescriptor RefStructLocalAcrossSuspension = new(
        id: "GRN0008",
        title: "A ref struct value or a reference is in use across a suspension point",
        messageFormat: "'{0}' of type '{1}' is still in use after '{2}', and a ref struct or a reference cannot be kept while the greenlet is suspended, so '{2}' would block the thread; finish using '{0}' before calling '{2}', or use an array or Memory<T> instead",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A call that suspends the greenlet keeps the greenlet's locals and pending temporaries on the heap; ref structs such as Span<T> and references (ref locals, what a ref-returning method returned) cannot live there, so a suspension point cannot stand where one of them is still needed afterwards.",
        helpLinkUri: HelpLinkBase + "#grn0008");

    /// <summary>GRN0009: a suspension point inside a <c>lock</c> statement.</summary>
    public static readonly DiagnosticDescriptor SuspensionInLock = new(
        id: "GRN0009",
        title: "A suspending call cannot be made inside a lock",
        messageFormat: "'{0}' inside a 'lock' statement would block the thread while holding the lock, because a greenlet cannot suspend inside 'lock'; move the call out of the 'lock' statement (greenlets of one hub run one at a time, so state they share needs no lock between suspension points), or, where the section must stay whole across the call, guard it with a GreenLock instead of 'lock' (a using (myLock.EnterScope()) block), which suspends only this greenlet and keeps the others out until the scope ends",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A lock belongs to the OS thread that every greenlet of the hub shares; suspending while holding it would let other greenlets enter it, so the call would block the whole hub instead.",
        helpLinkUri: HelpLinkBase + "#grn0009");

    /// <summary>GRN0010: a suspension point inside a lambda, anonymous method or query clause that is not a green lambda.</summary>
    public static readonly DiagnosticDescriptor SuspensionInLambda = new(
        id: "GRN0010",
        title: "A suspending call cannot be made inside a lambda that is not passed to a GreenRuntime API",
        messageFormat: "'{0}' inside {1} would block the thread instead of suspending the greenlet, because only lambdas passed straight to a GreenRuntime API that takes a function (Green.Spawn, Green.SpawnLater, Green.WithTimeout, ...) can suspend; {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A lambda, anonymous method or query clause is an ordinary delegate that its receiver may call at any time, on any thread; only lambdas passed straight to a GreenRuntime API that takes a function are turned into green lambdas. A lambda handed to code that runs it on another thread (Green.Offload, Task.Run, new Thread, ThreadPool, Parallel, a ThreadPoolExecutor's Submit and Map) is ordinary code that may block, and is not reported.",
        helpLinkUri: HelpLinkBase + "#grn0010");

    /// <summary>GRN0011: a suspension point inside a local function.</summary>
    public static readonly DiagnosticDescriptor SuspensionInLocalFunction = new(
        id: "GRN0011",
        title: "A suspending call cannot be made inside a local function",
        messageFormat: "'{0}' inside the local function '{1}' would block the thread instead of suspending the greenlet; make '{1}' a [Greenlet] method of the containing type",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Local functions are not made resumable; a [Greenlet] method of the containing type is.",
        helpLinkUri: HelpLinkBase + "#grn0011");

    /// <summary>GRN0012: a suspension point inside a <c>catch (...) when (...)</c> filter.</summary>
    public static readonly DiagnosticDescriptor SuspensionInCatchFilter = new(
        id: "GRN0012",
        title: "A suspending call cannot be made inside an exception filter",
        messageFormat: "'{0}' inside a 'when' exception filter would block the thread, because a greenlet cannot suspend while an exception filter runs; catch the exception and test the condition inside the catch block",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Exception filters run while the exception is being dispatched, where a greenlet cannot be suspended.",
        helpLinkUri: HelpLinkBase + "#grn0012");

    /// <summary>GRN0013: a suspension point inside an <c>unsafe</c> or <c>fixed</c> block.</summary>
    public static readonly DiagnosticDescriptor SuspensionInUnsafeBlock = new(
        id: "GRN0013",
        title: "A suspending call cannot be made inside an unsafe or fixed block",
        messageFormat: "'{0}' inside an 'unsafe' or 'fixed' block would block the thread, because a greenlet cannot suspend while pointers are in use; move the call out of the block",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Pointers and pinned memory cannot be kept while a greenlet is suspended.",
        helpLinkUri: HelpLinkBase + "#grn0013");

    /// <summary>GRN0014: a suspension point called with <c>?.</c>.</summary>
    public static readonly DiagnosticDescriptor SuspensionInConditionalAccess = new(
        id: "GRN0014",
        title: "A suspending call cannot be made with '?.' here",
        messageFormat: "'{0}' is called with '?.' where GreenThreads cannot turn it into a null test and a suspension (a '?.' chained to another '?.', or a call without value that is a whole expression body), so it would block the thread; test for null first and call it with '.'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A suspension point called with '?.' becomes a null test of the receiver (evaluated once) and an await of the call when it is not null. That lowering needs a statement or a value; chained '?.' (a?.B?.M()) and a void '?.' call as a whole expression body are left blocking.",
        helpLinkUri: HelpLinkBase + "#grn0014");

    /// <summary>GRN0015: a <c>[Greenlet]</c> method is an iterator.</summary>
    public static readonly DiagnosticDescriptor IteratorMethod = new(
        id: "GRN0015",
        title: "A [Greenlet] method cannot be an iterator",
        messageFormat: "The [Greenlet] method '{0}' is an iterator ('yield'), which runs lazily inside whoever enumerates it and cannot be a greenlet; return a collection that the method fills (a List<T>), or remove [Greenlet] and keep an ordinary iterator that does not suspend",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An iterator's body runs piece by piece as its caller enumerates it, so it cannot be suspended and resumed as a greenlet.",
        helpLinkUri: HelpLinkBase + "#grn0015");

    /// <summary>GRN0016: a <c>[Greenlet]</c> method has no body.</summary>
    public static readonly DiagnosticDescriptor NoBody = new(
        id: "GRN0016",
        title: "A [Greenlet] method must have a body",
        messageFormat: "The [Greenlet] method '{0}' has no body (it is abstract, extern or a partial method without implementation), so there is nothing to make resumable; put [Greenlet] on a method with a body",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "GreenThreads makes the body of a [Greenlet] method resumable; a method without a body has nothing to rewrite.",
        helpLinkUri: HelpLinkBase + "#grn0016");

    /// <summary>GRN0017: <c>[Greenlet]</c> on something that is not an ordinary method.</summary>
    public static readonly DiagnosticDescriptor UnsupportedMemberKind = new(
        id: "GRN0017",
        title: "[Greenlet] can only be applied to ordinary methods",
        messageFormat: "[Greenlet] cannot be applied to the {0} '{1}': only ordinary methods can be greenlets; move the code into a [Greenlet] method and call it from here",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Only ordinary methods of a partial type can get a resumable twin; accessors, operators, local functions, lambdas and explicit interface implementations cannot.",
        helpLinkUri: HelpLinkBase + "#grn0017");

    /// <summary>GRN0018: a <c>[Greenlet]</c> method in a file-local type.</summary>
    public static readonly DiagnosticDescriptor FileLocalType = new(
        id: "GRN0018",
        title: "A [Greenlet] method cannot be declared in a file-local type",
        messageFormat: "The [Greenlet] method '{0}' is declared in the file-local type '{1}', which the generated twin cannot extend from its own file; make '{1}' private or internal instead of 'file'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The resumable twin of a [Greenlet] method is generated into another file, and a file-local type can only be declared in its own file.",
        helpLinkUri: HelpLinkBase + "#grn0018");

    /// <summary>GRN0019: a call of a <c>[Greenlet]</c> method from an assembly built without the generator.</summary>
    public static readonly DiagnosticDescriptor NoTwinInMetadata = new(
        id: "GRN0019",
        title: "A [Greenlet] method from a referenced assembly has no resumable twin",
        messageFormat: "The [Greenlet] method '{0}' from assembly '{1}' has no resumable twin (the assembly was not built with GreenRuntime's generator), so this call would block the thread; build '{1}' with the GreenRuntime package, or call it through Green.Offload",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A [Greenlet] method of another assembly can suspend the caller only if that assembly was built with the GreenRuntime package, which adds the method's resumable twin.",
        helpLinkUri: HelpLinkBase + "#grn0019");

    /// <summary>GRN0020: a patched blocking call made on <c>base</c>.</summary>
    public static readonly DiagnosticDescriptor PatchedCallOnBase = new(
        id: "GRN0020",
        title: "A patched blocking call cannot be made on 'base'",
        messageFormat: "'{0}' is called on 'base', which GreenThreads cannot route to its patch, so it would block the thread; run it through Green.Offload, or make the call on another object",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A patched blocking call is replaced by a call of its patch with the receiver as first argument, and 'base' cannot be passed as an argument.",
        helpLinkUri: HelpLinkBase + "#grn0020");

    /// <summary>GRN0021: a known blocking call without patch in a <c>[Greenlet]</c> body (DESIGN §4).</summary>
    public static readonly DiagnosticDescriptor BlockingCall = new(
        id: "GRN0021",
        title: "A blocking call in a [Greenlet] method blocks every greenlet of the hub",
        messageFormat: "'{0}' blocks the thread, and with it every greenlet of this hub, because GreenThreads has no patch for it; wait with what suspends only this greenlet (Greenlet.Join or Get for a greenlet, GreenEvent.Wait for a signal, GreenSemaphore.Acquire or GreenLock.EnterScope for a semaphore or lock, GreenQueue<T>.Get for a queue, Green.Sleep for a delay), or run the call on a worker thread with Green.Offload(() => ...)",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "All greenlets of a hub share one OS thread; a call that blocks that thread (Thread.Join, Monitor.Wait, WaitHandle.WaitOne, Task.Wait, Task.Result, ...) stops all of them until it returns.",
        helpLinkUri: HelpLinkBase + "#grn0021");

    /// <summary>GRN0022: a <c>[Greenlet]</c> instance method of a struct that writes the struct.</summary>
    public static readonly DiagnosticDescriptor MutableStructInstance = new(
        id: "GRN0022",
        title: "A [Greenlet] instance method of a struct cannot write the struct",
        messageFormat: "The [Greenlet] method '{0}' writes the struct '{1}' it is called on ('{2}'): its resumable twin, like any async method of a struct, runs on a copy of the struct, and the write would be lost; make the method static and pass and return the struct, move the write out of the [Greenlet] method, or make '{1}' a class",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "Async methods cannot keep a reference to 'this' of a struct across a suspension, so the C# compiler copies the struct into the state machine. A method that only reads the struct sees the same values in the copy and gets its twin; one that assigns a field, increments it, passes it by ref or calls a non-readonly member on it does not.",
        helpLinkUri: HelpLinkBase + "#grn0022");

    /// <summary>GRN0023: a call of a <c>[Greenlet]</c> method from ordinary code that no interceptor can route to its twin.</summary>
    public static readonly DiagnosticDescriptor CallNotRoutedToTwin = new(
        id: "GRN0023",
        title: "A call of a [Greenlet] method from ordinary code cannot be routed to its twin",
        messageFormat: "This call of the [Greenlet] method '{0}' cannot be routed to its resumable twin ({1}), so it runs as a plain method: what it blocks on blocks the thread, and the hub's other greenlets wait; {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A call of a [Greenlet] method from ordinary code is replaced, by a generated interceptor, with a call that runs the hub until the method's twin returns. The interceptor is a top-level class in its own namespace: it cannot name private or protected types, and cannot make a non-virtual 'base.' call.",
        helpLinkUri: HelpLinkBase + "#grn0023");

    /// <summary>GRN0024: a lambda with suspension points passed from ordinary code to a function-taking API that cannot be made green.</summary>
    public static readonly DiagnosticDescriptor LambdaNotGreen = new(
        id: "GRN0024",
        title: "A lambda passed to a GreenRuntime API from ordinary code cannot be made green",
        messageFormat: "This lambda passed to '{0}' runs as a plain delegate, so its '{1}' blocks the thread and the hub's other greenlets wait, because {2}; move the body into a [Greenlet] method and pass the values it uses as arguments (() => M(a, b), or '{0}' with M and a, b)",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A lambda passed from ordinary code to Green.Spawn, Green.SpawnLater or Green.WithTimeout becomes a generated green function, which cannot reach the locals and parameters of the method around the lambda; in a type that is not partial it can only use what any type of the assembly sees.",
        helpLinkUri: HelpLinkBase + "#grn0024");

    /// <summary>GRN0025: a ref struct or <c>ref</c> local in a body whose twin is <c>async</c>, under a C# version before 13.</summary>
    public static readonly DiagnosticDescriptor RefLocalInAsyncTwin = new(
        id: "GRN0025",
        title: "A [Greenlet] method with suspension points cannot declare a ref struct local before C# 13",
        messageFormat: "{0} in the [Greenlet] method '{1}', whose resumable twin is an async method (the method has suspension points), and C# {2} allows no such local in an async method; set <LangVersion> to 13 or later (the default for net9.0 and later), or move that code into an ordinary helper method",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The twin of a [Greenlet] method with suspension points is a C# async method. C# 13 allows ref struct (Span<T>, ...) and ref locals in async methods as long as they are not used across an await; earlier versions allow none (CS9202). A [Greenlet] method without suspension points is not affected: its twin calls it.",
        helpLinkUri: HelpLinkBase + "#grn0025");

    /// <summary>GRN0026: the project's C# version is too old for the generated twins and interceptors.</summary>
    public static readonly DiagnosticDescriptor LanguageVersionTooOld = new(
        id: "GRN0026",
        title: "GreenThreads needs C# 11 or later",
        messageFormat: "{0} needs the code GreenThreads generates (resumable twins and interceptors), which needs C# 11 or later, but this project uses C# {1}; set <LangVersion> to 11 or later (the default for net7.0 and later), or remove the <LangVersion> setting",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generated interceptors are file-local classes (C# 11). Below that, GreenThreads generates nothing, and every [Greenlet] method would run as a plain, blocking method.",
        helpLinkUri: HelpLinkBase + "#grn0026");

    /// <summary>GRN0027: a catch-all clause around a suspension point of a <c>[Greenlet]</c> body that catches <c>GreenletExit</c>.</summary>
    public static readonly DiagnosticDescriptor CatchSwallowsGreenletExit = new(
        id: "GRN0027",
        title: "A catch-all clause around a suspension point catches GreenletExit",
        messageFormat: "'{0}' catches the GreenletExit that Kill() throws into the greenlet at '{1}' in its try block: unlike gevent's 'except Exception', which lets GreenletExit through, a .NET catch-all catches it, so the greenlet survives Kill() (a loop around it keeps running) and a blocking Kill() waits for ever; add 'when (e is not GreenletExit)' to the clause, or catch GreenletExit before it and rethrow it ('catch (GreenletExit) {{ throw; }}')",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Greenlet.Kill() kills a greenlet by throwing GreenletExit at the suspension point where it waits. In gevent GreenletExit derives from BaseException, so 'except Exception' does not catch it; in .NET GreenletExit is an Exception, and 'catch', 'catch (Exception)' catch it. A clause is not reported when its filter excludes GreenletExit, when an earlier clause of the same try catches GreenletExit, or when its block rethrows.",
        helpLinkUri: HelpLinkBase + "#grn0027");

    /// <summary>GRN0028: an ordinary method of this compilation that blocks the thread, called from a <c>[Greenlet]</c> body.</summary>
    public static readonly DiagnosticDescriptor BlockingHelper = new(
        id: "GRN0028",
        title: "A [Greenlet] method calls an ordinary method that blocks the thread",
        messageFormat: "'{0}' is not a [Greenlet] method, so what it calls runs as written, and it blocks the thread, and with it every greenlet of this hub: it calls {1}; {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Blocking calls become suspension points only inside [Greenlet] bodies. A plain helper (static void Pause(int ms) => Thread.Sleep(ms);) called from a [Greenlet] method blocks the hub's thread, and every greenlet of the hub waits with it. Reported on the call, for helpers of this compilation that block directly or through other helpers.",
        helpLinkUri: HelpLinkBase + "#grn0028");

    /// <summary>GRN0029: an ordinary frame that calls <c>[Greenlet]</c> methods (or GreenRuntime waits), entered from a <c>[Greenlet]</c> body.</summary>
    public static readonly DiagnosticDescriptor SuspendingOrdinaryFrame = new(
        id: "GRN0029",
        title: "A [Greenlet] method enters an ordinary frame that would have to suspend",
        messageFormat: "{0} is ordinary (non-[Greenlet]) code that calls {1}, which suspends the greenlet; a greenlet can suspend only through [Greenlet] methods, so at run time that call is refused with an InvalidOperationException; {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A greenlet suspends through a chain of [Greenlet] methods; a property accessor, an operator, an iterator, a plain helper or a lambda run by LINQ between two of them is an ordinary frame, which cannot be suspended. When the greenlet reaches a wait through one, the wait is refused at run time. Reported where the [Greenlet] body enters the frame.",
        helpLinkUri: HelpLinkBase + "#grn0029");

    /// <summary>GRN0030: a method group run as a greenlet that is no <c>[Greenlet]</c> method and blocks.</summary>
    public static readonly DiagnosticDescriptor BlockingSpawnTarget = new(
        id: "GRN0030",
        title: "A spawn target blocks the thread but is not a [Greenlet] method",
        messageFormat: "'{0}' runs as a greenlet ('{1}') but is not a [Greenlet] method, so it runs as plain code and blocks the thread, and with it every greenlet of this hub: it calls {2}; mark '{0}' [Greenlet] (in a partial type), and its blocking calls suspend only its own greenlet",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Green.Spawn, a pool's Spawn, Map or Apply and the like run a [Greenlet] method's twin; an ordinary method passed to them runs as it is written, and its blocking calls block the hub's thread instead of suspending its greenlet.",
        helpLinkUri: HelpLinkBase + "#grn0030");

    /// <summary>GRN0031: a thread-owned lock (<c>Monitor.Enter</c>, <c>Lock.Enter</c>) held across a suspension point.</summary>
    public static readonly DiagnosticDescriptor ThreadLockAcrossSuspension = new(
        id: "GRN0031",
        title: "A thread-owned lock is held across a suspension point",
        messageFormat: "'{0}' takes a lock that belongs to the thread, and it is still held at the suspension point '{1}': every greenlet of this hub runs on that thread, so while this one waits there the others take the lock as well (it excludes nothing between them), and other threads that want it wait until this greenlet resumes and leaves it; use a GreenLock (Acquire and Release, or using (gate.EnterScope())), which suspends only the greenlet that waits for it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Monitor and System.Threading.Lock belong to the thread that takes them, and all greenlets of a hub share one thread: a greenlet that suspends while holding one lets every other greenlet of the hub in (a Monitor is reentrant on its thread), and blocks other threads for as long as it waits. The lock statement gets GRN0009; this is the same mistake made with Monitor.Enter or Lock.Enter.",
        helpLinkUri: HelpLinkBase + "#grn0031");

    /// <summary>GRN0032: a call that would be green stays blocking because the patch configuration switched its tier or group off.</summary>
    public static readonly DiagnosticDescriptor SwitchedOffPatch = new(
        id: "GRN0032",
        title: "The patch configuration leaves this call blocking",
        messageFormat: "'{0}' blocks the thread, and with it every greenlet of this hub, because {1} switched its patch off; {2} to make it green again, or write it as Green.Blocking(() => ...) to block here deliberately",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "[assembly: GreenPatches(Off = ...)] and the MSBuild property GreenPatchesOff switch tiers and groups of GreenThreads' patches off, like gevent's patch_all(socket=False). Inside a [Greenlet] method a call they switch off is compiled as written and blocks the hub. Green.Blocking(() => call) marks one call as blocking on purpose: it is neither rewritten nor reported.",
        helpLinkUri: HelpLinkBase + "#grn0032");

    /// <summary>GRN0033: the MSBuild property <c>GreenPatchesOff</c> names something that is no <c>GreenPatch</c>.</summary>
    public static readonly DiagnosticDescriptor UnknownPatchName = new(
        id: "GRN0033",
        title: "GreenPatchesOff names an unknown tier or group",
        messageFormat: "The MSBuild property GreenPatchesOff names '{0}', which is no tier or group of GreenThreads' patches, so it switches nothing off; use the names of GreenRuntime.GreenPatch, separated by semicolons (case does not matter): {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "GreenPatchesOff is a semicolon-separated list of GreenRuntime.GreenPatch names (AsyncTwins, Offload, Time, Sockets, ...). A misspelt name would silently leave its patches on.",
        helpLinkUri: HelpLinkBase + "#grn0033",
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>GRN0034: a lambda or an instance method submitted to a <c>ProcessPoolExecutor</c>.</summary>
    public static readonly DiagnosticDescriptor ProcessTargetNotStatic = new(
        id: "GRN0034",
        title: "A ProcessPoolExecutor runs only static methods",
        messageFormat: "'{0}' sends its function to a ProcessPoolExecutor worker process, where only a static method can be found again by its name; {1} cannot cross, so the call throws ArgumentException; pass a static method group, with the values it needs as arguments",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A ProcessPoolExecutor worker is the program started again: a work item names the static method to run by its assembly, type and method names, and carries the arguments as serialized values. A lambda (C# compiles even a static one to an instance method of a hidden class), a local function that captures, or an instance method bound to an object has no such name in the worker. Reported on the function passed to Submit, Map or the initializer.",
        helpLinkUri: HelpLinkBase + "#grn0034");

    /// <summary>GRN0035: an argument of a type that cannot be serialized, submitted to a <c>ProcessPoolExecutor</c>.</summary>
    public static readonly DiagnosticDescriptor ProcessArgumentNotSerializable = new(
        id: "GRN0035",
        title: "A ProcessPoolExecutor argument cannot cross to the worker process",
        messageFormat: "'{0}' is a {1}, which cannot be serialized to a ProcessPoolExecutor worker process ({2}), so the call throws ArgumentException; pass plain data (numbers, strings, arrays, records) that the worker can rebuild",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A ProcessPoolExecutor serializes each argument with System.Text.Json as the method's declared parameter type. Delegates, streams, readers and writers, sockets, handles, threads, tasks, cancellation tokens, reflection objects, processes, greenlets, futures and pointers belong to the process that has them and mean nothing in another one. Reported on the argument (and on the method's parameter type when the function is a method group whose parameter is such a type).",
        helpLinkUri: HelpLinkBase + "#grn0035");

    /// <summary>GRN0036: an executor in a <c>using</c> of a <c>[Greenlet]</c> body, disposed (shut down, waiting) on the hub's thread.</summary>
    public static readonly DiagnosticDescriptor ExecutorDisposedOnHub = new(
        id: "GRN0036",
        title: "An executor disposed at the end of a using blocks the hub",
        messageFormat: "'{0}' is disposed at the end of its using, and Dispose is Shutdown(wait: true) on the hub's thread: every greenlet stops until the executor's work has finished; call '{0}.Shutdown()' before the scope ends, which parks only this greenlet",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Inside a [Greenlet] body, an executor's Shutdown(wait: true) is a marker call the generator turns into a wait that parks the greenlet, but the Dispose that a using statement or declaration calls at the end of its scope is not: it waits for the workers on the hub's own thread, with every other greenlet stopped. Calling Shutdown() on the same variable in the body leaves Dispose nothing to wait for.",
        helpLinkUri: HelpLinkBase + "#grn0036");
}
