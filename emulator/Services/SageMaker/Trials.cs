using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// CreateTrial, DescribeTrial, UpdateTrial, DeleteTrial, ListTrials, AssociateTrialComponent,
/// DisassociateTrialComponent. A trial belongs to one experiment of the same account; its trial components
/// are memberships, and a component may be a member of many trials.
/// </summary>
public static class Trials
{
    private static readonly EntityKind<TrialRecord> Kind = EntityKinds.Trial;

    // Every member naming a trial, experiment or component here is an ExperimentEntityName: a name in the
    // caller's own account, so no operation can reach another account and none declares resources.
    public static void Register(OperationTable t)
    {
        t.Add(SageMakerOperations.CreateTrial, Access.Write, OperationTable.NoResources, Create);
        t.Add(SageMakerOperations.DescribeTrial, Access.Read, OperationTable.NoResources, Describe);
        t.Add(SageMakerOperations.UpdateTrial, Access.Write, OperationTable.NoResources, Update);
        t.Add(SageMakerOperations.DeleteTrial, Access.Write, OperationTable.NoResources, Delete);
        t.Add(SageMakerOperations.ListTrials, Access.Read, OperationTable.NoResources, List);
        t.Add(SageMakerOperations.AssociateTrialComponent, Access.Write, OperationTable.NoResources, Associate);
        t.Add(SageMakerOperations.DisassociateTrialComponent, Access.Write, OperationTable.NoResources, Disassociate);
    }

    private static CreateTrialResponse Create(CreateTrialRequest r, CallContext ctx)
    {
        var experiment = Experiments.Find(ctx, r.ExperimentName!);
        return new CreateTrialResponse
        {
            TrialArn = NamedEntities.Create(ctx, Kind, r.TrialName!, r.Tags, (arn, who) => new TrialRecord(arn, r.TrialName!, r.DisplayName,
                experiment.Name, null, r.MetadataProperties, ctx.Now, who, ctx.Now, who)),
        };
    }

    private static DescribeTrialResponse Describe(DescribeTrialRequest r, CallContext ctx) => View(Find(ctx, r.TrialName!));

    /// <summary>A trial as the wire shows it; Search's record is this plus its tags and components.</summary>
    public static DescribeTrialResponse View(TrialRecord t) =>
        new()
        {
            TrialName = t.Name,
            TrialArn = t.Arn,
            DisplayName = DisplayName(t),
            ExperimentName = t.ExperimentName,
            Source = t.Source,
            CreationTime = t.CreationTime,
            CreatedBy = t.CreatedBy,
            LastModifiedTime = t.LastModifiedTime,
            LastModifiedBy = t.LastModifiedBy,
            MetadataProperties = t.MetadataProperties,
        };

    private static UpdateTrialResponse Update(UpdateTrialRequest r, CallContext ctx)
    {
        var updated = NamedEntities.Update(ctx, Kind, r.TrialName!, (t, who) => t with
        {
            DisplayName = r.DisplayName ?? t.DisplayName,
            LastModifiedTime = ctx.Now,
            LastModifiedBy = who,
        });
        return new UpdateTrialResponse { TrialArn = updated.Arn };
    }

    /// <summary>
    /// "All trial components that make up the trial must be deleted first" (DeleteTrial's documentation), and a
    /// component cannot be deleted while it is in a trial: in effect the trial must have no components left.
    /// </summary>
    private static DeleteTrialResponse Delete(DeleteTrialRequest r, CallContext ctx)
    {
        var trial = NamedEntities.Delete(ctx, Kind, r.TrialName!, t => ctx.Home.ComponentsOfTrial(t.Arn).Count > 0
            ? $"Trial '{t.Arn}' still has trial components; disassociate them before deleting the trial." : null);
        return new DeleteTrialResponse { TrialArn = trial.Arn };
    }

    private static ListTrialsResponse List(ListTrialsRequest r, CallContext ctx)
    {
        // A named parent that does not exist is the ResourceNotFound the operation models.
        var experiment = r.ExperimentName is { } e ? Experiments.Find(ctx, e) : null;
        var component = r.TrialComponentName is { } c ? NamedEntities.Find(ctx, EntityKinds.TrialComponent, c).Row : null;
        // A parent filter lists that parent's trials, from the membership and experiment indexes. "created after" /
        // "created before": strict bounds.
        var members = component is not null ? ctx.Home.TrialsOfComponent(component.Arn)
            : experiment is not null ? ctx.Home.TrialsOfExperiment(experiment.Name)
            : null;
        var (page, next) = NamedEntities.List(ctx, Kind, new(After: r.CreatedAfter, Before: r.CreatedBefore, Inclusive: false, Members: members,
                Where: experiment is null ? null : t => t.ExperimentName == experiment.Name),
            r.SortBy, r.SortOrder, r.MaxResults, r.NextToken, "ListTrials", experiment?.Arn, component?.Arn, r.CreatedAfter, r.CreatedBefore);
        return new ListTrialsResponse
        {
            TrialSummaries = [.. page.Select(t => new TrialSummary
            {
                TrialArn = t.Arn,
                TrialName = t.Name,
                DisplayName = DisplayName(t),
                TrialSource = t.Source,
                CreationTime = t.CreationTime,
                LastModifiedTime = t.LastModifiedTime,
            })],
            NextToken = next,
        };
    }

    /// <summary>Associating a component with a trial it is already in succeeds and changes nothing.</summary>
    private static AssociateTrialComponentResponse Associate(AssociateTrialComponentRequest r, CallContext ctx)
    {
        var component = NamedEntities.Find(ctx, EntityKinds.TrialComponent, r.TrialComponentName!).Row;
        var trial = Find(ctx, r.TrialName!);
        var key = TrialMembershipRecord.MembershipKey(trial.Arn, component.Arn);
        if (!ctx.Home.TrialMemberships.Contains(key))
            ctx.Tx.Put(ctx.Home.TrialMemberships, key, new TrialMembershipRecord(trial.Arn, component.Arn, ctx.Now));
        return new AssociateTrialComponentResponse { TrialComponentArn = component.Arn, TrialArn = trial.Arn };
    }

    /// <summary>"This doesn't effect other trials the component is associated with."</summary>
    private static DisassociateTrialComponentResponse Disassociate(DisassociateTrialComponentRequest r, CallContext ctx)
    {
        var component = NamedEntities.Find(ctx, EntityKinds.TrialComponent, r.TrialComponentName!).Row;
        var trial = Find(ctx, r.TrialName!);
        var key = TrialMembershipRecord.MembershipKey(trial.Arn, component.Arn);
        if (!ctx.Home.TrialMemberships.Contains(key))
            throw new ResourceNotFound($"Trial Component '{component.Arn}' is not associated with Trial '{trial.Arn}'.");
        ctx.Tx.Delete(ctx.Home.TrialMemberships, key);
        return new DisassociateTrialComponentResponse { TrialComponentArn = component.Arn, TrialArn = trial.Arn };
    }

    /// <summary>"If DisplayName isn't specified, TrialName is displayed."</summary>
    public static string DisplayName(TrialRecord t) => t.DisplayName ?? t.Name;

    public static TrialRecord Find(CallContext ctx, string name) => NamedEntities.Find(ctx, Kind, name).Row;

    /// <summary>The trials a component is in, each with its experiment: the component's Parents.</summary>
    public static List<Parent> ParentsOf(Partition home, string componentArn) =>
        [.. home.TrialsOfComponent(componentArn)
            .Select(arn => Kind.In(home).Get(arn)!)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new Parent { TrialName = t.Name, ExperimentName = t.ExperimentName })];
}
