using System.Text.Json;
using System.Text.Json.Nodes;
using LineageEmulator.Model.Ram;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.Ram;

/// <summary>GetResourceShares filters and paging, tags, permissions, resource types and resource policies.</summary>
public sealed class RamListingTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    // Listings sort by creation time then ARN; a clock that moves on every request keeps two shares made in
    // the same millisecond from coming back in random (ARN) order.
    private readonly EmulatorFixture ticking = SageMaker.TickingClock.InstallOn(emulator);
    private readonly string a = EmulatorFixture.NewAccount();
    private readonly string b = EmulatorFixture.NewAccount();
    private RamClient RamA => emulator.Ram(a);
    private RamClient RamB => emulator.Ram(b);
    private const string PermissionArn = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionSageMakerLineageGroup";
    private const string OtherServicesPermission = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionTransitGateway";

    private static Tag Tag(string key, string value) => new() { Key = key, Value = value };

    private async Task<IReadOnlyList<ResourceShare>> OwnShares(GetResourceSharesRequest? filter = null) =>
        (await RamA.GetResourceSharesAsync(filter ?? new() { ResourceOwner = ResourceOwnerValues.SELF })).ResourceShares!;

    private async Task<List<string>> Names(GetResourceSharesRequest filter) => [.. (await OwnShares(filter)).Select(s => s.Name!)];

    private static GetResourceSharesRequest Own(string? name = null, IReadOnlyList<string>? arns = null, IReadOnlyList<TagFilter>? tags = null,
        string? status = null, string? permissionArn = null, int? permissionVersion = null) => new()
    {
        ResourceOwner = ResourceOwnerValues.SELF,
        Name = name,
        ResourceShareArns = arns,
        TagFilters = tags,
        ResourceShareStatus = status,
        PermissionArn = permissionArn,
        PermissionVersion = permissionVersion,
    };

    [Fact]
    public async Task GetResourceShares_filters_by_every_member()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var red = (await RamA.CreateResourceShareAsync(new() { Name = "red", ResourceArns = [GroupArn(a)], Tags = [Tag("color", "red")] })).ResourceShare!;
        Assert.Equal("red", red.Tags![0].Value);
        var blue = (await RamA.CreateResourceShareAsync(new() { Name = "blue", Tags = [Tag("color", "blue")] })).ResourceShare!.ResourceShareArn!;

        Assert.Equal(["red", "blue"], await Names(Own()));
        Assert.Equal(["blue"], await Names(Own(name: "blue")));
        Assert.Equal(["blue"], await Names(Own(arns: [blue])));
        Assert.Equal(["red"], await Names(Own(tags: [new() { TagKey = "color", TagValues = ["red", "green"] }])));
        Assert.Equal(["red", "blue"], await Names(Own(tags: [new() { TagKey = "color" }])));
        Assert.Equal(["red", "blue"], await Names(Own(status: ResourceShareStatusValues.ACTIVE)));
        Assert.Equal(["red", "blue"], await Names(Own(permissionArn: PermissionArn, permissionVersion: 1)));
        Assert.Empty(await Names(Own(permissionArn: PermissionArn, permissionVersion: 2)));
        Assert.Empty(await Names(new() { ResourceOwner = ResourceOwnerValues.OTHER_ACCOUNTS }));

        // Paging: one at a time, then the token is no good for another query.
        var first = await RamA.GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.SELF, MaxResults = 1 });
        Assert.Equal(["red"], first.ResourceShares!.Select(s => s.Name));
        var second = await RamA.GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.SELF, MaxResults = 1, NextToken = first.NextToken });
        Assert.Equal(["blue"], second.ResourceShares!.Select(s => s.Name));
        Assert.Null(second.NextToken);
        await RamA.GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.SELF, Name = "red", NextToken = first.NextToken })
            .Fails("InvalidNextTokenException");
    }

    [Fact]
    public async Task Update_and_tag_a_share()
    {
        var arn = (await RamA.CreateResourceShareAsync(new() { Name = "old" })).ResourceShare!.ResourceShareArn!;
        var updated = (await RamA.UpdateResourceShareAsync(new() { ResourceShareArn = arn, Name = "new", AllowExternalPrincipals = false })).ResourceShare!;
        Assert.Equal("new", updated.Name);
        Assert.False(updated.AllowExternalPrincipals);

        await RamA.TagResourceAsync(new() { ResourceShareArn = arn, Tags = [Tag("a", "1"), Tag("b", "2")] });
        await RamA.UntagResourceAsync(new() { ResourceShareArn = arn, TagKeys = ["a"] });
        Assert.Equal(["b"], (await OwnShares())[0].Tags!.Select(t => t.Key));

        await RamA.TagResourceAsync(new() { ResourceShareArn = arn, Tags = [Tag("aws:x", "1")] }).Fails("InvalidParameterException");
        var many = Enumerable.Range(0, 50).Select(i => Tag("k" + i, "v")).ToList();
        await RamA.TagResourceAsync(new() { ResourceShareArn = arn, Tags = many }).Fails("TagLimitExceededException");
        Assert.Equal(["b"], (await OwnShares())[0].Tags!.Select(t => t.Key));
    }

    [Fact]
    public async Task Resource_types_and_the_lineage_group_permission()
    {
        var types = (await RamA.ListResourceTypesAsync(new())).ResourceTypes!;
        var lineage = types.Single(t => t.ResourceType == "sagemaker:LineageGroup");
        Assert.Equal("sagemaker", lineage.ServiceName);
        Assert.Equal(ResourceRegionScopeValues.REGIONAL, lineage.ResourceRegionScope);
        Assert.Empty((await RamA.ListResourceTypesAsync(new() { ResourceRegionScope = ResourceRegionScopeFilterValues.GLOBAL })).ResourceTypes!);

        var summary = Assert.Single((await RamA.ListPermissionsAsync(new() { ResourceType = "sagemaker:LineageGroup" })).Permissions!);
        Assert.Equal(PermissionArn, summary.Arn);
        Assert.Equal("1", summary.Version);
        Assert.True(summary.DefaultVersion);
        Assert.True(summary.IsResourceTypeDefault);
        Assert.Equal(PermissionTypeValues.AWS_MANAGED, summary.PermissionType);
        Assert.Empty((await RamA.ListPermissionsAsync(new() { PermissionType = PermissionTypeFilterValues.CUSTOMER_MANAGED })).Permissions!);

        var detail = (await RamA.GetPermissionAsync(new() { PermissionArn = PermissionArn })).Permission!;
        // The permission's policy template is a JSON document inside a string member.
        var template = JsonNode.Parse(detail.Permission!)!;
        Assert.Equal("Allow", template["Effect"]!.GetValue<string>());
        Assert.Equal(7, template["Action"]!.AsArray().Count);
        Assert.Contains("sagemaker:QueryLineage", template["Action"]!.AsArray().Select(x => x!.GetValue<string>()));
        await RamA.GetPermissionAsync(new() { PermissionArn = OtherServicesPermission }).Fails("UnknownResourceException");
        await RamA.GetPermissionAsync(new() { PermissionArn = "nope" }).Fails("MalformedArnException");
        await RamA.GetPermissionAsync(new() { PermissionArn = PermissionArn, PermissionVersion = 2 }).Fails("UnknownResourceException");
    }

    [Fact]
    public async Task Share_permissions_are_visible_to_owner_and_accepting_receiver()
    {
        var shareArn = await ShareAndAccept(emulator.SageMaker(a), RamA, RamB);
        foreach (var ram in new[] { RamA, RamB })
        {
            var permissions = (await ram.ListResourceSharePermissionsAsync(new() { ResourceShareArn = shareArn })).Permissions!;
            Assert.Equal([PermissionArn], permissions.Select(p => p.Arn));
        }
        await emulator.Ram(EmulatorFixture.NewAccount()).ListResourceSharePermissionsAsync(new() { ResourceShareArn = shareArn })
            .Fails("UnknownResourceException");

        var associated = await RamA.AssociateResourceSharePermissionAsync(new() { ResourceShareArn = shareArn, PermissionArn = PermissionArn, Replace = true });
        Assert.True(associated.ReturnValue);
        await RamA.AssociateResourceSharePermissionAsync(new() { ResourceShareArn = shareArn, PermissionArn = OtherServicesPermission })
            .Fails("UnknownResourceException");
        await RamA.CreateResourceShareAsync(new() { Name = "x", PermissionArns = [OtherServicesPermission] }).Fails("UnknownResourceException");
    }

    [Fact]
    public async Task Resource_policy_names_exactly_the_accepting_accounts()
    {
        var group = GroupArn(a);
        await CreateArtifact(emulator.SageMaker(a));
        async Task<IReadOnlyList<string>> Policies(RamClient ram, string? principal = null) =>
            (await ram.GetResourcePoliciesAsync(new() { ResourceArns = [group], Principal = principal })).Policies!;
        Assert.Empty(await Policies(RamA));

        var shareArn = (await CreateShare(RamA, group, b)).ResourceShareArn!;
        Assert.Empty(await Policies(RamA));
        await Accept(RamB, await InvitationArn(RamB, shareArn));

        var text = Assert.Single(await Policies(RamA));
        using var doc = JsonDocument.Parse(text);
        var statement = doc.RootElement.GetProperty("Statement")[0];
        Assert.Equal("FullLineageAccess", statement.GetProperty("Sid").GetString());
        Assert.Equal([$"arn:aws:iam::{b}:root"], statement.GetProperty("Principal").GetProperty("AWS").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(group, statement.GetProperty("Resource").GetString());
        Assert.Equal(7, statement.GetProperty("Action").GetArrayLength());
        // SageMaker's GetLineageGroupPolicy answers with the very same document.
        var fromSageMaker = await emulator.SageMaker(a).GetLineageGroupPolicyAsync(new() { LineageGroupName = group });
        Assert.Equal(text, fromSageMaker.ResourcePolicy);
        Assert.Equal(group, fromSageMaker.LineageGroupArn);

        Assert.Empty(await Policies(RamA, EmulatorFixture.NewAccount()));
        await Policies(RamB).Fails("ResourceArnNotFoundException");
        await RamA.GetResourcePoliciesAsync(new() { ResourceArns = ["nope"] }).Fails("MalformedArnException");
    }

    [Fact]
    public async Task Listings_filter_by_share_resource_and_principal()
    {
        var shareArn = await ShareAndAccept(emulator.SageMaker(a), RamA, RamB);
        var group = GroupArn(a);
        static async Task<IReadOnlyList<Resource>> Resources(RamClient ram, ListResourcesRequest request) => (await ram.ListResourcesAsync(request)).Resources!;
        static async Task<IReadOnlyList<Principal>> Principals(RamClient ram, ListPrincipalsRequest request) => (await ram.ListPrincipalsAsync(request)).Principals!;
        const string Self = ResourceOwnerValues.SELF, Others = ResourceOwnerValues.OTHER_ACCOUNTS;

        Assert.Single(await Resources(RamA, new() { ResourceOwner = Self, Principal = b }));
        Assert.Empty(await Resources(RamA, new() { ResourceOwner = Self, Principal = EmulatorFixture.NewAccount() }));
        Assert.Single(await Resources(RamA, new() { ResourceOwner = Self, ResourceArns = [group] }));
        Assert.Single(await Resources(RamB, new() { ResourceOwner = Others, ResourceShareArns = [shareArn] }));
        Assert.Empty(await Resources(RamB, new() { ResourceOwner = Others, ResourceRegionScope = ResourceRegionScopeFilterValues.GLOBAL }));
        Assert.Empty(await Resources(RamB, new() { ResourceOwner = Self }));
        await RamA.ListResourcesAsync(new() { ResourceOwner = Self, ResourceType = "ec2:Subnet" }).Fails("InvalidResourceTypeException");

        Assert.Single(await Principals(RamA, new() { ResourceOwner = Self, ResourceArn = group }));
        Assert.Single(await Principals(RamA, new() { ResourceOwner = Self, Principals = [b] }));
        Assert.Equal([b], (await Principals(RamB, new() { ResourceOwner = Others })).Select(p => p.Id));

        var byPrincipal = Assert.Single((await RamA.GetResourceShareAssociationsAsync(new()
        {
            AssociationType = ResourceShareAssociationTypeValues.PRINCIPAL,
            Principal = b,
        })).ResourceShareAssociations!);
        Assert.Equal(shareArn, byPrincipal.ResourceShareArn);
        Assert.True(byPrincipal.External);
        Assert.Single((await RamA.GetResourceShareAssociationsAsync(new()
        {
            AssociationType = ResourceShareAssociationTypeValues.RESOURCE,
            ResourceArn = group,
            AssociationStatus = ResourceShareAssociationStatusValues.ASSOCIATED,
        })).ResourceShareAssociations!);
        await RamA.GetResourceShareAssociationsAsync(new() { AssociationType = ResourceShareAssociationTypeValues.PRINCIPAL, ResourceArn = group })
            .Fails("InvalidParameterException");
    }
}
