using System.Globalization;
using System.Text;

namespace LineageEmulator.Services;

/// <summary>
/// Keyset paging. A NextToken names the query it belongs to (a fingerprint of its filters and sort) and
/// the sort key of the last item returned, so the next page starts strictly after that key: items added
/// between pages never shift or repeat a page. A token that does not decode, or that belongs to another
/// query, is rejected with the error the service uses for bad input.
/// </summary>
public static class Paging
{
    /// <summary>A sort key: the value sorted on, then the item's unique id to break ties.</summary>
    public readonly record struct Key(string Sort, string Id) : IComparable<Key>
    {
        public int CompareTo(Key other)
        {
            var c = string.CompareOrdinal(Sort, other.Sort);
            return c != 0 ? c : string.CompareOrdinal(Id, other.Id);
        }
    }

    /// <summary>A sort value for a time that orders correctly as a string.</summary>
    public static string TimeKey(DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString("D15", CultureInfo.InvariantCulture);

    /// <summary>Identifies a query: the operation and every filter and sort member, but not the page size or token.</summary>
    public static string Fingerprint(params object?[] parts) => Digest.Of(parts);

    public static (List<T> Page, string? NextToken) Page<T>(
        IEnumerable<T> items, Func<T, Key> key, bool descending, int maxResults, string? nextToken, string fingerprint,
        Func<string, Exception> invalidToken)
    {
        maxResults = Math.Max(1, maxResults);
        var after = After(nextToken, fingerprint, invalidToken);
        var sign = descending ? -1 : 1;
        var ordered = items.Select(i => (Item: i, Key: key(i)));
        if (after is { } a) ordered = ordered.Where(x => sign * x.Key.CompareTo(a) > 0);
        var sorted = descending ? ordered.OrderByDescending(x => x.Key) : ordered.OrderBy(x => x.Key);
        var page = sorted.Take(maxResults + 1).ToList();
        if (page.Count <= maxResults) return ([.. page.Select(x => x.Item)], null);
        page.RemoveAt(page.Count - 1);
        return ([.. page.Select(x => x.Item)], Encode(fingerprint, page[^1].Key));
    }

    /// <summary>The key a NextToken continues after (null for a first page); throws for a token not of this query.</summary>
    public static Key? After(string? nextToken, string fingerprint, Func<string, Exception> invalidToken) =>
        string.IsNullOrEmpty(nextToken) ? null : Decode(nextToken, fingerprint) ?? throw invalidToken(nextToken);

    /// <summary>
    /// One page of items already in ascending key order, found by binary search: what <see cref="Page"/> returns
    /// for the same items, at the cost of the page alone.
    /// </summary>
    public static (List<T> Page, string? NextToken) PageOfSorted<T>(
        IReadOnlyList<T> sorted, Func<T, Key> key, Key? after, int maxResults, string fingerprint)
    {
        maxResults = Math.Max(1, maxResults);
        var from = after is { } a ? FirstAfter(sorted, key, a) : 0;
        var count = Math.Min(maxResults, sorted.Count - from);
        var page = new List<T>(count);
        for (var i = from; i < from + count; i++) page.Add(sorted[i]);
        return (page, from + count < sorted.Count ? Encode(fingerprint, key(page[^1])) : null);
    }

    /// <summary>
    /// One page of items that already come in the listing's order, starting after the token's key: reads only the
    /// page and one item more.
    /// </summary>
    public static (List<T> Page, string? NextToken) PageInOrder<T>(IEnumerable<T> ordered, Func<T, Key> key, int maxResults, string fingerprint)
    {
        maxResults = Math.Max(1, maxResults);
        var page = ordered.Take(maxResults + 1).ToList();
        if (page.Count <= maxResults) return (page, null);
        page.RemoveAt(page.Count - 1);
        return (page, Encode(fingerprint, key(page[^1])));
    }

    /// <summary>
    /// A listing kept in CreationTime order (<see cref="TimeKey"/>, then the id), possibly split into parts merged in
    /// <paramref name="order"/>, read from just past the token's key and from the CreatedAfter (ascending) or
    /// CreatedBefore (descending) bound, up to the other bound. The bounds are inclusive ("on or after", as
    /// ListAssociations, ListArtifacts, ListActions and ListContexts document them) or strict ("after", as
    /// ListTrialComponents, ListExperiments and ListTrials do). <paramref name="group"/> reads one group of a listing
    /// kept in (group, CreationTime) order: it gives an item's group's place relative to the one read (see InOrder).
    /// </summary>
    public static IEnumerable<T> InTimeOrder<T>(IReadOnlyList<State.SortedChunks<T>> parts, IComparer<T> order, Func<T, Key> key,
        Func<T, DateTimeOffset> created, Key? after, DateTimeOffset? createdAfter, DateTimeOffset? createdBefore, bool descending,
        bool inclusive = true, Func<T, int>? group = null) where T : class
    {
        bool AfterStart(T e) => createdAfter is not { } ca || (inclusive ? created(e) >= ca : created(e) > ca);
        bool BeforeEnd(T e) => createdBefore is not { } cb || (inclusive ? created(e) <= cb : created(e) < cb);
        return InOrder(parts, order, key, after, descending,
            startAt: descending ? e => !BeforeEnd(e) : AfterStart,
            stopAt: descending ? e => !AfterStart(e) : e => !BeforeEnd(e),
            group);
    }

    /// <summary>
    /// A listing kept in its sort order (possibly split into parts, merged in <paramref name="order"/>), read from just
    /// past the token's key: <paramref name="startAt"/> (false, then true, in ascending order; when descending: items
    /// where it holds are skipped) moves the start further, and the reading stops at the first item for which
    /// <paramref name="stopAt"/> holds. With <paramref name="group"/>, the listing is kept in (group, key) order and only
    /// the group for which it gives 0 is read (negative: an earlier group, positive: a later one).
    /// </summary>
    public static IEnumerable<T> InOrder<T>(IReadOnlyList<State.SortedChunks<T>> parts, IComparer<T> order, Func<T, Key> key, Key? after,
        bool descending, Func<T, bool>? startAt = null, Func<T, bool>? stopAt = null, Func<T, int>? group = null) where T : class
    {
        if (parts.Count == 0) return [];
        int Group(T e) => group?.Invoke(e) ?? 0;
        var reads = parts.Select(listing => descending
            ? listing.Descending(e => Group(e) is var g && (g > 0 || (g == 0 && ((after is { } a && key(e).CompareTo(a) >= 0) || (startAt?.Invoke(e) ?? false)))))
            : listing.Ascending(e => Group(e) is var g && (g > 0 || (g == 0 && (after is not { } a || key(e).CompareTo(a) > 0) && (startAt?.Invoke(e) ?? true)))))
            .ToList();
        var read = State.SortedChunks.Merge(reads, order, descending);
        return stopAt is null && group is null ? read : read.TakeWhile(e => Group(e) == 0 && !(stopAt?.Invoke(e) ?? false));
    }

    /// <summary>
    /// What a reading that passes a filter gives, when it gives few enough items that sorting them costs less than
    /// finding a page of them in another order of <paramref name="total"/> items (where they are spread evenly, a
    /// page costs the page times total / count: past about the square root of page × total, reading that order wins);
    /// null, having read only that far, when there are more.
    /// </summary>
    public static List<T>? FewEnough<T>(IEnumerable<T> reading, int total, int page)
    {
        var cap = Math.Max(page, (int)Math.Sqrt((double)page * total));
        var items = new List<T>();
        foreach (var item in reading)
        {
            if (items.Count == cap) return null;
            items.Add(item);
        }
        return items;
    }

    /// <summary>The index of the first item whose key is greater than <paramref name="after"/>.</summary>
    public static int FirstAfter<T>(IReadOnlyList<T> sorted, Func<T, Key> key, Key after)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (key(sorted[mid]).CompareTo(after) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static string Encode(string fingerprint, Key last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(fingerprint + "\n" + last.Sort + "\n" + last.Id));

    private static Key? Decode(string token, string fingerprint)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n');
            return parts.Length == 3 && parts[0] == fingerprint ? new Key(parts[1], parts[2]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
