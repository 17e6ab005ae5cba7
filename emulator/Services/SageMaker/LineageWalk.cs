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

    /// <summary>A vertex reached at a depth (the start is depth 0).</summary>
    public sealed record Visit(ILineageEntity Entity, int Depth)
    {
        public Paging.Key Key => new(Depth.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), Entity.Arn);
    }

    /// <summary>
    /// The visits in order (start first, then by depth, then by ARN) and every edge examined between two
    /// visited vertices, each keyed by its later-reached end so a page of vertices can carry the edges it
    /// completes. <paramref name="ReachedFrom"/> holds, for each vertex but the start, the vertices one step
    /// nearer the start through which the walk first reached it.
    /// </summary>
    public sealed record Result(List<Visit> Visits, List<(AssociationRecord Edge, Paging.Key Key)> Edges,
        IReadOnlyDictionary<string, List<string>> ReachedFrom)
    {
        /// <summary>
        /// The given vertices and every vertex on a path the walk took from the start to one of them, in
        /// walk order. This is what IncludeEdges adds to the entities of interest ("the Associations and
        /// lineage entities on the path", API reference), so that every edge returned connects two returned vertices.
        /// </summary>
        public List<Visit> WithPathsTo(IEnumerable<Visit> targets)
        {
            var keep = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>(targets.Select(t => t.Entity.Arn));
            while (pending.TryPop(out var arn))
            {
                if (!keep.Add(arn)) continue;
                if (ReachedFrom.TryGetValue(arn, out var parents)) foreach (var p in parents) pending.Push(p);
            }
            return [.. Visits.Where(v => keep.Contains(v.Entity.Arn))];
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
    /// </summary>
    public static Result Walk(CallContext ctx, ILineageEntity start, string? direction, int? maxDepth)
    {
        var visits = new List<Visit> { new(start, 0) };
        var byArn = new Dictionary<string, Visit>(StringComparer.Ordinal) { [start.Arn] = visits[0] };
        var edges = new Dictionary<string, AssociationRecord>(StringComparer.Ordinal);
        var reachedFrom = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var down = (direction ?? DefaultDirection) != DirectionValues.Ascendants;
        var up = (direction ?? DefaultDirection) != DirectionValues.Descendants;
        var index = ctx.Store.Index;

        var frontier = new List<Visit> { visits[0] };
        for (var depth = 1; depth <= (maxDepth ?? DefaultMaxDepth) && frontier.Count > 0; depth++)
        {
            var found = new SortedDictionary<string, ILineageEntity>(StringComparer.Ordinal);
            foreach (var from in frontier)
            {
                var arn = from.Entity.Arn;
                var steps = (down ? index.Outgoing(arn).Select(e => (Edge: e, To: e.DestinationArn)) : [])
                    .Concat(up ? index.Incoming(arn).Select(e => (Edge: e, To: e.SourceArn)) : []);
                foreach (var (edge, to) in steps)
                {
                    var entity = byArn.TryGetValue(to, out var seen) ? seen.Entity
                        : found.TryGetValue(to, out var pending) ? pending
                        : Associations.Readable(ctx, to);
                    if (entity is null) continue;
                    if (seen is null)
                    {
                        found[to] = entity;
                        if (!reachedFrom.TryGetValue(to, out var parents)) reachedFrom[to] = parents = [];
                        parents.Add(arn);
                    }
                    edges[edge.Key] = edge;
                }
            }
            frontier = [.. found.Values.Select(e => new Visit(e, depth))];
            foreach (var v in frontier) byArn[v.Entity.Arn] = v;
            visits.AddRange(frontier);
        }

        var keyed = edges.Values
            .Select(e => (Edge: e, Key: Max(byArn[e.SourceArn].Key, byArn[e.DestinationArn].Key)))
            .OrderBy(x => x.Key)
            .ThenBy(x => x.Edge.Key, StringComparer.Ordinal)
            .ToList();
        return new Result(visits, keyed, reachedFrom);
    }

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

    private static Paging.Key Max(Paging.Key a, Paging.Key b) => a.CompareTo(b) >= 0 ? a : b;
}
