namespace LineageEmulator.State;

/// <summary>
/// A sorted set kept as a list of small sorted arrays: about one reference per item (a balanced tree costs a node
/// of 48 bytes), insertion and removal in O(log n + chunk), and reading from any position in either direction
/// costs only what is read. Items must be unique under the comparer.
/// </summary>
public sealed class SortedChunks<T>(IComparer<T> order) where T : class
{
    private const int ChunkMax = 128;
    private readonly List<List<T>> chunks = [];

    public int Count { get; private set; }

    public void Add(T item)
    {
        if (chunks.Count == 0)
        {
            chunks.Add([item]);
            Count++;
            return;
        }
        var c = ChunkFor(item);
        var chunk = chunks[c];
        var i = chunk.BinarySearch(item, order);
        if (i >= 0) return;
        chunk.Insert(~i, item);
        Count++;
        if (chunk.Count > ChunkMax)
        {
            var half = chunk.GetRange(ChunkMax / 2, chunk.Count - ChunkMax / 2);
            chunk.RemoveRange(ChunkMax / 2, chunk.Count - ChunkMax / 2);
            chunks.Insert(c + 1, half);
        }
    }

    public void Remove(T item)
    {
        if (chunks.Count == 0) return;
        var c = ChunkFor(item);
        var chunk = chunks[c];
        var i = chunk.BinarySearch(item, order);
        if (i < 0) return;
        chunk.RemoveAt(i);
        Count--;
        if (chunk.Count == 0) chunks.RemoveAt(c);
    }

    public bool Contains(T item) => chunks.Count > 0 && chunks[ChunkFor(item)].BinarySearch(item, order) >= 0;

    /// <summary>In order, from the first item for which <paramref name="from"/> holds (false, then true, in order).</summary>
    public IEnumerable<T> Ascending(Func<T, bool> from)
    {
        var (c, i) = FirstWhere(from);
        for (; c < chunks.Count; c++, i = 0)
            for (var chunk = chunks[c]; i < chunk.Count; i++) yield return chunk[i];
    }

    /// <summary>
    /// In reverse order, from the last item for which <paramref name="notBefore"/> does not hold (it is false, then
    /// true, in order): the items before a position, nearest first.
    /// </summary>
    public IEnumerable<T> Descending(Func<T, bool> notBefore)
    {
        var (c, i) = FirstWhere(notBefore);
        i--;
        while (true)
        {
            if (i < 0)
            {
                if (--c < 0) yield break;
                i = chunks[c].Count - 1;
                continue;
            }
            yield return chunks[c][i--];
        }
    }

    // The (chunk, index) of the first item for which the monotonic predicate holds, or the end.
    private (int Chunk, int Index) FirstWhere(Func<T, bool> holds)
    {
        int lo = 0, hi = chunks.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (holds(chunks[mid][^1])) hi = mid;
            else lo = mid + 1;
        }
        if (lo == chunks.Count) return (chunks.Count, 0);
        var chunk = chunks[lo];
        int a = 0, b = chunk.Count;
        while (a < b)
        {
            var mid = (a + b) >>> 1;
            if (holds(chunk[mid])) b = mid;
            else a = mid + 1;
        }
        return (lo, a);
    }

    // The chunk an item belongs in: the first whose last item is not before it (or the last chunk).
    private int ChunkFor(T item)
    {
        int lo = 0, hi = chunks.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (order.Compare(chunks[mid][^1], item) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}

/// <summary>Readings of several sorted sets as one.</summary>
public static class SortedChunks
{
    /// <summary>
    /// Merges sequences that each come in <paramref name="order"/> (reversed when <paramref name="descending"/>) into
    /// one in that order, reading each only as far as the merged sequence is read: a page of a listing split into
    /// k parts costs the page times log k, plus one seek per part.
    /// </summary>
    public static IEnumerable<T> Merge<T>(IReadOnlyList<IEnumerable<T>> parts, IComparer<T> order, bool descending)
    {
        if (parts.Count == 1)
        {
            foreach (var item in parts[0]) yield return item;
            yield break;
        }
        var heads = new PriorityQueue<IEnumerator<T>, T>(descending ? Comparer<T>.Create((x, y) => order.Compare(y, x)) : order);
        try
        {
            foreach (var part in parts)
            {
                var e = part.GetEnumerator();
                if (e.MoveNext()) heads.Enqueue(e, e.Current);
                else e.Dispose();
            }
            while (heads.TryDequeue(out var e, out var item))
            {
                yield return item;
                if (e.MoveNext()) heads.Enqueue(e, e.Current);
                else e.Dispose();
            }
        }
        finally
        {
            while (heads.TryDequeue(out var e, out _)) e.Dispose();
        }
    }
}
