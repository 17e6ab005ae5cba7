using System.Buffers;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// The lineage graph walk: a breadth-first walk over the adjacency index from one start, across every
/// account whose lineage the caller may read. QueryLineage pages its result; the graph view draws it.
/// Work is proportional to the part of the graph visited.
/// </summary>
public static class LineageWalk
{
    // Undocumented server defaults; the SageMaker Python SDK always sends Direction=Both and MaxDepth=10.
    public const int DefaultMaxDepth = 10;
    public const string DefaultDirection = DirectionValues.Both;

    // Undocumented too. The SageMaker Python SDK never sends MaxResults and never follows NextToken, so a
    // default page smaller than the model's largest (50) silently drops vertices for its callers.
    public const int DefaultMaxResults = 50;

    /// <summary>A vertex reached at a depth (the start is depth 0), at its place in walk order.</summary>
    public sealed class Visit(ILineageEntity entity, int depth)
    {
        public ILineageEntity Entity { get; } = entity;
        public int Depth { get; } = depth;

        /// <summary>Its position in walk order (start first, then by depth, then by ARN): the order of <see cref="Key"/>.</summary>
        public int Index { get; internal set; }

        // The vertices one step nearer the start through which the walk first reached it: most have one.
        private Visit? reachedFrom;
        private List<Visit>? alsoReachedFrom;

        internal void Reached(Visit from)
        {
            if (reachedFrom is null) reachedFrom = from;
            else (alsoReachedFrom ??= []).Add(from);
        }

        internal IEnumerable<Visit> ReachedFrom =>
            reachedFrom is null ? [] : alsoReachedFrom is null ? [reachedFrom] : alsoReachedFrom.Prepend(reachedFrom);

