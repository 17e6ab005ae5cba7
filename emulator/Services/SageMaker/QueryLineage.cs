using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;
using LineageEmulator.Wire;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// QueryLineage: the walk (<see cref="LineageWalk"/>) from the start ARN across every account whose lineage
/// the caller may read, then the filters, then a page of vertices with the edges that page completes.
/// </summary>
public static class QueryLineage
{
    // Undocumented server defaults; the SageMaker Python SDK always sends Direction=Both and MaxDepth=10.
    private const int DefaultMaxDepth = 10;

    // Undocumented too. The SageMaker Python SDK never sends MaxResults and never follows NextToken, so a
    // default page smaller than the model's largest (50) silently drops vertices for its callers.
    private const int DefaultMaxResults = 50;

    public static void Register(OperationTable t) =>
        t.Add(SageMakerOperations.QueryLineage, Access.Read, r => r.StartArns ?? [], Query);

    private static Paging.Key KeyOf(LineageWalk.Visit v) =>
        new(v.Depth.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), v.Arn);

    private static QueryLineageResponse Query(QueryLineageRequest r, CallContext ctx)
    {
        CheckRanges(r);
        var startArn = r.StartArns is [var only] ? only
            : throw new ValidationException("StartArns must contain exactly one ARN.");
        var start = Associations.Readable(ctx, startArn)
            ?? throw new ResourceNotFound($"Lineage entity '{startArn}' does not exist.");

        var walk = LineageWalk.From(ctx, start, r.Direction ?? DirectionValues.Both, r.MaxDepth ?? DefaultMaxDepth);
        // The start is a vertex like any other: the SDK's visualizer draws it from Vertices (its integration
        // test expects it among the nodes), and edges to it must have both ends in the response.
        var matches = walk.Visits.Where(v => Matches(v.Entity, r.Filters));
        var includeEdges = r.IncludeEdges == true;
        var returned = includeEdges ? walk.WithPathsTo(matches) : matches.ToList();

        var f = r.Filters;
        var fingerprint = Paging.Fingerprint("QueryLineage", startArn, r.Direction, r.MaxDepth, r.IncludeEdges,
            f?.Types, f?.LineageTypes, f?.CreatedBefore, f?.CreatedAfter, f?.ModifiedBefore, f?.ModifiedAfter,
            f?.Properties is null ? null : string.Join("\u001e", f.Properties.OrderBy(p => p.Key, StringComparer.Ordinal)));
        var (page, next) = Paging.Page(returned, KeyOf, false, r.MaxResults ?? DefaultMaxResults, r.NextToken, fingerprint,
            SageMakerService.InvalidNextToken);

        return new QueryLineageResponse
        {
            // Both lists are always present: the SageMaker Python SDK indexes response["Vertices"] and ["Edges"].
            Vertices = [.. page.Select(v => new Vertex { Arn = v.Arn, Type = Associations.TypeOf(v.Entity), LineageType = v.Entity.LineageType })],
            Edges = includeEdges ? EdgesOfPage(walk, returned, page, next is null) : [],
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
    /// Edges are paged with the vertices: an edge belongs to the page holding the later-reached of its two
    /// ends, so every edge is returned exactly once across the pages of one query, and only edges between
    /// two returned vertices are returned at all.
    /// </summary>
    private static List<Edge> EdgesOfPage(LineageWalk walk, List<LineageWalk.Visit> returned, List<LineageWalk.Visit> page, bool isLast)
    {
        var kept = returned.Select(v => v.Arn).ToHashSet(StringComparer.Ordinal);
        Paging.Key? lower = null, upper = null;
        if (page.Count > 0)
        {
            var first = returned.IndexOf(page[0]);
            if (first > 0) lower = KeyOf(returned[first - 1]);
            if (!isLast) upper = KeyOf(page[^1]);
        }
        return [.. walk.Edges
            .Where(e => kept.Contains(e.SourceArn) && kept.Contains(e.DestinationArn))
            .Select(e => (Edge: e, Key: Max(KeyOf(walk.Of(e.SourceArn)), KeyOf(walk.Of(e.DestinationArn)))))
            .Where(x => (lower is not { } lo || x.Key.CompareTo(lo) > 0) && (upper is not { } hi || x.Key.CompareTo(hi) <= 0))
            .OrderBy(x => x.Key)
            .ThenBy(x => x.Edge.Key, StringComparer.Ordinal)
            .Select(x => new Edge { SourceArn = x.Edge.SourceArn, DestinationArn = x.Edge.DestinationArn, AssociationType = x.Edge.AssociationType })];
    }

    /// <summary>Filters choose the vertices returned; traversal goes on through vertices that do not match.</summary>
    private static bool Matches(ILineageEntity e, QueryFilters? f)
    {
        if (f is null) return true;
        if (f.Types is { Count: > 0 } types && !types.Contains(Associations.TypeOf(e))) return false;
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
