using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>CreateArtifact, DescribeArtifact, UpdateArtifact, DeleteArtifact, ListArtifacts.</summary>
public static class Artifacts
{
    private static readonly EntityKind<ArtifactRecord> Kind = EntityKinds.Artifact;

    public static void Register(OperationTable t)
    {
        t.Add(SageMakerOperations.CreateArtifact, Access.Write, OperationTable.NoResources, Create);
        t.Add(SageMakerOperations.DescribeArtifact, Access.Read, r => [r.ArtifactArn], Describe);
        t.Add(SageMakerOperations.UpdateArtifact, Access.Write, r => [r.ArtifactArn], Update);
        t.Add(SageMakerOperations.DeleteArtifact, Access.Write, r => [r.ArtifactArn], Delete);
        t.Add(SageMakerOperations.ListArtifacts, Access.Read, OperationTable.NoResources, List);
    }

    /// <summary>
    /// An account tracks one artifact per SourceUri ("SageMaker reuses any existing entities rather than
    /// creating new ones. For example, there can be only one artifact with a unique SourceUri", developer
    /// guide, Lineage Tracking Entities): creating one again returns the artifact already there, unchanged.
    /// </summary>
    internal static CreateArtifactResponse Create(CreateArtifactRequest r, CallContext ctx)
    {
        var uri = r.Source!.SourceUri!;
        var record = ctx.Store.Index.ArtifactsWithSourceUri(uri).Select(Kind.In(ctx.Home).Get).OfType<ArtifactRecord>().FirstOrDefault();
        if (record is null)
        {
            Lineage.EnsureDefaultGroup(ctx);
            var arn = Kind.ArnOf(ctx.Caller.Region, ctx.Caller.AccountId, IdOf(uri));
            var who = Lineage.CallerContext(ctx);
            record = new ArtifactRecord(arn, r.ArtifactName, r.Source, SharedValues.Of(r.ArtifactType)!, r.Properties, r.MetadataProperties,
                ctx.Now, who, ctx.Now, who);
            ctx.Tx.Put(Kind.In(ctx.Home), arn, record);
            Lineage.PutInitialTags(ctx, arn, r.Tags);
        }
        LinkSameAs(ctx, record);
        return new CreateArtifactResponse { ArtifactArn = record.Arn };
    }

