using System.Text.Json;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operations;
using LineageEmulator.State;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// The model registry: CreateModelPackageGroup, DescribeModelPackageGroup, ListModelPackageGroups,
/// DeleteModelPackageGroup, CreateModelPackage, DescribeModelPackage, ListModelPackages,
/// UpdateModelPackage, DeleteModelPackage, and the lineage SageMaker writes for them.
/// </summary>
public static class ModelPackages
{
    public static void Register(OperationTable t)
    {
        // Group and package names may be ARNs, possibly of another account; the authorizer decides those.
        t.Add(SageMakerOperations.CreateModelPackageGroup, Access.Write, OperationTable.NoResources, CreateGroup);
        t.Add(SageMakerOperations.DescribeModelPackageGroup, Access.Read, r => [r.ModelPackageGroupName], DescribeGroup);
        t.Add(SageMakerOperations.ListModelPackageGroups, Access.Read, OperationTable.NoResources, ListGroups);
        t.Add(SageMakerOperations.DeleteModelPackageGroup, Access.Write, r => [r.ModelPackageGroupName], DeleteGroup);
        t.Add(SageMakerOperations.CreateModelPackage, Access.Write, r => [r.ModelPackageGroupName], Create);
        t.Add(SageMakerOperations.DescribeModelPackage, Access.Read, r => [r.ModelPackageName], Describe);
        t.Add(SageMakerOperations.ListModelPackages, Access.Read, r => [r.ModelPackageGroupName], List);
        t.Add(SageMakerOperations.UpdateModelPackage, Access.Write, r => [r.ModelPackageArn], Update);
        t.Add(SageMakerOperations.DeleteModelPackage, Access.Write, r => [r.ModelPackageName], Delete);
    }

    /// <summary>Context type of a model package group, action type of a package's registration and approval.</summary>
    public const string GroupContextType = "ModelGroup", ApprovalActionType = "Approval";

    private const string GroupStatusCompleted = "Completed", PackageStatusCompleted = "Completed";

    // ---- groups ----

    private static string GroupArn(CallContext ctx, string nameOrArn) =>
        Arn.TryParse(nameOrArn, out _) ? nameOrArn : Arns.Resource(ctx.Caller.Region, ctx.Caller.AccountId, "model-package-group", nameOrArn);

    public static ModelPackageGroupRecord FindGroup(CallContext ctx, string nameOrArn) =>
        (Lineage.PartitionOf(ctx, GroupArn(ctx, nameOrArn)) ?? ctx.Home).ModelPackageGroups.Get(GroupArn(ctx, nameOrArn))
        ?? throw new ValidationException($"ModelPackageGroup {nameOrArn} does not exist.");

    private static CreateModelPackageGroupOutput CreateGroup(CreateModelPackageGroupInput r, CallContext ctx)
    {
        var arn = GroupArn(ctx, r.ModelPackageGroupName!);
        if (ctx.Home.ModelPackageGroups.Contains(arn)) throw new ValidationException($"Model Package Group already exists: {arn}");
        ctx.Tx.Put(ctx.Home.ModelPackageGroups, arn, new ModelPackageGroupRecord(arn, r.ModelPackageGroupName!,
            r.ModelPackageGroupDescription, ctx.Now, Lineage.CallerContext(ctx)));
        Lineage.PutInitialTags(ctx, arn, r.Tags);
        // "A context for each model package group" (Amazon SageMaker AI–Created Tracking Entities).
        GroupContext(ctx, arn, r.ModelPackageGroupName!);
        return new CreateModelPackageGroupOutput { ModelPackageGroupArn = arn };
    }

    private static string GroupContext(CallContext ctx, string groupArn, string groupName) =>
        CreatedLineage.Context(ctx, groupArn, groupName, "-aws-model-package-group", GroupContextType);

    private static DescribeModelPackageGroupOutput DescribeGroup(DescribeModelPackageGroupInput r, CallContext ctx)
    {
        var g = FindGroup(ctx, r.ModelPackageGroupName!);
        return new DescribeModelPackageGroupOutput
        {
            ModelPackageGroupName = g.Name,
            ModelPackageGroupArn = g.Arn,
            ModelPackageGroupDescription = g.Description,
            CreationTime = g.CreationTime,
            CreatedBy = g.CreatedBy,
            ModelPackageGroupStatus = GroupStatusCompleted,
        };
    }

    private static ListModelPackageGroupsOutput ListGroups(ListModelPackageGroupsInput r, CallContext ctx)
    {
        var q = ListQuery.Of("ListModelPackageGroups", r, r.CrossAccountFilterOption);
        var (page, next) = Listing.Page(ctx.Home.ModelPackageGroups.Values, g => new ListedItem(g.Name, g.Arn, g.CreationTime, null, null), q,
            SortOrderValues.Ascending);
        return new ListModelPackageGroupsOutput
        {
            ModelPackageGroupSummaryList = [.. page.Select(g => new ModelPackageGroupSummary
            {
                ModelPackageGroupName = g.Name,
                ModelPackageGroupArn = g.Arn,
                ModelPackageGroupDescription = g.Description,
                CreationTime = g.CreationTime,
                ModelPackageGroupStatus = GroupStatusCompleted,
            })],
            NextToken = next,
        };
    }

