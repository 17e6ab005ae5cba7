using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Infrastructure.JsonValues;
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

    private static string Template(params string[] actions) =>
        new JsonObject { ["Effect"] = "Allow", ["Action"] = Array(actions) }.ToJsonString();

    private static async Task<JsonNode> Create(RamClient ram, string template, string? name = null) =>
        (await ram.Post("/createpermission", new JsonObject
        {
            ["name"] = name ?? EmulatorFixture.Unique("perm"),
            ["resourceType"] = Lineage,
            ["policyTemplate"] = template,
        })).Ok()["permission"]!;

    private static async Task<string> Arn(RamClient ram, params string[] actions) =>
        (await Create(ram, Template(actions)))["arn"]!.GetValue<string>();

    [Fact]
    public async Task Create_returns_a_customer_managed_summary_and_names_are_unique_per_region()
    {
        var account = EmulatorFixture.NewAccount();
        var ram = emulator.Ram(account);
        var name = EmulatorFixture.Unique("perm");
        var created = await Create(ram, Template("sagemaker:DescribeArtifact"), name);
        Assert.Equal($"arn:aws:ram:us-east-1:{account}:permission/{name}", created["arn"]!.GetValue<string>());
        Assert.Equal("1", created["version"]!.GetValue<string>());
        Assert.True(created["defaultVersion"]!.GetValue<bool>());
        Assert.Equal("CUSTOMER_MANAGED", created["permissionType"]!.GetValue<string>());
        Assert.Equal("ATTACHABLE", created["status"]!.GetValue<string>());
        Assert.False(created["isResourceTypeDefault"]!.GetValue<bool>());

        // PermissionAlreadyExistsException is modelled with HTTP 409.
        (await ram.Post("/createpermission", new JsonObject { ["name"] = name, ["resourceType"] = Lineage, ["policyTemplate"] = Template("sagemaker:QueryLineage") }))
            .Error("PermissionAlreadyExistsException", 409);
        // Another region has its own names.
        (await emulator.Ram(account, "eu-west-1").Post("/createpermission", new JsonObject
        {
            ["name"] = name, ["resourceType"] = Lineage, ["policyTemplate"] = Template("sagemaker:QueryLineage"),
        })).Ok();

        var listed = (await ram.Post("/listpermissions", new JsonObject { ["permissionType"] = "CUSTOMER_MANAGED" })).Ok()["permissions"]!.AsArray();
        Assert.Equal([created["arn"]!.GetValue<string>()], Strings(listed, "arn"));
        var aws = (await ram.Post("/listpermissions", new JsonObject { ["permissionType"] = "AWS_MANAGED" })).Ok()["permissions"]!.AsArray();
        Assert.Equal([Managed], Strings(aws, "arn"));
        Assert.Equal(2, (await ram.Post("/listpermissions", new JsonObject())).Ok()["permissions"]!.AsArray().Count);
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
            (await ram.Post("/createpermission", new JsonObject { ["name"] = "p", ["resourceType"] = Lineage, ["policyTemplate"] = bad }))
                .Error("MalformedPolicyTemplateException");
        (await ram.Post("/createpermission", new JsonObject { ["name"] = "p", ["resourceType"] = Lineage, ["policyTemplate"] = Template("sagemaker:CreateArtifact") }))
            .Error("InvalidPolicyException");
        (await ram.Post("/createpermission", new JsonObject { ["name"] = "p", ["resourceType"] = "ec2:Subnet", ["policyTemplate"] = Template("sagemaker:QueryLineage") }))
            .Error("InvalidParameterException");
        // The name pattern comes from the model: [\w.-]*, 1 to 36 characters.
        (await ram.Post("/createpermission", new JsonObject { ["name"] = "no spaces", ["resourceType"] = Lineage, ["policyTemplate"] = Template("sagemaker:QueryLineage") }))
            .Error("InvalidParameterException");
        Assert.Single((await ram.Post("/listpermissions", new JsonObject())).Ok()["permissions"]!.AsArray());

        // IAM wildcards expand to the lineage actions they match.
        var wildcard = await Arn(ram, "sagemaker:Describe*");
        var detail = (await ram.Post("/getpermission", new JsonObject { ["permissionArn"] = wildcard })).Ok()["permission"]!;
        Assert.Contains("sagemaker:Describe*", detail["permission"]!.GetValue<string>());
    }

    [Fact]
    public async Task Versions_default_to_the_newest_can_be_chosen_and_are_limited_to_five()
    {
        var ram = emulator.Ram(EmulatorFixture.NewAccount());
        var arn = await Arn(ram, "sagemaker:DescribeArtifact");
        var v2 = (await ram.Post("/createpermissionversion", new JsonObject { ["permissionArn"] = arn, ["policyTemplate"] = Template("sagemaker:QueryLineage") }))
            .Ok()["permission"]!;
        Assert.Equal("2", v2["version"]!.GetValue<string>());
        Assert.True(v2["defaultVersion"]!.GetValue<bool>());
        Assert.Contains("sagemaker:QueryLineage", v2["permission"]!.GetValue<string>());

        var versions = (await ram.Post("/listpermissionversions", new JsonObject { ["permissionArn"] = arn })).Ok()["permissions"]!.AsArray();
        Assert.Equal(["1", "2"], Strings(versions, "version"));
        // Only the default version can be attached (AssociateResourceSharePermission's model documentation).
        Assert.Equal(["UNATTACHABLE", "ATTACHABLE"], Strings(versions, "status"));

        var v1 = (await ram.Post("/getpermission", new JsonObject { ["permissionArn"] = arn, ["permissionVersion"] = 1 })).Ok()["permission"]!;
        Assert.Contains("sagemaker:DescribeArtifact", v1["permission"]!.GetValue<string>());
        Assert.False(v1["defaultVersion"]!.GetValue<bool>());

        (await ram.Post("/setdefaultpermissionversion", new JsonObject { ["permissionArn"] = arn, ["permissionVersion"] = 1 })).Ok();
        Assert.Equal("1", (await ram.Post("/getpermission", new JsonObject { ["permissionArn"] = arn })).Ok()["permission"]!["version"]!.GetValue<string>());
        (await ram.Post("/setdefaultpermissionversion", new JsonObject { ["permissionArn"] = arn, ["permissionVersion"] = 9 })).Error("UnknownResourceException");

        // The default version cannot be deleted; another can.
        var query = $"/deletepermissionversion?permissionArn={Uri.EscapeDataString(arn)}&permissionVersion=";
        (await ram.Delete(query + "1")).Error("InvalidParameterException");
        Assert.Equal("ATTACHABLE", (await ram.Delete(query + "2")).Ok()["permissionStatus"]!.GetValue<string>());

        for (var i = 0; i < 4; i++)
            (await ram.Post("/createpermissionversion", new JsonObject { ["permissionArn"] = arn, ["policyTemplate"] = Template("sagemaker:QueryLineage") })).Ok();
        (await ram.Post("/createpermissionversion", new JsonObject { ["permissionArn"] = arn, ["policyTemplate"] = Template("sagemaker:QueryLineage") }))
            .Error("PermissionVersionsLimitExceededException");

        // The AWS-managed permission cannot be changed.
        (await ram.Post("/createpermissionversion", new JsonObject { ["permissionArn"] = Managed, ["policyTemplate"] = Template("sagemaker:QueryLineage") }))
            .Error("OperationNotPermittedException");
        (await ram.Delete("/deletepermission?permissionArn=" + Uri.EscapeDataString(Managed))).Error("OperationNotPermittedException");
    }

    [Fact]
    public async Task A_share_keeps_its_version_until_replaced_and_an_attached_permission_cannot_be_deleted()
    {
        var (owner, receiver) = (EmulatorFixture.NewAccount(), EmulatorFixture.NewAccount());
        var (ownerRam, receiverRam) = (emulator.Ram(owner), emulator.Ram(receiver));
        var artifact = await CreateArtifact(emulator.SageMaker(owner));
        var arn = await Arn(ownerRam, "sagemaker:DescribeArtifact");
        var share = (await ownerRam.Post("/createresourceshare", new JsonObject
        {
            ["name"] = EmulatorFixture.Unique("share"),
            ["resourceArns"] = Array(GroupArn(owner)),
            ["principals"] = Array(receiver),
            ["permissionArns"] = Array(arn),
        })).Ok()["resourceShare"]!["resourceShareArn"]!.GetValue<string>();
        (await receiverRam.Post("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = await InvitationArn(receiverRam, share) })).Ok();

        var sm = emulator.SageMaker(receiver);
        var describe = new JsonObject { ["ArtifactArn"] = artifact };
        var query = new JsonObject { ["StartArns"] = Array(artifact) };
        (await sm.Call("DescribeArtifact", describe)).Ok();
        (await sm.Call("QueryLineage", query)).Error("AccessDeniedException");

        // Both sides see the share's permission at its version.
        foreach (var ram in new[] { ownerRam, receiverRam })
        {
            var permission = (await ram.Post("/listresourcesharepermissions", new JsonObject { ["resourceShareArn"] = share })).Ok()["permissions"]!.AsArray().Single()!;
            Assert.Equal((arn, "1"), (permission["arn"]!.GetValue<string>(), permission["version"]!.GetValue<string>()));
        }

        // A new version becomes the default, but the share keeps version 1 ("Existing resource shares continue to
        // use their original permission versions", CreatePermissionVersion's model documentation) ...
        (await ownerRam.Post("/createpermissionversion", new JsonObject { ["permissionArn"] = arn, ["policyTemplate"] = Template("sagemaker:QueryLineage") })).Ok();
        (await sm.Call("QueryLineage", query)).Error("AccessDeniedException");
        var association = (await ownerRam.Post("/listpermissionassociations", new JsonObject { ["permissionArn"] = arn })).Ok()["permissions"]!.AsArray().Single()!;
        Assert.Equal(("1", false, share), (association["permissionVersion"]!.GetValue<string>(), association["defaultVersion"]!.GetValue<bool>(),
            association["resourceShareArn"]!.GetValue<string>()));
        // ... and neither it nor the permission can be deleted while attached.
        (await ownerRam.Delete($"/deletepermissionversion?permissionArn={Uri.EscapeDataString(arn)}&permissionVersion=1")).Error("OperationNotPermittedException");
        (await ownerRam.Delete("/deletepermission?permissionArn=" + Uri.EscapeDataString(arn))).Error("OperationNotPermittedException");

        // ... until ReplacePermissionAssociations moves it to the default version.
        var work = (await ownerRam.Post("/replacepermissionassociations", new JsonObject { ["fromPermissionArn"] = arn, ["toPermissionArn"] = arn }))
            .Ok()["replacePermissionAssociationsWork"]!;
        Assert.Equal("2", work["toPermissionVersion"]!.GetValue<string>());
        var listed = (await ownerRam.Post("/listreplacepermissionassociationswork", new JsonObject { ["workIds"] = Array(work["id"]!.GetValue<string>()) }))
            .Ok()["replacePermissionAssociationsWorks"]!.AsArray().Single()!;
        Assert.Equal("COMPLETED", listed["status"]!.GetValue<string>());
        (await sm.Call("QueryLineage", query)).Ok();
        (await sm.Call("DescribeArtifact", describe)).Error("AccessDeniedException");

        // Version 1 is free now; replacing with the AWS-managed permission frees the permission itself.
        (await ownerRam.Delete($"/deletepermissionversion?permissionArn={Uri.EscapeDataString(arn)}&permissionVersion=1")).Ok();
        (await ownerRam.Post("/replacepermissionassociations", new JsonObject { ["fromPermissionArn"] = arn, ["toPermissionArn"] = Managed })).Ok();
        (await sm.Call("DescribeArtifact", describe)).Ok();
        var deleted = (await ownerRam.Delete("/deletepermission?permissionArn=" + Uri.EscapeDataString(arn))).Ok();
        Assert.Equal("DELETED", deleted["permissionStatus"]!.GetValue<string>());
        (await ownerRam.Post("/getpermission", new JsonObject { ["permissionArn"] = arn })).Error("UnknownResourceException");
    }

    [Fact]
    public async Task Associating_needs_replace_and_removing_needs_the_share_empty_of_lineage_groups()
    {
        var (owner, receiver) = (EmulatorFixture.NewAccount(), EmulatorFixture.NewAccount());
        var ram = emulator.Ram(owner);
        await CreateArtifact(emulator.SageMaker(owner));
        var share = (await CreateShare(ram, GroupArn(owner), receiver)).ResourceShareArn!;
        var arn = await Arn(ram, "sagemaker:QueryLineage");
        JsonObject Associate(bool? replace = null, int? version = null)
        {
            var body = new JsonObject { ["resourceShareArn"] = share, ["permissionArn"] = arn };
            if (replace is not null) body["replace"] = replace;
            if (version is not null) body["permissionVersion"] = version;
            return body;
        }
        // AssociateResourceSharePermission's model documentation: one permission per resource type; without replace=true it is an error.
        (await ram.Post("/associateresourcesharepermission", Associate())).Error("InvalidParameterException");
        (await ram.Post("/associateresourcesharepermission", Associate(replace: true, version: 2))).Error("InvalidParameterException");
        (await ram.Post("/associateresourcesharepermission", Associate(replace: true))).Ok();
        Assert.Equal([arn], Strings((await ram.Post("/listresourcesharepermissions", new JsonObject { ["resourceShareArn"] = share })).Ok()["permissions"], "arn"));
        var filtered = (await ram.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF", ["permissionArn"] = arn, ["permissionVersion"] = 1 })).Ok();
        Assert.Equal([share], Strings(filtered["resourceShares"], "resourceShareArn"));

        // DisassociateResourceSharePermission's model documentation: only with no resources of its type attached.
        var disassociate = new JsonObject { ["resourceShareArn"] = share, ["permissionArn"] = arn };
        (await ram.Post("/disassociateresourcesharepermission", disassociate)).Error("InvalidStateTransitionException");
        (await ram.Post("/disassociateresourceshare", new JsonObject { ["resourceShareArn"] = share, ["resourceArns"] = Array(GroupArn(owner)) })).Ok();
        (await ram.Post("/disassociateresourcesharepermission", disassociate.DeepClone())).Ok();
        Assert.Empty((await ram.Post("/listresourcesharepermissions", new JsonObject { ["resourceShareArn"] = share })).Ok()["permissions"]!.AsArray());
        (await ram.Post("/disassociateresourcesharepermission", disassociate.DeepClone())).Error("UnknownResourceException");

        // The lineage group coming back brings the default permission with it (CreateResourceShare's model
        // documentation: RAM "automatically attaches the default version of the permission for each resource type").
        (await ram.Post("/associateresourceshare", new JsonObject { ["resourceShareArn"] = share, ["resourceArns"] = Array(GroupArn(owner)) })).Ok();
        Assert.Equal([Managed], Strings((await ram.Post("/listresourcesharepermissions", new JsonObject { ["resourceShareArn"] = share })).Ok()["permissions"], "arn"));
    }

    [Fact]
    public async Task Permissions_can_be_tagged_and_policy_created_features_do_not_exist_here()
    {
        var account = EmulatorFixture.NewAccount();
        var ram = emulator.Ram(account);
        await CreateArtifact(emulator.SageMaker(account));
        var arn = await Arn(ram, "sagemaker:QueryLineage");
        (await ram.Post("/tagresource", new JsonObject
        {
            ["resourceArn"] = arn,
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "ml" }),
        })).Ok();
        var tags = (await ram.Post("/getpermission", new JsonObject { ["permissionArn"] = arn })).Ok()["permission"]!["tags"]!.AsArray();
        Assert.Equal(["team"], Strings(tags, "key"));
        (await ram.Post("/untagresource", new JsonObject { ["resourceArn"] = arn, ["tagKeys"] = Array("team") })).Ok();
        Assert.Null((await ram.Post("/getpermission", new JsonObject { ["permissionArn"] = arn })).Ok()["permission"]!["tags"]);

        // Only RAM makes CREATED_FROM_POLICY shares and permissions, from a resource policy attached outside RAM;
        // nothing attaches one to a lineage group, so every share and permission is STANDARD and cannot be promoted.
        var share = (await CreateShare(ram, GroupArn(account), EmulatorFixture.NewAccount())).ResourceShareArn!;
        (await ram.Post("/promoteresourcesharecreatedfrompolicy?resourceShareArn=" + Uri.EscapeDataString(share), new JsonObject()))
            .Error("InvalidStateTransitionException");
        (await ram.Post("/promotepermissioncreatedfrompolicy", new JsonObject { ["permissionArn"] = arn, ["name"] = "promoted" }))
            .Error("OperationNotPermittedException");
        (await ram.Post("/promotepermissioncreatedfrompolicy", new JsonObject { ["permissionArn"] = arn })).Error("MissingRequiredParameterException");
        // Source associations exist only for service principals, which lineage-group shares do not take.
        Assert.Empty((await ram.Post("/listsourceassociations", new JsonObject { ["resourceShareArns"] = Array(share) })).Ok()["sourceAssociations"]!.AsArray());
        (await ram.Post("/listsourceassociations", new JsonObject { ["resourceShareArns"] = Array($"arn:aws:ram:us-east-1:{account}:resource-share/{Guid.NewGuid()}") }))
            .Error("UnknownResourceException");
    }
}
