namespace GreenRuntime.Generators.Analysis;

/// <summary>Where a suspension point stands that keeps it from being rewritten into an <c>await</c>.</summary>
internal enum SuspensionBarrierKind
{
    /// <summary>Nothing: the suspension point can be rewritten.</summary>
    None,

    /// <summary>Inside the body of a <c>lock</c> statement (C# forbids <c>await</c> there, and the lock would be held across the suspension).</summary>
    Lock,

    /// <summary>Inside a lambda that is not passed straight to a GreenRuntime function-taking API.</summary>
    Lambda,

    /// <summary>Inside an anonymous method (<c>delegate { ... }</c>) that is not passed straight to a GreenRuntime function-taking API.</summary>
    AnonymousMethod,

    /// <summary>Inside a local function.</summary>
    LocalFunction,

    /// <summary>Inside a query expression clause (each clause is a lambda).</summary>
    Query,

    /// <summary>Inside a <c>catch (...) when (...)</c> filter (C# forbids <c>await</c> there).</summary>
    CatchFilter,

    /// <summary>Inside an <c>unsafe</c> or <c>fixed</c> statement (C# forbids <c>await</c> there).</summary>
    Unsafe,

    /// <summary>A conditional call <c>a?.M()</c>: there is no awaitable to await when <c>a</c> is null.</summary>
    ConditionalAccess,
}
