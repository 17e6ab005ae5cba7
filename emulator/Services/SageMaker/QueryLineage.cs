using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;
using LineageEmulator.Wire;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// QueryLineage: pages of the vertices <see cref="LineageWalk"/> reaches from the start ARN that match the
/// filters (with IncludeEdges, and the vertices on the path to them), with the edges each page completes.
/// </summary>
public static class QueryLineage
{
    public static void Register(OperationTable t) =>
        t.Add(SageMakerOperations.QueryLineage, Access.Read, r => r.StartArns ?? [], Query);

    private static QueryLineageResponse Query(QueryLineageRequest r, CallContext ctx)
    {
        LineageWalk.CheckRanges(r.MaxDepth, r.MaxResults);
        var startArn = r.StartArns is [var only] ? only
            : throw new ValidationException("StartArns must contain exactly one ARN.");
        var start = LineageWalk.Start(ctx, startArn);

        var walk = LineageWalk.Walk(ctx, start, r.Direction, r.MaxDepth);
        // The start is a vertex like any other: the SDK's visualizer draws it from Vertices (its integration
        // test expects it among the nodes), and edges to it must have both ends in the response.
        var matches = walk.Visits.Where(v => LineageWalk.Matches(v.Entity, r.Filters));
        var includeEdges = r.IncludeEdges == true;
        var returned = includeEdges ? walk.WithPathsTo(matches) : matches.ToList();

        var f = r.Filters;
        var fingerprint = Paging.Fingerprint("QueryLineage", startArn, r.Direction, r.MaxDepth, r.IncludeEdges,
            f?.Types, f?.LineageTypes, f?.CreatedBefore, f?.CreatedAfter, f?.ModifiedBefore, f?.ModifiedAfter,
            f?.Properties is null ? null : string.Join("\u001e", f.Properties.OrderBy(p => p.Key, StringComparer.Ordinal)));
        var (page, next) = Paging.Page(returned, v => v.Key, false, r.MaxResults ?? LineageWalk.DefaultMaxResults, r.NextToken,
            fingerprint, SageMakerService.InvalidNextToken);

        return new QueryLineageResponse
        {
            // Both lists are always present: the SageMaker Python SDK indexes response["Vertices"] and ["Edges"].
            Vertices = [.. page.Select(v => new Vertex { Arn = v.Entity.Arn, Type = Associations.VertexTypeOf(v.Entity), LineageType = v.Entity.LineageType })],
            Edges = includeEdges ? EdgesOfPage(returned, page, next is null, walk.Edges) : [],
            NextToken = next,
        };
    }

    /// <summary>
    /// Edges are paged with the vertices: a page carries the edges whose later-reached end falls after the
    /// previous page's last vertex and up to its own last vertex (the last page carries the rest), so every
    /// edge is returned exactly once across the pages of one query, and only edges between two returned
    /// vertices are returned at all.
    /// </summary>
    private static List<Edge> EdgesOfPage(List<LineageWalk.Visit> returned, List<LineageWalk.Visit> page, bool isLast,
        List<(AssociationRecord Edge, Paging.Key Key)> edges)
    {
        var kept = returned.Select(v => v.Entity.Arn).ToHashSet(StringComparer.Ordinal);
        Paging.Key? lower = null, upper = null;
        if (page.Count > 0)
        {
            var first = returned.IndexOf(page[0]);
            if (first > 0) lower = returned[first - 1].Key;
            if (!isLast) upper = page[^1].Key;
        }
        return [.. edges
            .Where(x => kept.Contains(x.Edge.SourceArn) && kept.Contains(x.Edge.DestinationArn))
            .Where(x => (lower is not { } lo || x.Key.CompareTo(lo) > 0) && (upper is not { } hi || x.Key.CompareTo(hi) <= 0))
            .Select(x => new Edge { SourceArn = x.Edge.SourceArn, DestinationArn = x.Edge.DestinationArn, AssociationType = x.Edge.AssociationType })];
    }
}
