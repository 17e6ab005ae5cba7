using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// CreateTrialComponent, DescribeTrialComponent, UpdateTrialComponent, DeleteTrialComponent,
/// ListTrialComponents. Trial components made here have no Source (only SageMaker jobs create sourced
/// ones, see <see cref="Jobs"/>) and no metrics: the SDK's Run API logs metrics through BatchPutMetrics on the
/// separate SageMaker Metrics service, which the emulator does not serve.
/// </summary>
public static class TrialComponents
{
    private static readonly EntityKind<TrialComponentRecord> Kind = EntityKinds.TrialComponent;

    public static void Register(OperationTable t)
    {
        t.Add(SageMakerOperations.CreateTrialComponent, Access.Write, OperationTable.NoResources, Create);
        // DescribeTrialComponent takes a name or an ARN; an ARN may name a shared trial component of another account.
        t.Add(SageMakerOperations.DescribeTrialComponent, Access.Read, r => [r.TrialComponentName], Describe);
        t.Add(SageMakerOperations.UpdateTrialComponent, Access.Write, r => [r.TrialComponentName], Update);
        t.Add(SageMakerOperations.DeleteTrialComponent, Access.Write, r => [r.TrialComponentName], Delete);
        t.Add(SageMakerOperations.ListTrialComponents, Access.Read, OperationTable.NoResources, List);
    }

    private static CreateTrialComponentResponse Create(CreateTrialComponentRequest r, CallContext ctx) =>
        new() { TrialComponentArn = Create(ctx, r, source: null) };

    /// <summary>
    /// The one way a trial component is made: by CreateTrialComponent (no source) and by SageMaker for a
    /// job (the job as its source).
    /// </summary>
    internal static string Create(CallContext ctx, CreateTrialComponentRequest r, TrialComponentSource? source)
    {
        CheckParameters(r.Parameters);
        return NamedEntities.Create(ctx, Kind, r.TrialComponentName!, r.Tags, (arn, who) => new TrialComponentRecord(arn,
            r.TrialComponentName!, r.DisplayName, r.Status, r.StartTime, r.EndTime, r.Parameters, r.InputArtifacts, r.OutputArtifacts,
            r.MetadataProperties, ctx.Now, who, ctx.Now, who, source));
    }

    private static DescribeTrialComponentResponse Describe(DescribeTrialComponentRequest r, CallContext ctx) =>
        View(Jobs.WithJobStatus(ctx, NamedEntities.Find(ctx, Kind, r.TrialComponentName!).Row));

    /// <summary>A trial component as the wire shows it; Search's record is this plus tags, parents and source detail.</summary>
    public static DescribeTrialComponentResponse View(TrialComponentRecord c) =>
        new()
        {
            TrialComponentName = c.Name,
            TrialComponentArn = c.Arn,
            DisplayName = DisplayName(c),
            Source = c.Source,
            Status = c.Status,
            StartTime = c.StartTime,
            EndTime = c.EndTime,
            CreationTime = c.CreationTime,
            CreatedBy = c.CreatedBy,
            LastModifiedTime = c.LastModifiedTime,
            LastModifiedBy = c.LastModifiedBy,
            Parameters = c.Parameters,
            InputArtifacts = c.InputArtifacts,
            OutputArtifacts = c.OutputArtifacts,
            MetadataProperties = c.MetadataProperties,
            Metrics = [],
            LineageGroupArn = Lineage.GroupOf(c.Arn),
        };

    private static UpdateTrialComponentResponse Update(UpdateTrialComponentRequest r, CallContext ctx)
    {
        CheckParameters(r.Parameters);
        var updated = NamedEntities.Update(ctx, Kind, r.TrialComponentName!, (c, who) => c with
        {
            DisplayName = r.DisplayName ?? c.DisplayName,
            Status = r.Status ?? c.Status,
            StartTime = r.StartTime ?? c.StartTime,
            EndTime = r.EndTime ?? c.EndTime,
            Parameters = Lineage.UpdateProperties(c.Parameters, r.Parameters, r.ParametersToRemove),
            InputArtifacts = Lineage.UpdateProperties(c.InputArtifacts, r.InputArtifacts, r.InputArtifactsToRemove),
            OutputArtifacts = Lineage.UpdateProperties(c.OutputArtifacts, r.OutputArtifacts, r.OutputArtifactsToRemove),
            LastModifiedTime = ctx.Now,
            LastModifiedBy = who,
        });
        return new UpdateTrialComponentResponse { TrialComponentArn = updated.Arn };
    }

