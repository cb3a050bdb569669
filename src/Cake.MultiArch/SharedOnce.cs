using System.Collections.Concurrent;

namespace Cake.MultiArch;

/// <summary>
/// Values made once per key and shared by every caller, also on other threads (a daemon's version, a registry's
/// client). A making that fails, or whose value <c>keep</c> refuses, is forgotten, so the next caller makes it again.
/// </summary>
/// <typeparam name="TKey">What names a value.</typeparam>
/// <typeparam name="T">The value.</typeparam>
/// <param name="comparer">Compares keys; the default comparer when <see langword="null"/>.</param>
internal sealed class SharedOnce<TKey, T>(IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<T>>> _entries = new(comparer);

    /// <summary>The value of a key, made by the first caller; later callers wait for the same making.</summary>
    /// <param name="key">The key.</param>
    /// <param name="make">Makes the value.</param>
    /// <param name="cancellationToken">Cancels this caller's wait (and its entry, which the next caller makes again).</param>
    /// <param name="keep">Whether a made value is kept for later callers; every value is when <see langword="null"/>.</param>
    public async Task<T> GetAsync(TKey key, Func<Task<T>> make, CancellationToken cancellationToken, Func<T, bool>? keep = null)
    {
        var entry = _entries.GetOrAdd(key, _ => new Lazy<Task<T>>(make));
        try
        {
            var value = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (keep is not null && !keep(value))
            {
                Forget(key, entry);
            }

            return value;
        }
        catch
        {
            Forget(key, entry);
            throw;
        }
    }

    /// <summary>Every value made so far, and forgets them all.</summary>
    public IReadOnlyList<T> TakeAll()
    {
        var made = _entries.Values.Where(e => e.IsValueCreated && e.Value.IsCompletedSuccessfully).Select(e => e.Value.Result).ToArray();
        _entries.Clear();
        return made;
    }

    // Only this entry: a caller that already made the key again keeps its own.
    private void Forget(TKey key, Lazy<Task<T>> entry) => _entries.TryRemove(new KeyValuePair<TKey, Lazy<Task<T>>>(key, entry));
}
