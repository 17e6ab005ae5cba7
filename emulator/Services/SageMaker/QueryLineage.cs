using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;
using LineageEmulator.Wire;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// QueryLineage: pages of the vertices <see cref="LineageWalk"/> reaches from the start ARN that match the
/// filters, with the edges each page completes.
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

        var (visits, edges) = LineageWalk.Walk(ctx, start, r.Direction, r.MaxDepth);
        var matches = visits.Where(v => v.Depth > 0 && LineageWalk.Matches(v.Entity, r.Filters)).ToList();

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
    /// Edges are paged with the vertices: a page carries the edges whose later-reached end falls after the
    /// previous page's last vertex and up to its own last vertex (the last page carries the rest), so every
    /// edge is returned exactly once across the pages of one query.
    /// </summary>
    private static List<Edge> EdgesOfPage(List<LineageWalk.Visit> matches, List<LineageWalk.Visit> page, bool isLast,
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
}