    private static NoOutput DeleteGroup(DeleteModelPackageGroupInput r, CallContext ctx)
    {
        var g = FindGroup(ctx, r.ModelPackageGroupName!);
        if (ctx.Home.ModelPackages.Values.Any(p => p.GroupName is { } name && GroupArn(ctx, name) == g.Arn))
            throw new ConflictException($"Model Package Group {g.Name} contains model packages; delete them first.");
        ControlPlaneResources.Delete(ctx, ctx.Home.ModelPackageGroups, g.Arn);
        return new NoOutput();
    }

    // ---- packages ----

    public static ModelPackageRecord? TryFind(CallContext ctx, string nameOrArn)
    {
        var arn = Arn.TryParse(nameOrArn, out _) ? nameOrArn : Arns.Resource(ctx.Caller.Region, ctx.Caller.AccountId, "model-package", nameOrArn);
        return (Lineage.PartitionOf(ctx, arn) ?? ctx.Home).ModelPackages.Get(arn);
    }

    public static ModelPackageRecord Find(CallContext ctx, string nameOrArn) =>
        TryFind(ctx, nameOrArn) ?? throw new ValidationException($"ModelPackage {nameOrArn} does not exist.");

    private static CreateModelPackageOutput Create(CreateModelPackageInput r, CallContext ctx)
    {
        if ((r.ModelPackageGroupName is null) == (r.ModelPackageName is null))
            throw new ValidationException("Exactly one of ModelPackageName and ModelPackageGroupName must be specified.");
        string arn, name;
        int? version = null;
        string? groupName = null;
        if (r.ModelPackageGroupName is { } groupRef)
        {
            var group = FindGroup(ctx, groupRef);
            groupName = group.Name;
            version = 1 + ctx.Home.ModelPackages.Values.Where(p => p.GroupName == group.Name).Select(p => p.Version ?? 0).DefaultIfEmpty(0).Max();
            arn = Arns.ModelPackageVersion(ctx.Caller.Region, ctx.Caller.AccountId, group.Name, version.Value);
            name = group.Name;
        }
        else
        {
            name = r.ModelPackageName!;
            arn = Arns.Resource(ctx.Caller.Region, ctx.Caller.AccountId, "model-package", name);
            if (ctx.Home.ModelPackages.Contains(arn)) throw new ConflictException($"Model Package {name} already exists: {arn}");
        }
        // A version in a group waits for approval unless told otherwise (API reference, ModelApprovalStatus).
        var approval = r.ModelApprovalStatus ?? (version is null ? null : ModelApprovalStatusValues.PendingManualApproval);
        var who = Lineage.CallerContext(ctx);
        var package = new ModelPackageRecord(arn, name, groupName, version,
            Jobs.SpecOf(r, SageMakerJsonContext.Default.CreateModelPackageInput),
            approval, null, ctx.Now, who, ctx.Now, who);
        ctx.Tx.Put(ctx.Home.ModelPackages, arn, package);
        Lineage.PutInitialTags(ctx, arn, r.Tags);
        WriteLineage(ctx, package, r.InferenceSpecification);
        return new CreateModelPackageOutput { ModelPackageArn = arn };
    }

    /// <summary>
    /// "Amazon SageMaker AI–Created Tracking Entities", model packages: an artifact for the package (its
    /// ARN as SourceUri; the SageMaker Python SDK's integration tests find it with ListArtifacts(SourceUri=
    /// package ARN) and read it as a ModelArtifact), artifacts for each inference container's image and
    /// model data contributing to it, the package artifact associated with its group's context, and an
    /// action recording its registration and approval.
    /// </summary>
    private static void WriteLineage(CallContext ctx, ModelPackageRecord package, InferenceSpecification? inference)
    {
        var artifact = CreatedLineage.Artifact(ctx, package.Arn, CreatedLineage.Model);
        foreach (var c in inference?.Containers ?? [])
        {
            if (c.Image is { } image)
                CreatedLineage.Associate(ctx, CreatedLineage.Artifact(ctx, image, CreatedLineage.Image), artifact, AssociationEdgeTypeValues.ContributedTo);
            if (c.ModelDataUrl is { } data)
                CreatedLineage.Associate(ctx, CreatedLineage.Artifact(ctx, data, CreatedLineage.Model), artifact, AssociationEdgeTypeValues.ContributedTo);
        }
        if (package.GroupName is { } groupName)
        {
            var group = FindGroup(ctx, groupName);
            CreatedLineage.Associate(ctx, artifact, GroupContext(ctx, group.Arn, group.Name), AssociationEdgeTypeValues.AssociatedWith);
        }
        var stem = package.Version is { } v ? $"{package.Name}-{v}" : package.Name;
        var action = CreatedLineage.Action(ctx, stem, "-aws-model-package", ApprovalActionType, package.Arn, ApprovalProperties(package));
        // Upstream of the package: the SDK's integration tests reach the approval action walking Ascendants
        // from the endpoint context that deploys the package.
        CreatedLineage.Associate(ctx, action, artifact, AssociationEdgeTypeValues.ContributedTo);
    }