    /// <summary>
    /// The id of the artifact of some data, the same in every account: 32 hex digits, as in the ARNs AWS
    /// returns. The SageMaker Python SDK merges two artifacts joined by an edge only when their ARNs end in
    /// the same id (LineageQuery._collapse_cross_account_artifacts; its unit-test fixture models one
    /// artifact of the same data in two accounts with the same id).
    /// </summary>
    private static string IdOf(string sourceUri) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(sourceUri)));

    /// <summary>
    /// Links an artifact to every artifact of the same data (same SourceUri) in each other account whose
    /// lineage group the creator may read, with a SameAs association each way, as the SDK's fixture of a
    /// real cross-account response shows. Both are the creator's associations. Linking again is a no-op.
    /// </summary>
    private static void LinkSameAs(CallContext ctx, ArtifactRecord created)
    {
        var matches = ctx.Store.Index.ArtifactsWithSourceUri(created.Source.SourceUri!);
        if (matches.Count <= 1) return;
        var readable = ctx.Authorizer.ReadablePartitions(ctx.Caller.AccountId, ctx.Caller.Region, ctx.Now)
            .Where(p => p.AccountId != ctx.Caller.AccountId)
            .ToList();
        foreach (var partition in readable)
        {
            foreach (var other in matches.Where(Kind.In(partition).Contains).ToList())
            {
                Link(created.Arn, other);
                Link(other, created.Arn);
            }
        }

        void Link(string source, string destination)
        {
            // A pair already joined, in either account's table, keeps the association it has.
            if (ctx.Store.Index.Outgoing(source).Any(e => e.DestinationArn == destination)) return;
            var edge = new AssociationRecord(source, destination, AssociationEdgeTypeValues.SameAs, ctx.Caller.AccountId,
                ctx.Now, created.CreatedBy);
            ctx.Tx.Put(ctx.Home.Associations, edge.Key, edge);
        }
    }

    private static DescribeArtifactResponse Describe(DescribeArtifactRequest r, CallContext ctx)
    {
        var a = Find(ctx, r.ArtifactArn!).Row;
        return new DescribeArtifactResponse
        {
            ArtifactName = a.Name,
            ArtifactArn = a.Arn,
            Source = a.Source,
            ArtifactType = a.ArtifactType,
            Properties = a.Properties,
            CreationTime = a.CreationTime,
            CreatedBy = a.CreatedBy,
            LastModifiedTime = a.LastModifiedTime,
            LastModifiedBy = a.LastModifiedBy,
            MetadataProperties = a.MetadataProperties,
            LineageGroupArn = Lineage.GroupOf(a.Arn),
        };
    }

    private static UpdateArtifactResponse Update(UpdateArtifactRequest r, CallContext ctx)
    {
        var found = Find(ctx, r.ArtifactArn!);
        var a = found.Row;
        var updated = a with
        {
            Name = r.ArtifactName ?? a.Name,
            Properties = Lineage.UpdateProperties(a.Properties, r.Properties, r.PropertiesToRemove),
            LastModifiedTime = ctx.Now,
            LastModifiedBy = Lineage.CallerContext(ctx),
        };
        ctx.Tx.Put(found, updated);
        return new UpdateArtifactResponse { ArtifactArn = a.Arn };
    }

    private static DeleteArtifactResponse Delete(DeleteArtifactRequest r, CallContext ctx)
    {
        Located<ArtifactRecord> artifact;
        if (r.ArtifactArn is not null)
        {
            artifact = Find(ctx, r.ArtifactArn);
        }
        else if (r.Source?.SourceUri is { } uri)
        {
            var home = Kind.In(ctx.Home);
            artifact = ctx.Store.Index.ArtifactsWithSourceUri(uri)
                .Select(home.Locate)
                .OfType<Located<ArtifactRecord>>()
                .Where(a => SameSourceTypes(a.Row.Source.SourceTypes, r.Source.SourceTypes))
                .OrderBy(a => a.Row.CreationTime)
                .FirstOrDefault()
                ?? throw new ResourceNotFound($"Artifact with source uri '{uri}' does not exist.");
        }
        else
        {
            throw new ValidationException("Either ArtifactArn or Source must be specified.");
        }

        Lineage.Delete(ctx, artifact);
        return new DeleteArtifactResponse { ArtifactArn = artifact.Row.Arn };
    }

    // A Source given without SourceTypes matches any artifact with that URI.
    private static bool SameSourceTypes(IReadOnlyList<ArtifactSourceType>? stored, IReadOnlyList<ArtifactSourceType>? asked) =>
        asked is null || asked.All(x => stored?.Any(s => s.SourceIdType == x.SourceIdType && s.Value == x.Value) == true);

    private static ListArtifactsResponse List(ListArtifactsRequest r, CallContext ctx)
    {
        // "created on or after" / "on or before": both bounds are inclusive.
        var (page, next) = NamedEntities.List(ctx, Kind, new(r.SourceUri, r.ArtifactType, r.CreatedAfter, r.CreatedBefore),
            r.SortBy, r.SortOrder, r.MaxResults, r.NextToken, "ListArtifacts", r.SourceUri, r.ArtifactType, r.CreatedAfter, r.CreatedBefore);
        return new ListArtifactsResponse
        {
            ArtifactSummaries = [.. page.Select(a => new ArtifactSummary
            {
                ArtifactArn = a.Arn,
                ArtifactName = a.Name,
                Source = a.Source,
                ArtifactType = a.ArtifactType,
                CreationTime = a.CreationTime,
                LastModifiedTime = a.LastModifiedTime,
            })],
            NextToken = next,
        };
    }

    /// <summary>The artifact an ARN names, in whichever account owns it (the authorizer has already allowed it).</summary>
    private static Located<ArtifactRecord> Find(CallContext ctx, string arn) =>
        (Lineage.PartitionOf(ctx, arn) is { } p ? Kind.In(p).Locate(arn) : null)
        ?? throw new ResourceNotFound($"Artifact '{arn}' does not exist.");
}