    /// <summary>
    /// "A trial component must be disassociated from all trials before the trial component can be deleted"
    /// (DeleteTrialComponent's documentation).
    /// </summary>
    private static DeleteTrialComponentResponse Delete(DeleteTrialComponentRequest r, CallContext ctx)
    {
        var component = NamedEntities.Delete(ctx, Kind, r.TrialComponentName!, c => ctx.Home.TrialsOfComponent(c.Arn).Count > 0
            ? $"Trial Component '{c.Arn}' is associated with trials; disassociate it before deleting it." : null);
        return new() { TrialComponentArn = component.Arn };
    }

    private static ListTrialComponentsResponse List(ListTrialComponentsRequest r, CallContext ctx)
    {
        // The three parent filters exclude each other (model docs); a named experiment or trial that does
        // not exist is the ResourceNotFound the operation models. SageMaker's jobs give their trial components
        // a source ARN.
        if (new[] { r.ExperimentName, r.TrialName, r.SourceArn }.Count(f => f is not null) > 1)
            throw new ValidationException("Only one of ExperimentName, TrialName or SourceArn can be specified.");
        var home = ctx.Home;
        // A parent filter lists that parent's components, from the membership indexes; SourceArn reads the kind's
        // source order (EntityKinds.TrialComponent's ListedSource). "created after" / "created before": strict bounds.
        var members = r.TrialName is { } trialName ? home.ComponentsOfTrial(Trials.Find(ctx, trialName).Arn)
            : r.ExperimentName is { } experimentName ? home.TrialsOfExperiment(Experiments.Find(ctx, experimentName).Name)
                .SelectMany(home.ComponentsOfTrial).Distinct(StringComparer.Ordinal)
            : null;
        var (page, next) = NamedEntities.List(ctx, Kind,
            new(Source: r.SourceArn, After: r.CreatedAfter, Before: r.CreatedBefore, Inclusive: false, Members: members),
            r.SortBy, r.SortOrder, r.MaxResults, r.NextToken, "ListTrialComponents", r.ExperimentName?.ToLowerInvariant(),
            r.TrialName?.ToLowerInvariant(), r.SourceArn, r.CreatedAfter, r.CreatedBefore);
        return new ListTrialComponentsResponse
        {
            TrialComponentSummaries = [.. page.Select(c => Jobs.WithJobStatus(ctx, c)).Select(c => new TrialComponentSummary
            {
                TrialComponentName = c.Name,
                TrialComponentArn = c.Arn,
                DisplayName = DisplayName(c),
                TrialComponentSource = c.Source,
                Status = c.Status,
                StartTime = c.StartTime,
                EndTime = c.EndTime,
                CreationTime = c.CreationTime,
                CreatedBy = c.CreatedBy,
                LastModifiedTime = c.LastModifiedTime,
                LastModifiedBy = c.LastModifiedBy,
            })],
            NextToken = next,
        };
    }

    // "If DisplayName isn't specified, TrialComponentName is displayed."
    public static string DisplayName(TrialComponentRecord c) => c.DisplayName ?? c.Name;

    /// <summary>A hyperparameter is either categorical or numeric: exactly one of StringValue and NumberValue.</summary>
    private static void CheckParameters(IReadOnlyDictionary<string, TrialComponentParameterValue>? parameters)
    {
        if (parameters is null) return;
        foreach (var (key, value) in parameters)
            if (value is null || (value.StringValue is null) == (value.NumberValue is null))
                throw new ValidationException($"Parameter '{key}' must have exactly one of StringValue or NumberValue.");
    }
}