    private static Dictionary<string, string>? ApprovalProperties(ModelPackageRecord p) =>
        p.ApprovalStatus is null ? null : new() { ["ModelApprovalStatus"] = p.ApprovalStatus };

    private static DescribeModelPackageOutput Describe(DescribeModelPackageInput r, CallContext ctx)
    {
        var p = Find(ctx, r.ModelPackageName!);
        return Jobs.Echo(p.Spec, SageMakerJsonContext.Default.DescribeModelPackageOutput, new DescribeModelPackageOutput
        {
            ModelPackageName = p.Name,
            ModelPackageGroupName = p.GroupName,
            ModelPackageVersion = p.Version,
            ModelPackageArn = p.Arn,
            CreationTime = p.CreationTime,
            ModelPackageStatus = PackageStatusCompleted,
            ModelPackageStatusDetails = new ModelPackageStatusDetails { ValidationStatuses = [], ImageScanStatuses = [] },
            ModelApprovalStatus = p.ApprovalStatus,
            ApprovalDescription = p.ApprovalDescription,
            CreatedBy = p.CreatedBy,
            LastModifiedTime = p.LastModifiedTime,
            LastModifiedBy = p.LastModifiedBy,
        });
    }

    private static ListModelPackagesOutput List(ListModelPackagesInput r, CallContext ctx)
    {
        var group = r.ModelPackageGroupName is { } g ? FindGroup(ctx, g).Name : null;
        // Without a type, a group's listing shows its versions and any other listing the standalone packages
        // (API reference: Unversioned "is the default value if no ModelPackageType is specified").
        var type = r.ModelPackageType ?? (group is null ? ModelPackageTypeValues.Unversioned : ModelPackageTypeValues.Versioned);
        var items = ctx.Home.ModelPackages.Values.Where(p =>
            (group is null || p.GroupName == group)
            && (r.ModelApprovalStatus is null || p.ApprovalStatus == r.ModelApprovalStatus)
            && (type == ModelPackageTypeValues.Both || (type == ModelPackageTypeValues.Versioned) == (p.Version is not null)));
        var q = ListQuery.Of("ListModelPackages", r, string.Join("|", group, r.ModelApprovalStatus, r.ModelPackageType));
        var (page, next) = Listing.Page(items, p => new ListedItem(p.Name, p.Arn, p.CreationTime, p.LastModifiedTime, null), q,
            SortOrderValues.Ascending);
        return new ListModelPackagesOutput
        {
            ModelPackageSummaryList = [.. page.Select(p => new ModelPackageSummary
            {
                ModelPackageName = p.Name,
                ModelPackageGroupName = p.GroupName,
                ModelPackageVersion = p.Version,
                ModelPackageArn = p.Arn,
                ModelPackageDescription = Jobs.Echo(p.Spec, SageMakerJsonContext.Default.DescribeModelPackageOutput).ModelPackageDescription,
                CreationTime = p.CreationTime,
                ModelPackageStatus = PackageStatusCompleted,
                ModelApprovalStatus = p.ApprovalStatus,
            })],
            NextToken = next,
        };
    }

    /// <summary>
    /// A change of approval status is recorded on the package's approval action (its status property and
    /// modification time), so lineage shows who approved the package and when.
    /// </summary>
    private static UpdateModelPackageOutput Update(UpdateModelPackageInput r, CallContext ctx)
    {
        var p = Find(ctx, r.ModelPackageArn!);
        var updated = p with
        {
            ApprovalStatus = r.ModelApprovalStatus ?? p.ApprovalStatus,
            ApprovalDescription = r.ApprovalDescription ?? p.ApprovalDescription,
            LastModifiedTime = ctx.Now,
            LastModifiedBy = Lineage.CallerContext(ctx),
        };
        ctx.Tx.Put(ctx.Home.ModelPackages, p.Arn, updated);
        if (r.ModelApprovalStatus is not null && r.ModelApprovalStatus != p.ApprovalStatus)
        {
            foreach (var action in EntityKinds.Action.In(ctx.Home).Values.Where(a => a.Source.SourceUri == p.Arn && a.ActionType == ApprovalActionType).ToList())
                Actions.Update(new UpdateActionRequest { ActionName = action.Name, Properties = ApprovalProperties(updated) }, ctx);
        }
        return new UpdateModelPackageOutput { ModelPackageArn = p.Arn };
    }

    private static NoOutput Delete(DeleteModelPackageInput r, CallContext ctx)
    {
        var p = Find(ctx, r.ModelPackageName!);
        ControlPlaneResources.Delete(ctx, ctx.Home.ModelPackages, p.Arn);
        return new NoOutput();
    }
}
