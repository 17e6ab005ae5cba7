using LineageEmulator.Authorization;
using LineageEmulator.Hosting;
using LineageEmulator.Model.Ram;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.Services.Ram;
using LineageEmulator.Services.SageMaker;
using LineageEmulator.State;
using LineageEmulator.Wire;

namespace LineageEmulator.Operational.GraphView;

/// <summary>A lineage entity as the graph view shows it: its kind is the registry's (ARN resource type and label).</summary>
public sealed record EntityView(string Arn, string Kind, string KindLabel, string LineageType, string Type, string? Name, string Account,
    string? SourceUri, DateTimeOffset CreationTime)
{
    public static EntityView Of(ILineageEntity e)
    {
        State.Arn.TryParse(e.Arn, out var arn);
        var kind = EntityKinds.Of(arn.ResourceType);
        return new(e.Arn, arn.ResourceType, kind?.Label ?? arn.ResourceType, e.LineageType, Associations.TypeOf(e), e.Name, arn.Account,
            e.SourceUri, e.CreationTime);
    }
}

public sealed record EntityPage(int Total, List<EntityView> Entities);

/// <summary>A drawn vertex: its depth from the start, and whether it passes QueryLineage's filters.</summary>
public sealed record GraphVertex(EntityView Entity, int Depth, bool Matches);

/// <summary>The first <c>Vertices.Count</c> vertices of the walk, the edges between them, and the walk's full size.</summary>
public sealed record GraphPage(string StartArn, List<GraphVertex> Vertices, List<AssociationRecord> Edges, int TotalVertices, int TotalEdges);

/// <summary>An account's RAM picture, each list read through RAM's own operations (every page).</summary>
public sealed record RamPicture(
    GetResourceSharesResponse Owned,
    GetResourceShareAssociationsResponse OwnedAssociations,
    GetResourceSharesResponse Received,
    GetResourceShareInvitationsResponse Invitations,
    IReadOnlyList<string> ReadsLineageOf,
    IReadOnlyList<string> LineageReadBy);

