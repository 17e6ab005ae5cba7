using System.Collections;
using System.Runtime.CompilerServices;

namespace LineageEmulator.State;

/// <summary>
/// A read-only list held in arrays of under 64 KB each. A big result kept for later pages (a dense walk's tens of
/// thousands of edges) would otherwise be one array on the large object heap, which only full collections free:
/// many of them, made and dropped by queries in a row, make the runtime stop every thread for those collections.
/// </summary>
public sealed class ChunkedList<T> : IReadOnlyList<T>
{
    private static readonly int ChunkLength = Math.Max(1, 64 * 1024 / Math.Max(1, Unsafe.SizeOf<T>()));
    private readonly T[][] chunks;

    public ChunkedList(ReadOnlySpan<T> items)
    {
        Count = items.Length;
        chunks = new T[(items.Length + ChunkLength - 1) / ChunkLength][];
        for (var c = 0; c < chunks.Length; c++)
            chunks[c] = items.Slice(c * ChunkLength, Math.Min(ChunkLength, items.Length - c * ChunkLength)).ToArray();
    }

    public int Count { get; }

    public T this[int index] => (uint)index < (uint)Count
        ? chunks[index / ChunkLength][index % ChunkLength]
        : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<T> GetEnumerator()
    {
        foreach (var chunk in chunks)
            foreach (var item in chunk)
                yield return item;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
