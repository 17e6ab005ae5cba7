using System.Text.Json.Nodes;
using LineageEmulator.Model.Ram;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.Ram;

/// <summary>
/// Customer managed permissions (RAM user guide, "Managing permissions in AWS RAM" and "Creating and using
/// customer managed permissions"; each operation's model documentation): create, version, set the default,
/// delete, attach to shares and replace, with the lineage-group authorizer granting exactly their actions.
/// </summary>
public sealed class CustomerManagedPermissionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string Lineage = "sagemaker:LineageGroup";
    private const string Managed = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionSageMakerLineageGroup";

    /// <summary>A policy template: a JSON document that RAM takes as a string.</summary>
    private static string Template(params string[] actions) =>
        new JsonObject { ["Effect"] = "Allow", ["Action"] = Array(actions) }.ToJsonString();

    private static Task<CreatePermissionResponse> CreatePermission(RamClient ram, string template, string? name = null, string resourceType = Lineage) =>
        ram.CreatePermissionAsync(new() { Name = name ?? EmulatorFixture.Unique("perm"), ResourceType = resourceType, PolicyTemplate = template });

    private static async Task<string> Arn(RamClient ram, params string[] actions) => (await CreatePermission(ram, Template(actions))).Permission!.Arn!;

    private static Task<CreatePermissionVersionResponse> NewVersion(RamClient ram, string arn, params string[] actions) =>
        ram.CreatePermissionVersionAsync(new() { PermissionArn = arn, PolicyTemplate = Template(actions) });

    private static async Task<ResourceSharePermissionDetail> Get(RamClient ram, string arn, int? version = null) =>
        (await ram.GetPermissionAsync(new() { PermissionArn = arn, PermissionVersion = version })).Permission!;

    private static async Task<List<string?>> SharePermissions(RamClient ram, string share) =>
        [.. (await ram.ListResourceSharePermissionsAsync(new() { ResourceShareArn = share })).Permissions!.Select(p => p.Arn)];

    private static async Task<IReadOnlyList<ResourceSharePermissionSummary>> Permissions(RamClient ram, string? type = null) =>
        (await ram.ListPermissionsAsync(new() { PermissionType = type })).Permissions!;

    [Fact]
    public async Task Create_returns_a_customer_managed_summary_and_names_are_unique_per_region()
    {
        var account = EmulatorFixture.NewAccount();
        var ram = emulator.Ram(account);
        var name = EmulatorFixture.Unique("perm");
        var created = (await CreatePermission(ram, Template("sagemaker:DescribeArtifact"), name)).Permission!;
        Assert.Equal($"arn:aws:ram:us-east-1:{account}:permission/{name}", created.Arn);
        Assert.Equal("1", created.Version);
        Assert.True(created.DefaultVersion);
        Assert.Equal(PermissionTypeValues.CUSTOMER_MANAGED, created.PermissionType);
        Assert.Equal(PermissionStatusValues.ATTACHABLE, created.Status);
        Assert.False(created.IsResourceTypeDefault);

        // PermissionAlreadyExistsException is modelled with HTTP 409.
        await CreatePermission(ram, Template("sagemaker:QueryLineage"), name).Fails("PermissionAlreadyExistsException", 409);
        // Another region has its own names.
        await CreatePermission(emulator.Ram(account, "eu-west-1"), Template("sagemaker:QueryLineage"), name);

        Assert.Equal([created.Arn], (await Permissions(ram, PermissionTypeFilterValues.CUSTOMER_MANAGED)).Select(p => p.Arn));
        Assert.Equal([Managed], (await Permissions(ram, PermissionTypeFilterValues.AWS_MANAGED)).Select(p => p.Arn));
        Assert.Equal(2, (await Permissions(ram)).Count);
    }

    [Fact]
    public async Task A_template_must_be_allow_with_lineage_actions_only_and_no_resource_or_principal()
    {
        // policyTemplate's model documentation: Effect must be ALLOW, Action only actions of the resource type,
        // and "This template can't include either the Resource or Principal elements".
        var ram = emulator.Ram(EmulatorFixture.NewAccount());
        foreach (var bad in new[]
                 {
                     "not json",
                     "[]",
                     "{\"Effect\":\"Deny\",\"Action\":[\"sagemaker:QueryLineage\"]}",
                     "{\"Effect\":\"Allow\"}",
                     "{\"Effect\":\"Allow\",\"Action\":[\"sagemaker:QueryLineage\"],\"Resource\":\"*\"}",
                     "{\"Effect\":\"Allow\",\"Action\":[\"sagemaker:QueryLineage\"],\"Principal\":\"*\"}",
                 })
            await CreatePermission(ram, bad, "p").Fails("MalformedPolicyTemplateException");
        await CreatePermission(ram, Template("sagemaker:CreateArtifact"), "p").Fails("InvalidPolicyException");
        await CreatePermission(ram, Template("sagemaker:QueryLineage"), "p", resourceType: "ec2:Subnet").Fails("InvalidParameterException");
        // The name pattern comes from the model: [\w.-]*, 1 to 36 characters.
        await CreatePermission(ram, Template("sagemaker:QueryLineage"), "no spaces").Fails("InvalidParameterException");
        Assert.Single(await Permissions(ram));

        // IAM wildcards expand to the lineage actions they match.
        var wildcard = await Arn(ram, "sagemaker:Describe*");
        Assert.Contains("sagemaker:Describe*", (await Get(ram, wildcard)).Permission);
    }

    [Fact]
    public async Task Versions_default_to_the_newest_can_be_chosen_and_are_limited_to_five()
    {
        var ram = emulator.Ram(EmulatorFixture.NewAccount());
        var arn = await Arn(ram, "sagemaker:DescribeArtifact");
        var v2 = (await NewVersion(ram, arn, "sagemaker:QueryLineage")).Permission!;
        Assert.Equal("2", v2.Version);
        Assert.True(v2.DefaultVersion);
        Assert.Contains("sagemaker:QueryLineage", v2.Permission);

        var versions = (await ram.ListPermissionVersionsAsync(new() { PermissionArn = arn })).Permissions!;
        Assert.Equal(["1", "2"], versions.Select(v => v.Version));
        // Only the default version can be attached (AssociateResourceSharePermission's model documentation).
        Assert.Equal([PermissionStatusValues.UNATTACHABLE, PermissionStatusValues.ATTACHABLE], versions.Select(v => v.Status));

        var v1 = await Get(ram, arn, 1);
        Assert.Contains("sagemaker:DescribeArtifact", v1.Permission);
        Assert.False(v1.DefaultVersion);

        await ram.SetDefaultPermissionVersionAsync(new() { PermissionArn = arn, PermissionVersion = 1 });
        Assert.Equal("1", (await Get(ram, arn)).Version);
        await ram.SetDefaultPermissionVersionAsync(new() { PermissionArn = arn, PermissionVersion = 9 }).Fails("UnknownResourceException");

        // The default version cannot be deleted; another can.
        Task<DeletePermissionVersionResponse> DeleteVersion(int version) => ram.DeletePermissionVersionAsync(new() { PermissionArn = arn, PermissionVersion = version });
        await DeleteVersion(1).Fails("InvalidParameterException");
        Assert.Equal(PermissionStatusValues.ATTACHABLE, (await DeleteVersion(2)).PermissionStatus);

        for (var i = 0; i < 4; i++) await NewVersion(ram, arn, "sagemaker:QueryLineage");
        await NewVersion(ram, arn, "sagemaker:QueryLineage").Fails("PermissionVersionsLimitExceededException");

        // The AWS-managed permission cannot be changed.
        await NewVersion(ram, Managed, "sagemaker:QueryLineage").Fails("OperationNotPermittedException");
        await ram.DeletePermissionAsync(new() { PermissionArn = Managed }).Fails("OperationNotPermittedException");
    }

    [Fact]
    public async Task A_share_keeps_its_version_until_replaced_and_an_attached_permission_cannot_be_deleted()
    {
        var (owner, receiver) = (EmulatorFixture.NewAccount(), EmulatorFixture.NewAccount());
        var (ownerRam, receiverRam) = (emulator.Ram(owner), emulator.Ram(receiver));
        var artifact = await CreateArtifact(emulator.SageMaker(owner));
        var arn = await Arn(ownerRam, "sagemaker:DescribeArtifact");
        var share = (await ownerRam.CreateResourceShareAsync(new()
        {
            Name = EmulatorFixture.Unique("share"),
            ResourceArns = [GroupArn(owner)],
            Principals = [receiver],
            PermissionArns = [arn],
        })).ResourceShare!.ResourceShareArn!;
        await Accept(receiverRam, await InvitationArn(receiverRam, share));

        var sm = emulator.SageMaker(receiver);
        Task<DescribeArtifactResponse> Describe() => sm.DescribeArtifactAsync(new() { ArtifactArn = artifact });
        Task<QueryLineageResponse> Query() => sm.QueryLineageAsync(new() { StartArns = [artifact] });
        await Describe();
        await Query().Fails("AccessDeniedException");

        // Both sides see the share's permission at its version.
        foreach (var ram in new[] { ownerRam, receiverRam })
        {
            var permission = Assert.Single((await ram.ListResourceSharePermissionsAsync(new() { ResourceShareArn = share })).Permissions!);
            Assert.Equal((arn, "1"), (permission.Arn, permission.Version));
        }

        // A new version becomes the default, but the share keeps version 1 ("Existing resource shares continue to
        // use their original permission versions", CreatePermissionVersion's model documentation) ...
        await NewVersion(ownerRam, arn, "sagemaker:QueryLineage");
        await Query().Fails("AccessDeniedException");
        var association = Assert.Single((await ownerRam.ListPermissionAssociationsAsync(new() { PermissionArn = arn })).Permissions!);
        Assert.Equal(("1", false, share), (association.PermissionVersion, association.DefaultVersion, association.ResourceShareArn));
        // ... and neither it nor the permission can be deleted while attached.
        await ownerRam.DeletePermissionVersionAsync(new() { PermissionArn = arn, PermissionVersion = 1 }).Fails("OperationNotPermittedException");
        await ownerRam.DeletePermissionAsync(new() { PermissionArn = arn }).Fails("OperationNotPermittedException");

        // ... until ReplacePermissionAssociations moves it to the default version.
        var work = (await ownerRam.ReplacePermissionAssociationsAsync(new() { FromPermissionArn = arn, ToPermissionArn = arn }))
            .ReplacePermissionAssociationsWork!;
        Assert.Equal("2", work.ToPermissionVersion);
        var listed = Assert.Single((await ownerRam.ListReplacePermissionAssociationsWorkAsync(new() { WorkIds = [work.Id!] }))
            .ReplacePermissionAssociationsWorks!);
        Assert.Equal(ReplacePermissionAssociationsWorkStatusValues.COMPLETED, listed.Status);
        await Query();
        await Describe().Fails("AccessDeniedException");

        // Version 1 is free now; replacing with the AWS-managed permission frees the permission itself.
        await ownerRam.DeletePermissionVersionAsync(new() { PermissionArn = arn, PermissionVersion = 1 });
        await ownerRam.ReplacePermissionAssociationsAsync(new() { FromPermissionArn = arn, ToPermissionArn = Managed });
        await Describe();
        Assert.Equal(PermissionStatusValues.DELETED, (await ownerRam.DeletePermissionAsync(new() { PermissionArn = arn })).PermissionStatus);
        await Get(ownerRam, arn).Fails("UnknownResourceException");
    }

    [Fact]
    public async Task Associating_needs_replace_and_removing_needs_the_share_empty_of_lineage_groups()
    {
        var (owner, receiver) = (EmulatorFixture.NewAccount(), EmulatorFixture.NewAccount());
        var ram = emulator.Ram(owner);
        await CreateArtifact(emulator.SageMaker(owner));
        var share = (await CreateShare(ram, GroupArn(owner), receiver)).ResourceShareArn!;
        var arn = await Arn(ram, "sagemaker:QueryLineage");
        Task<AssociateResourceSharePermissionResponse> Associate(bool? replace = null, int? version = null) =>
            ram.AssociateResourceSharePermissionAsync(new() { ResourceShareArn = share, PermissionArn = arn, Replace = replace, PermissionVersion = version });
        // AssociateResourceSharePermission's model documentation: one permission per resource type; without replace=true it is an error.
        await Associate().Fails("InvalidParameterException");
        await Associate(replace: true, version: 2).Fails("InvalidParameterException");
        await Associate(replace: true);
        Assert.Equal([arn], await SharePermissions(ram, share));
        var filtered = await ram.GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.SELF, PermissionArn = arn, PermissionVersion = 1 });
        Assert.Equal([share], filtered.ResourceShares!.Select(s => s.ResourceShareArn));

        // DisassociateResourceSharePermission's model documentation: only with no resources of its type attached.
        Task<DisassociateResourceSharePermissionResponse> Disassociate() =>
            ram.DisassociateResourceSharePermissionAsync(new() { ResourceShareArn = share, PermissionArn = arn });
        await Disassociate().Fails("InvalidStateTransitionException");
        await ram.DisassociateResourceShareAsync(new() { ResourceShareArn = share, ResourceArns = [GroupArn(owner)] });
        await Disassociate();
        Assert.Empty(await SharePermissions(ram, share));
        await Disassociate().Fails("UnknownResourceException");

        // The lineage group coming back brings the default permission with it (CreateResourceShare's model
        // documentation: RAM "automatically attaches the default version of the permission for each resource type").
        await ram.AssociateResourceShareAsync(new() { ResourceShareArn = share, ResourceArns = [GroupArn(owner)] });
        Assert.Equal([Managed], await SharePermissions(ram, share));
    }

    [Fact]
    public async Task Permissions_can_be_tagged_and_policy_created_features_do_not_exist_here()
    {
        var account = EmulatorFixture.NewAccount();
        var ram = emulator.Ram(account);
        await CreateArtifact(emulator.SageMaker(account));
        var arn = await Arn(ram, "sagemaker:QueryLineage");
        await ram.TagResourceAsync(new() { ResourceArn = arn, Tags = [new() { Key = "team", Value = "ml" }] });
        Assert.Equal(["team"], (await Get(ram, arn)).Tags!.Select(t => t.Key));
        await ram.UntagResourceAsync(new() { ResourceArn = arn, TagKeys = ["team"] });
        Assert.Null((await Get(ram, arn)).Tags);

        // Only RAM makes CREATED_FROM_POLICY shares and permissions, from a resource policy attached outside RAM;
        // nothing attaches one to a lineage group, so every share and permission is STANDARD and cannot be promoted.
        var share = (await CreateShare(ram, GroupArn(account), EmulatorFixture.NewAccount())).ResourceShareArn!;
        await ram.PromoteResourceShareCreatedFromPolicyAsync(new() { ResourceShareArn = share }).Fails("InvalidStateTransitionException");
        await ram.PromotePermissionCreatedFromPolicyAsync(new() { PermissionArn = arn, Name = "promoted" }).Fails("OperationNotPermittedException");
        await ram.PromotePermissionCreatedFromPolicyAsync(new() { PermissionArn = arn }).Fails("MissingRequiredParameterException");
        // Source associations exist only for service principals, which lineage-group shares do not take.
        Assert.Empty((await ram.ListSourceAssociationsAsync(new() { ResourceShareArns = [share] })).SourceAssociations!);
        await ram.ListSourceAssociationsAsync(new() { ResourceShareArns = [$"arn:aws:ram:us-east-1:{account}:resource-share/{Guid.NewGuid()}"] })
            .Fails("UnknownResourceException");
    }
}