/// <summary>
/// What the graph view reads, always as one chosen account in one region. Every read goes through the
/// pipeline, the authorizer and the walk the AWS operations use, so the view shows exactly what that
/// account may see: QueryLineage's validation and authorization then <see cref="LineageWalk"/>; the
/// Describe operations; RAM's listing operations; and the authorizer's readable partitions for the picker.
/// </summary>
public sealed class GraphViewData(Pipeline pipeline, Authorizer authorizer, Store store, SageMakerTable sageMaker, RamTable ram,
    EmulatorOptions options)
{
    /// <summary>Account and region pairs that hold any state, for the chooser.</summary>
    public List<(string Account, string Region)> Accounts() => store.Read(() => store.Partitions
        .Where(p => p.AllTables.Any(t => t.Rows.Any()))
        .Select(p => (p.AccountId, p.Region))
        .OrderBy(p => p.AccountId, StringComparer.Ordinal)
        .ThenBy(p => p.Region, StringComparer.Ordinal)
        .ToList());

    /// <summary>
    /// The entities the viewer may read (its own first, then each account that shares its lineage with it)
    /// whose name, ARN, type, kind or SourceUri contains the search text; the first <paramref name="limit"/>.
    /// </summary>
    public EntityPage Entities(Caller viewer, string? search, int limit) => store.Read(() =>
    {
        var now = options.Clock.GetUtcNow();
        var matching = authorizer.ReadablePartitions(viewer.AccountId, viewer.Region, now)
            .SelectMany(p => EntityKinds.All.SelectMany(k => k.EntitiesIn(p))
                .Where(e => Contains(e, search))
                .OrderBy(e => e.LineageType, StringComparer.Ordinal)
                .ThenBy(e => e.Name ?? "\uffff", StringComparer.OrdinalIgnoreCase)
                .ThenBy(e => e.Arn, StringComparer.Ordinal));
        var total = 0;
        var first = new List<EntityView>(Math.Min(limit, 1024));
        foreach (var e in matching)
        {
            if (total++ < limit) first.Add(EntityView.Of(e));
        }
        return new EntityPage(total, first);
    });

    /// <summary>
    /// QueryLineage's question (start, direction, depth, filters) answered as a drawable graph: every vertex
    /// the walk reaches, in walk order, up to <paramref name="limit"/>, with the filters marking rather than
    /// removing vertices so the drawing stays connected.
    /// </summary>
    public GraphPage Graph(Caller viewer, QueryLineageRequest query, int limit) =>
        pipeline.Read(sageMaker.Table, QueryLineage, query, viewer, ctx =>
        {
            LineageWalk.CheckRanges(query.MaxDepth, null);
            var startArn = query.StartArns is [var only] ? only
                : throw new ValidationException("StartArns must contain exactly one ARN.");
            var walk = LineageWalk.Walk(ctx, LineageWalk.Start(ctx, startArn), query.Direction, query.MaxDepth);
            var shown = walk.Visits.Take(limit).ToList();
            var drawn = shown.Select(v => v.Entity.Arn).ToHashSet(StringComparer.Ordinal);
            return new GraphPage(
                startArn,
                [.. shown.Select(v => new GraphVertex(EntityView.Of(v.Entity), v.Depth, LineageWalk.Matches(v.Entity, query.Filters)))],
                [.. walk.Edges.Select(e => e.Edge).Where(e => drawn.Contains(e.SourceArn) && drawn.Contains(e.DestinationArn))],
                walk.Visits.Count,
                walk.Edges.Count);
        });

    public IOperation QueryLineage { get; } = sageMaker.Table.Find(SageMakerOperations.QueryLineage.Name)!;

    /// <summary>The entity's Describe operation, called as the viewer: its whole response, or its error.</summary>
    public (IOperation Operation, object Response) Describe(Caller viewer, string arn)
    {
        var kind = EntityKinds.OfArn(arn) ?? throw new FormatException($"'{arn}' is not the ARN of a lineage entity");
        var op = sageMaker.Table.Find(kind.DescribeOperation)!;
        var body = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteString(kind.DescribeMember, kind.DescribeKey(arn));
            w.WriteEndObject();
        }
        return (op, pipeline.Execute(sageMaker.Table, op, op.Deserialize(body.WrittenSpan), viewer, RequestIds.New()));
    }

    public IOperation RamOperation(string name) => ram.Table.Find(name)!;

    /// <summary>
    /// Shares the viewer owns with their principals and resources, shares it received, its invitations,
    /// and the authorizer's verdict both ways (whose lineage it reads, who reads its lineage).
    /// </summary>
    public RamPicture Ram(Caller viewer)
    {
        GetResourceSharesResponse Shares(string owner) => new()
        {
            ResourceShares = All<GetResourceSharesRequest, GetResourceSharesResponse, ResourceShare>(RamOperations.GetResourceShares.Name, viewer,
                token => new() { ResourceOwner = owner, NextToken = token }, r => (r.ResourceShares, r.NextToken)),
        };
        var associations = new[] { "PRINCIPAL", "RESOURCE" }.SelectMany(type =>
            All<GetResourceShareAssociationsRequest, GetResourceShareAssociationsResponse, ResourceShareAssociation>(
                RamOperations.GetResourceShareAssociations.Name, viewer,
                token => new() { AssociationType = type, NextToken = token }, r => (r.ResourceShareAssociations, r.NextToken)));
        var invitations = All<GetResourceShareInvitationsRequest, GetResourceShareInvitationsResponse, ResourceShareInvitation>(
            RamOperations.GetResourceShareInvitations.Name, viewer,
            token => new() { NextToken = token }, r => (r.ResourceShareInvitations, r.NextToken));
        var (reads, readBy) = store.Read(() =>
        {
            var now = options.Clock.GetUtcNow();
            var others = authorizer.ReadablePartitions(viewer.AccountId, viewer.Region, now)
                .Select(p => p.AccountId).Where(a => a != viewer.AccountId).Order(StringComparer.Ordinal).ToList();
            var home = store.FindPartition(viewer.AccountId, viewer.Region);
            // The policy's principals that may read (QueryLineage) the viewer's lineage: accounts by id, roles and users by ARN.
            var readers = home is null ? [] : authorizer.Grants.Grants(home, now)
                .Where(g => g.Actions.Contains(Authorizer.ReadAction))
                .Select(g => State.Arn.TryParse(g.PrincipalArn, out var p) && p.Resource == "root" ? p.Account : g.PrincipalArn)
                .Distinct()
                .Order(StringComparer.Ordinal)
                .ToList();
            return (others, readers);
        });
        return new RamPicture(Shares("SELF"), new() { ResourceShareAssociations = [.. associations] }, Shares("OTHER-ACCOUNTS"),
            new() { ResourceShareInvitations = invitations }, reads, readBy);
    }

    /// <summary>Every page of a RAM listing, through the pipeline as the viewer.</summary>
    private List<TItem> All<TRequest, TResponse, TItem>(string operation, Caller viewer, Func<string?, TRequest> request,
        Func<TResponse, (IReadOnlyList<TItem>? Items, string? Next)> page)
        where TRequest : class
    {
        var op = ram.Table.Find(operation)!;
        var items = new List<TItem>();
        string? next = null;
        do
        {
            var (some, token) = page((TResponse)pipeline.Execute(ram.Table, op, request(next), viewer, RequestIds.New()));
            if (some is not null) items.AddRange(some);
            next = token;
        } while (next is not null);
        return items;
    }

    private static bool Contains(ILineageEntity e, string? search) =>
        string.IsNullOrWhiteSpace(search)
        || new[] { e.Name, e.Arn, Associations.TypeOf(e), e.LineageType, e.SourceUri }
            .Any(field => field is not null && field.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase));
}