        private Paging.Key? key;
        public Paging.Key Key => key ??= new(Depth.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), Entity.Arn);
    }

    /// <summary>An edge the walk examined between two visited vertices, with the visits at its ends.</summary>
    public readonly record struct WalkEdge(AssociationRecord Edge, Visit Source, Visit Destination)
    {
        /// <summary>The end the walk reached later: a page of vertices carries the edges its vertices complete.</summary>
        public Visit Later => Source.Index >= Destination.Index ? Source : Destination;
        public Paging.Key Key => Later.Key;
    }

    /// <summary>
    /// The visits in walk order (start first, then by depth, then by ARN) and every edge examined between two
    /// visited vertices, in the order of their later-reached end (then by association key), so a page of vertices
    /// can carry the edges it completes. It is the walk of the state at store <paramref name="Version"/>.
    /// </summary>
    public sealed record Result(List<Visit> Visits, IReadOnlyList<WalkEdge> Edges, long Version)
    {
        /// <summary>
        /// The given vertices and every vertex on a path the walk took from the start to one of them, in
        /// walk order, with the edges between two of them. This is what IncludeEdges adds to the entities of
        /// interest ("the Associations and lineage entities on the path", API reference), so that every edge
        /// returned connects two returned vertices.
        /// </summary>
        public (List<Visit> Visits, IReadOnlyList<WalkEdge> Edges) WithPathsTo(IEnumerable<Visit> targets)
        {
            var keep = new bool[Visits.Count];
            var kept = 0;
            var pending = new Stack<Visit>(targets);
            while (pending.TryPop(out var visit))
            {
                if (keep[visit.Index]) continue;
                keep[visit.Index] = true;
                kept++;
                foreach (var parent in visit.ReachedFrom) pending.Push(parent);
            }
            if (kept == Visits.Count) return (Visits, Edges);
            return ([.. Visits.Where(v => keep[v.Index])], [.. Edges.Where(e => keep[e.Source.Index] && keep[e.Destination.Index])]);
        }
    }

    /// <summary>The start vertex, if it exists and the caller may read its lineage.</summary>
    public static ILineageEntity Start(CallContext ctx, string startArn) =>
        Associations.Readable(ctx, startArn) ?? throw new ResourceNotFound($"Lineage entity '{startArn}' does not exist.");

    /// <summary>
    /// The model bounds MaxDepth and MaxResults from above only; a page of no vertices or a negative depth
    /// cannot be answered, so they are rejected in the same Coral wording.
    /// </summary>
    public static void CheckRanges(int? maxDepth, int? maxResults)
    {
        var v = new Wire.Validator();
        if (maxDepth is { } depth) v.Min(v.Member(null, "maxDepth"), depth, 0);
        if (maxResults is { } results) v.Min(v.Member(null, "maxResults"), results, 1);
        if (v.Failures.Count > 0) throw new ValidationException(v.Summary());
    }

    /// <summary>
    /// Breadth-first from the start. Descendants follow outgoing edges, Ascendants incoming ones, and Both
    /// expands every visited vertex both ways (undirected reachability, as documented: "not only from the
    /// starting node, but from each node that is visited"). A vertex the caller may not read is neither
    /// visited nor walked through.
    /// <para>
    /// A long walk lets waiting writers in every <see cref="StepsBetweenPauses"/> edges (<see cref="Store.LetWritersIn"/>):
    /// what it has used so far is the rows of the vertices it looked up, the edges at them, and the sharing state
    /// that decided which it may read; a change to none of those leaves its work as it would be now.
    /// </para>
    /// </summary>
    public static Result Walk(CallContext ctx, ILineageEntity start, string? direction, int? maxDepth)
    {
        var first = new Visit(start, 0);
        var visits = new List<Visit> { first };
        var visited = new Dictionary<string, Visit>(StringComparer.Ordinal) { [start.Arn] = first };
        // Vertices first reached at the depth being walked, and those the caller may not read (or that do not exist).
        var found = new Dictionary<string, Visit>(StringComparer.Ordinal);
        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        // Edges in the order examined, in a pooled buffer: a dense walk examines tens of thousands, and only their
        // ordered copy is kept.
        var edges = ArrayPool<WalkEdge>.Shared.Rent(64);
        var edgeCount = 0;
        var down = (direction ?? DefaultDirection) != DirectionValues.Ascendants;
        var up = (direction ?? DefaultDirection) != DirectionValues.Descendants;
        var deepest = maxDepth ?? DefaultMaxDepth;
        var index = ctx.Store.Index;
        var steps = 0;

        bool Used(string arn) => visited.ContainsKey(arn) || found.ContainsKey(arn) || unreadable.Contains(arn);
        bool Touches(Change change)
        {
            var partition = change.Table.Partition;
            if (partition.IsSharingState(change.Table)) return true;
            if (partition.IsEntityTable(change.Table)) return Used(change.Key);
            return change.Table == partition.Associations
                && (change.Before is AssociationRecord before && (Used(before.SourceArn) || Used(before.DestinationArn))
                    || change.After is AssociationRecord after && (Used(after.SourceArn) || Used(after.DestinationArn)));
        }

        void Step(AssociationRecord edge, Visit from, string to, bool outgoing)
        {
            if (++steps % StepsBetweenPauses == 0) ctx.Store.LetWritersIn(Touches);
            if (!visited.TryGetValue(to, out var reached))
            {
                if (!found.TryGetValue(to, out reached))
                {
                    if (unreadable.Contains(to)) return;
                    if (Associations.Readable(ctx, to) is not { } entity)
                    {
                        unreadable.Add(to);
                        return;
                    }
                    found[to] = reached = new Visit(entity, from.Depth + 1);
                }
                reached.Reached(from);
            }
            // Walking both ways, an edge is examined from each end that is expanded; it is kept from its source's
            // side when the source is expanded (any vertex above the deepest level is), else from here.
            if (!outgoing && down && reached.Depth < deepest) return;
            if (edgeCount == edges.Length)
            {
                var larger = ArrayPool<WalkEdge>.Shared.Rent(edgeCount * 2);
                edges.AsSpan(0, edgeCount).CopyTo(larger);
                ArrayPool<WalkEdge>.Shared.Return(edges, clearArray: true);
                edges = larger;
            }
            edges[edgeCount++] = outgoing ? new(edge, from, reached) : new(edge, reached, from);
        }

        var frontier = new List<Visit> { first };
        for (var depth = 1; depth <= deepest && frontier.Count > 0; depth++)
        {
            foreach (var from in frontier)
            {
                if (down) foreach (var edge in index.Outgoing(from.Entity.Arn)) Step(edge, from, edge.DestinationArn, outgoing: true);
                if (up) foreach (var edge in index.Incoming(from.Entity.Arn)) Step(edge, from, edge.SourceArn, outgoing: false);
            }
            frontier = [.. found.Values.OrderBy(v => v.Entity.Arn, StringComparer.Ordinal)];
            foreach (var v in frontier)
            {
                v.Index = visits.Count;
                visits.Add(v);
                visited.Add(v.Entity.Arn, v);
            }
            found.Clear();
        }

        // The walk is what the state is at this version; ordering its edges reads nothing more, so it may let
        // writers in without checking what they change.
        var version = ctx.Store.Version;
        var ordered = InOrderOfLaterEnd(edges.AsSpan(0, edgeCount), visits.Count, ctx.Store);
        ArrayPool<WalkEdge>.Shared.Return(edges, clearArray: true);
        return new Result(visits, ordered, version);
    }

    // Edges by the walk position of their later-reached end, then by association key: placed by position (a
    // counting sort, linear in the edges), then each vertex's few edges sorted by key.
    private static ChunkedList<WalkEdge> InOrderOfLaterEnd(ReadOnlySpan<WalkEdge> edges, int vertices, Store store)
    {
        var starts = new int[vertices + 1];
        foreach (var e in edges) starts[e.Later.Index + 1]++;
        for (var i = 1; i <= vertices; i++) starts[i] += starts[i - 1];
        var placed = ArrayPool<WalkEdge>.Shared.Rent(edges.Length);
        var next = (int[])starts.Clone();
        foreach (var e in edges) placed[next[e.Later.Index]++] = e;
        for (var v = 0; v < vertices; v++)
        {
            if (v % (StepsBetweenPauses / 16) == 0) store.LetWritersIn(static _ => false);
            if (starts[v + 1] - starts[v] > 1)
                placed.AsSpan(starts[v], starts[v + 1] - starts[v]).Sort(static (x, y) => AssociationRecord.CompareKeys(x.Edge, y.Edge));
        }
        var kept = new ChunkedList<WalkEdge>(placed.AsSpan(0, edges.Length));
        ArrayPool<WalkEdge>.Shared.Return(placed, clearArray: true);
        return kept;
    }

    // About a tenth of a millisecond of walking: how long a waiting writer may wait for each running walk.
    private const int StepsBetweenPauses = 256;

    /// <summary>Filters choose the vertices returned; traversal goes on through vertices that do not match.</summary>
    public static bool Matches(ILineageEntity e, QueryFilters? f)
    {
        if (f is null) return true;
        if (f.Types is { Count: > 0 } types && !types.Contains(Associations.VertexTypeOf(e))) return false;
        if (f.LineageTypes is { Count: > 0 } lineageTypes && !lineageTypes.Contains(e.LineageType)) return false;
        if (f.CreatedBefore is { } cb && !(e.CreationTime < cb)) return false;
        if (f.CreatedAfter is { } ca && !(e.CreationTime > ca)) return false;
        if (f.ModifiedBefore is { } mb && !(e.LastModifiedTime < mb)) return false;
        if (f.ModifiedAfter is { } ma && !(e.LastModifiedTime > ma)) return false;
        // Documented: "an entity is included in the results if it matches any of the provided pairs".
        if (f.Properties is { Count: > 0 } props
            && !props.Any(p => e.EntityProperties is { } mine && mine.TryGetValue(p.Key, out var value) && value == p.Value))
            return false;
        return true;
    }

}
