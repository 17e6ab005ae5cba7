using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;
using LineageEmulator.Wire;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// QueryLineage: a breadth-first walk over the adjacency index from the start ARN, across every account
/// whose lineage the caller may read. Work is proportional to the part of the graph visited.
/// </summary>
public static class QueryLineage
{
    // Undocumented server defaults; the SageMaker Python SDK always sends Direction=Both and MaxDepth=10.
    private const int DefaultMaxDepth = 10;

    public static void Register(OperationTable t) =>
        t.Add(SageMakerOperations.QueryLineage, Access.Read, r => r.StartArns ?? [], Query);

    private sealed record Visit(ILineageEntity Entity, int Depth)
    {
        public Paging.Key Key => new(Depth.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), Entity.Arn);
    }

    private static QueryLineageResponse Query(QueryLineageRequest r, CallContext ctx)
    {
        CheckRanges(r);
        var startArn = r.StartArns is [var only] ? only
            : throw new ValidationException("StartArns must contain exactly one ARN.");
        var start = Associations.Readable(ctx, startArn)
            ?? throw new ResourceNotFound($"Lineage entity '{startArn}' does not exist.");

        var (visits, edges) = Walk(ctx, start, r.Direction ?? DirectionValues.Both, r.MaxDepth ?? DefaultMaxDepth);
        var matches = visits.Where(v => v.Depth > 0 && Matches(v.Entity, r.Filters)).ToList();

        var f = r.Filters;
        var fingerprint = Paging.Fingerprint("QueryLineage", startArn, r.Direction, r.MaxDepth, r.IncludeEdges,
            f?.Types, f?.LineageTypes, f?.CreatedBefore, f?.CreatedAfter, f?.ModifiedBefore, f?.ModifiedAfter,
            f?.Properties is null ? null : string.Join("\u001e", f.Properties.OrderBy(p => p.Key, StringComparer.Ordinal)));
        var (page, next) = Paging.Page(matches, v => v.Key, false, Lineage.PageSize(r.MaxResults), r.NextToken, fingerprint,
            SageMakerService.InvalidNextToken);

        return new QueryLineageResponse
        {
            // Both lists are always present: the SageMaker Python SDK indexes response["Vertices"] and ["Edges"].
            Vertices = [.. page.Select(v => new Vertex { Arn = v.Entity.Arn, Type = Associations.VertexTypeOf(v.Entity), LineageType = v.Entity.LineageType })],
            Edges = r.IncludeEdges == true ? EdgesOfPage(matches, page, next is null, edges) : [],
            NextToken = next,
        };
    }

    /// <summary>
    /// The model bounds MaxDepth and MaxResults from above only; a page of no vertices or a negative depth
    /// cannot be answered, so they are rejected in the same Coral wording.
    /// </summary>
    private static void CheckRanges(QueryLineageRequest r)
    {
        var v = new Validator();
        if (r.MaxDepth is { } depth) v.Min(v.Member(null, "maxDepth"), depth, 0);
        if (r.MaxResults is { } results) v.Min(v.Member(null, "maxResults"), results, 1);
        if (v.Failures.Count > 0) throw new ValidationException(v.Summary());
    }

    /// <summary>
    /// Breadth-first from the start. Descendants follow outgoing edges, Ascendants incoming ones, and Both
    /// expands every visited vertex both ways (undirected reachability, as documented: "not only from the
    /// starting node, but from each node that is visited"). A vertex the caller may not read is neither
    /// visited nor walked through. Returns the visits in order (start first, depth 0) and every edge
    /// examined between two visited vertices.
    /// </summary>
    private static (List<Visit> Visits, List<(AssociationRecord Edge, Paging.Key Key)> Edges) Walk(
        CallContext ctx, ILineageEntity start, string direction, int maxDepth)
    {
        var visits = new List<Visit> { new(start, 0) };
        var byArn = new Dictionary<string, Visit>(StringComparer.Ordinal) { [start.Arn] = visits[0] };
        var edges = new Dictionary<string, AssociationRecord>(StringComparer.Ordinal);
        var down = direction != DirectionValues.Ascendants;
        var up = direction != DirectionValues.Descendants;
        var index = ctx.Store.Index;

        var frontier = new List<Visit> { visits[0] };
        for (var depth = 1; depth <= maxDepth && frontier.Count > 0; depth++)
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
                    if (seen is null) found[to] = entity;
                    edges[edge.Key] = edge;
                }
            }
            frontier = [.. found.Values.Select(e => new Visit(e, depth))];
            foreach (var v in frontier) byArn[v.Entity.Arn] = v;
            visits.AddRange(frontier);
        }

        // An edge belongs where its later end was reached, so each page can carry the edges it completes.
        var keyed = edges.Values
            .Select(e => (Edge: e, Key: Max(byArn[e.SourceArn].Key, byArn[e.DestinationArn].Key)))
            .OrderBy(x => x.Key)
            .ThenBy(x => x.Edge.Key, StringComparer.Ordinal)
            .ToList();
        return (visits, keyed);
    }

    /// <summary>
    /// Edges are paged with the vertices: a page carries the edges whose later-reached end falls after the
    /// previous page's last vertex and up to its own last vertex (the last page carries the rest), so every
    /// edge is returned exactly once across the pages of one query.
    /// </summary>
    private static List<Edge> EdgesOfPage(List<Visit> matches, List<Visit> page, bool isLast,
        List<(AssociationRecord Edge, Paging.Key Key)> edges)
    {
        Paging.Key? lower = null, upper = null;
        if (page.Count > 0)
        {
            var first = matches.IndexOf(page[0]);
            if (first > 0) lower = matches[first - 1].Key;
            if (!isLast) upper = page[^1].Key;
        }
        return [.. edges
            .Where(x => (lower is not { } lo || x.Key.CompareTo(lo) > 0) && (upper is not { } hi || x.Key.CompareTo(hi) <= 0))
            .Select(x => new Edge { SourceArn = x.Edge.SourceArn, DestinationArn = x.Edge.DestinationArn, AssociationType = x.Edge.AssociationType })];
    }

    /// <summary>Filters choose the vertices returned; traversal goes on through vertices that do not match.</summary>
    private static bool Matches(ILineageEntity e, QueryFilters? f)
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
