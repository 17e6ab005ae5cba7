using System.Globalization;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// The lineage SageMaker writes itself when a job, a model package or an endpoint is created. Every
/// entity goes through the same Create* and AddAssociation handlers a client calls, in the caller's
/// transaction, so ids, names, the default lineage group and SameAs apply exactly as to hand-made
/// lineage, and a call that fails leaves none of it behind.
/// </summary>
public static class CreatedLineage
{
    /// <summary>Artifact types SageMaker gives the artifacts it tracks.</summary>
    public const string DataSet = "DataSet", Image = "Image", Model = "Model", Checkpoint = "Checkpoint";

    /// <summary>
    /// The artifact of a URI: the account's existing one ("SageMaker AI reuses any existing entities rather
    /// than creating new ones ... there can be only one artifact with a unique SourceUri", Lineage Tracking
    /// Entities guide), else a new one of the given type.
    /// </summary>
    public static string Artifact(CallContext ctx, string uri, string artifactType)
    {
        var existing = ctx.Store.Index.ArtifactsWithSourceUri(uri)
            .Select(EntityKinds.Artifact.In(ctx.Home).Get)
            .OfType<ArtifactRecord>()
            .OrderBy(a => a.CreationTime)
            .ThenBy(a => a.Arn, StringComparer.Ordinal)
            .FirstOrDefault();
        if (existing is not null) return existing.Arn;
        return Artifacts.Create(new CreateArtifactRequest
        {
            Source = new ArtifactSource { SourceUri = uri },
            ArtifactType = artifactType,
        }, ctx).ArtifactArn!;
    }

    /// <summary>The account's context for a resource ARN (its SourceUri), made on first use.</summary>
    public static string Context(CallContext ctx, string resourceArn, string resourceName, string suffix, string contextType)
    {
        var existing = EntityKinds.Context.In(ctx.Home).Values
            .Where(c => c.Source.SourceUri == resourceArn)
            .OrderBy(c => c.CreationTime)
            .FirstOrDefault();
        if (existing is not null) return existing.Arn;
        return Contexts.Create(new CreateContextRequest
        {
            ContextName = UniqueName(ctx, EntityKinds.Context, resourceName, suffix),
            ContextType = contextType,
            Source = new ContextSource { SourceUri = resourceArn },
        }, ctx).ContextArn!;
    }

    public static string Action(CallContext ctx, string stem, string suffix, string actionType, string sourceUri,
        Dictionary<string, string>? properties) =>
        Actions.Create(new CreateActionRequest
        {
            ActionName = UniqueName(ctx, EntityKinds.Action, stem, suffix),
            ActionType = actionType,
            Source = new ActionSource { SourceUri = sourceUri },
            Status = ActionStatusValues.Completed,
            Properties = properties,
        }, ctx).ActionArn!;

    public static void Associate(CallContext ctx, string source, string destination, string associationType) =>
        Associations.Add(new AddAssociationRequest
        {
            SourceArn = source,
            DestinationArn = destination,
            AssociationType = associationType,
        }, ctx);

    /// <summary>
    /// "&lt;stem&gt;-&lt;unix-millis&gt;&lt;suffix&gt;", the first such name free in the account, so each
    /// deployment of an endpoint gets its own action.
    /// </summary>
    private static string UniqueName(CallContext ctx, EntityKind kind, string stem, string suffix)
    {
        for (var stamp = ctx.Now.ToUnixTimeMilliseconds(); ; stamp++)
        {
            var name = $"{stem}-{stamp.ToString(CultureInfo.InvariantCulture)}{suffix}";
            if (ctx.Home.ArnByName(kind, name) is null) return name;
        }
    }
}
