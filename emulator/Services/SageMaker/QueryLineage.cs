using System.Runtime.CompilerServices;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;
using LineageEmulator.Wire;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// QueryLineage: pages of the vertices <see cref="LineageWalk"/> reaches from the start ARN that match the
/// filters (with IncludeEdges, and the vertices on the path to them), with the edges each page completes.
/// A first page walks the graph and keeps its answer; the query's next pages are cut from that answer while the
/// store has not changed, so paging to the end costs one walk (<see cref="Answers"/>).
/// </summary>
public static class QueryLineage
{
    public static void Register(OperationTable t) =>
        t.Add(SageMakerOperations.QueryLineage, Access.Read, r => r.StartArns ?? [], Query);

    private static readonly ConditionalWeakTable<Store, Answers> Kept = [];

    private static QueryLineageResponse Query(QueryLineageRequest r, CallContext ctx)
    {
        LineageWalk.CheckRanges(r.MaxDepth, r.MaxResults);
        var startArn = r.StartArns is [var only] ? only
            : throw new ValidationException("StartArns must contain exactly one ARN.");
        var start = LineageWalk.Start(ctx, startArn);

        var f = r.Filters;
        var fingerprint = Paging.Fingerprint("QueryLineage", startArn, r.Direction, r.MaxDepth, r.IncludeEdges,
            f?.Types, f?.LineageTypes, f?.CreatedBefore, f?.CreatedAfter, f?.ModifiedBefore, f?.ModifiedAfter,
            f?.Properties is null ? null : string.Join("\u001e", f.Properties.OrderBy(p => p.Key, StringComparer.Ordinal)));
        var after = Paging.After(r.NextToken, fingerprint, SageMakerService.InvalidNextToken);

        // The answer is the caller's: which vertices a walk may enter depends on what the caller may read.
        var answers = Kept.GetValue(ctx.Store, _ => new Answers());
        var key = ctx.Caller.AccountId + "|" + ctx.Caller.Region + "|" + fingerprint;
        // A first page always walks, so a new query sees the state as it is; only its NextTokens reuse the walk.
        var answer = after is null ? null : answers.Find(key, ctx.Store.Version);
        if (answer is null)
        {
            answer = Answer.Of(LineageWalk.Walk(ctx, start, r.Direction, r.MaxDepth), r.Filters, r.IncludeEdges == true);
            answers.Keep(key, answer);
        }

        var (page, next) = Paging.PageOfSorted(answer.Returned, v => v.Key, after, r.MaxResults ?? LineageWalk.DefaultMaxResults, fingerprint);
        return new QueryLineageResponse
        {
            // Both lists are always present: the SageMaker Python SDK indexes response["Vertices"] and ["Edges"].
            Vertices = [.. page.Select(v => new Vertex { Arn = v.Entity.Arn, Type = Associations.VertexTypeOf(v.Entity), LineageType = v.Entity.LineageType })],
            Edges = answer.Edges is { } edges ? EdgesOfPage(answer.Returned, page, next is null, edges) : [],
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
        IReadOnlyList<LineageWalk.WalkEdge> edges)
    {
        Paging.Key? lower = null, upper = null;
        if (page.Count > 0)
        {
            // Keys are unique, so the page's first vertex sits just before the first key after its own.
            var first = Paging.FirstAfter(returned, v => v.Key, page[0].Key) - 1;
            if (first > 0) lower = returned[first - 1].Key;
            if (!isLast) upper = page[^1].Key;
        }
        var from = lower is { } lo ? Paging.FirstAfter(edges, x => x.Key, lo) : 0;
        var to = upper is { } hi ? Paging.FirstAfter(edges, x => x.Key, hi) : edges.Count;
        var result = new List<Edge>(Math.Max(0, to - from));
        for (var i = from; i < to; i++)
            result.Add(new Edge { SourceArn = edges[i].Edge.SourceArn, DestinationArn = edges[i].Edge.DestinationArn, AssociationType = edges[i].Edge.AssociationType });
        return result;
    }

    /// <summary>
    /// What a query returns, page by page: the vertices in walk order and, with IncludeEdges, the walked edges
    /// between two of them in the order of their later-reached end. Computed from a walk as of <see cref="Version"/>.
    /// </summary>
    private sealed record Answer(List<LineageWalk.Visit> Returned, IReadOnlyList<LineageWalk.WalkEdge>? Edges, long Version)
    {
        public int Size => Returned.Count + (Edges?.Count ?? 0);

        public static Answer Of(LineageWalk.Result walk, QueryFilters? filters, bool includeEdges)
        {
            // The start is a vertex like any other: the SDK's visualizer draws it from Vertices (its integration
            // test expects it among the nodes), and edges to it must have both ends in the response.
            var matches = walk.Visits.Where(v => LineageWalk.Matches(v.Entity, filters));
            if (!includeEdges) return new Answer([.. matches], null, walk.Version);
            var (returned, edges) = walk.WithPathsTo(matches);
            return new Answer(returned, edges, walk.Version);
        }
    }

    /// <summary>
    /// Answers kept for the next pages of their queries, least recently used first out. An answer is used only
    /// at the store version it was computed at; after any change the next page walks again, and its token's
    /// position carries over, which is what every page did before answers were kept. Bounded by the vertices
    /// and edges held, so a few huge walks cannot hold the memory of many.
    /// </summary>
    private sealed class Answers
    {
        private const int MaxSize = 1_000_000;
        private const int MaxAnswers = 64;
        private readonly Dictionary<string, LinkedListNode<(string Key, Answer Answer)>> byKey = new(StringComparer.Ordinal);
        private readonly LinkedList<(string Key, Answer Answer)> recent = new();
        private long size;

        public Answer? Find(string key, long version)
        {
            lock (recent)
            {
                if (!byKey.TryGetValue(key, out var node)) return null;
                if (node.Value.Answer.Version != version)
                {
                    Drop(node);
                    return null;
                }
                recent.Remove(node);
                recent.AddFirst(node);
                return node.Value.Answer;
            }
        }

        public void Keep(string key, Answer answer)
        {
            if (answer.Size > MaxSize) return;
            lock (recent)
            {
                if (byKey.TryGetValue(key, out var old)) Drop(old);
                byKey[key] = recent.AddFirst((key, answer));
                size += answer.Size;
                while (size > MaxSize || byKey.Count > MaxAnswers) Drop(recent.Last!);
            }
        }

        private void Drop(LinkedListNode<(string Key, Answer Answer)> node)
        {
            recent.Remove(node);
            byKey.Remove(node.Value.Key);
            size -= node.Value.Answer.Size;
        }
    }
}
