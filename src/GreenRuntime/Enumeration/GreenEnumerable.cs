using System.Collections;

namespace GreenRuntime;

/// <summary>
/// A lazy sequence whose next item may not be there yet — the results of <c>GreenPool.IMap</c>, the objects
/// <c>Green.IWait</c> yields as they become ready. A <c>foreach</c> over it inside a <c>[Greenlet]</c> method parks the
/// greenlet between items (a suspension point, like <see cref="Green.Sleep(int)"/>); from ordinary code it runs the hub
/// while it waits, as every blocking call does.
/// </summary>
/// <typeparam name="T">The items.</typeparam>
/// <remarks>
/// <para>
/// Enumerate it with <c>foreach</c> over a value of this type (or of a subclass): the generator sees that the loop's
/// enumerator is a <see cref="GreenEnumerator{T}"/> and makes the loop suspend. Through <see cref="IEnumerable{T}"/>
/// (a variable typed <c>IEnumerable&lt;T&gt;</c>, a LINQ operator such as <c>ToList</c>) the loop is ordinary code:
/// it still works from ordinary code, but inside a greenlet a wait for an item that is not there yet is refused with
/// <see cref="InvalidOperationException"/>, because an ordinary frame cannot suspend.
/// </para>
/// <para>
/// <b>Writing one</b>: derive from this class, return a new <see cref="GreenEnumerator{T}"/> subclass from
/// <see cref="GetEnumerator"/> (see there for the three members it implements), and declare the public API that
/// returns the sequence with this type (or the subclass) as its return type, not <c>IEnumerable&lt;T&gt;</c>, so
/// that <c>foreach</c> binds to <see cref="GetEnumerator"/>.
/// </para>
/// </remarks>
public abstract class GreenEnumerable<T> : IEnumerable<T>
{
    /// <summary>Creates the sequence.</summary>
    protected GreenEnumerable()
    {
    }

    /// <summary>Starts an enumeration: what <c>foreach</c> calls. Each call returns a new enumerator.</summary>
    public abstract GreenEnumerator<T> GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
