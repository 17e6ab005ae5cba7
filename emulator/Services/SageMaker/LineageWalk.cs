using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// The walk behind QueryLineage, kept apart from the operation so other readers of the graph (a UI, a
/// report) get the same vertices and edges the API answers with. Work is proportional to the part of the
/// graph visited: it reads only the adjacency index.
/// </summary>
public sealed class LineageWalk
{
    /// <summary>A vertex reached, and how many associations it is from the start (the start is depth 0).</summary>
    public sealed record Visit(ILineageEntity Entity, int Depth)
    {
        public string Arn => Entity.Arn;
    }

    private readonly Dictionary<string, Visit> byArn = new(StringComparer.Ordinal);
    // For each vertex, the vertices one step nearer the start through which the walk first reached it.
    private readonly Dictionary<string, List<string>> reachedFrom = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AssociationRecord> edges = new(StringComparer.Ordinal);

    private LineageWalk(ILineageEntity start)
    {
        Visits = [new Visit(start, 0)];
        byArn[start.Arn] = Visits[0];
    }

    /// <summary>Every vertex reached, in the order reached: the start first, then by depth, then by ARN.</summary>
    public List<Visit> Visits { get; }

    /// <summary>Every association examined between two reached vertices.</summary>
    public IEnumerable<AssociationRecord> Edges => edges.Values;

    public Visit Of(string arn) => byArn[arn];

    /// <summary>
    /// Breadth-first from the start. Descendants follow outgoing edges, Ascendants incoming ones, and Both
    /// expands every visited vertex both ways (undirected reachability, as documented: "not only from the
    /// starting node, but from each node that is visited"). A vertex the caller may not read is neither
    /// visited nor walked through, nor is any edge to it.
    /// </summary>
    public static LineageWalk From(CallContext ctx, ILineageEntity start, string direction, int maxDepth)
    {
        var walk = new LineageWalk(start);
        var down = direction != DirectionValues.Ascendants;
        var up = direction != DirectionValues.Descendants;
        var index = ctx.Store.Index;

        var frontier = new List<Visit> { walk.Visits[0] };
        for (var depth = 1; depth <= maxDepth && frontier.Count > 0; depth++)
        {
            var found = new SortedDictionary<string, ILineageEntity>(StringComparer.Ordinal);
            foreach (var from in frontier)
            {
                var steps = (down ? index.Outgoing(from.Arn).Select(e => (Edge: e, To: e.DestinationArn)) : [])
                    .Concat(up ? index.Incoming(from.Arn).Select(e => (Edge: e, To: e.SourceArn)) : []);
                foreach (var (edge, to) in steps)
                {
                    var entity = walk.byArn.TryGetValue(to, out var seen) ? seen.Entity
                        : found.TryGetValue(to, out var pending) ? pending
                        : Associations.Readable(ctx, to);
                    if (entity is null) continue;
                    if (seen is null)
                    {
                        found[to] = entity;
                        walk.ReachedFrom(to).Add(from.Arn);
                    }
                    walk.edges[edge.Key] = edge;
                }
            }
            frontier = [.. found.Values.Select(e => new Visit(e, depth))];
            foreach (var v in frontier) walk.byArn[v.Arn] = v;
            walk.Visits.AddRange(frontier);
        }
        return walk;
    }

    private List<string> ReachedFrom(string arn)
    {
        if (!reachedFrom.TryGetValue(arn, out var list)) reachedFrom[arn] = list = [];
        return list;
    }

    /// <summary>
    /// The given vertices and every vertex on a path the walk took from the start to one of them, in the
    /// order reached. This is what IncludeEdges adds to the entities of interest ("the Associations and
    /// lineage entities on the path"), so that every edge returned connects two returned vertices.
    /// </summary>
    public List<Visit> WithPathsTo(IEnumerable<Visit> targets)
    {
        var keep = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(targets.Select(t => t.Arn));
        while (pending.TryPop(out var arn))
        {
            if (!keep.Add(arn)) continue;
            if (reachedFrom.TryGetValue(arn, out var parents)) foreach (var p in parents) pending.Push(p);
        }
        return [.. Visits.Where(v => keep.Contains(v.Arn))];
    }
}
