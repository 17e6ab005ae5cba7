using LineageEmulator.State;

namespace LineageEmulator.Tests;

/// <summary>A walk's edges are kept in chunks; reading them back by index or in order gives the items as given.</summary>
public sealed class ChunkedListTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16_383)]
    [InlineData(16_384)]
    [InlineData(40_001)]
    public void Holds_the_items_in_order_across_chunk_boundaries(int count)
    {
        // 4-byte items: 16,384 to a 64 KB chunk, so the larger counts span two and three chunks.
        var items = Enumerable.Range(0, count).Select(i => i * 7).ToArray();
        var list = new ChunkedList<int>(items);

        Assert.Equal(count, list.Count);
        Assert.Equal(items, list);
        for (var i = 0; i < count; i += 997) Assert.Equal(items[i], list[i]);
        if (count > 0) Assert.Equal(items[^1], list[count - 1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
    }
}
