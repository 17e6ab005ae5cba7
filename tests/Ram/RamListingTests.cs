using System.Text.Json;
using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Infrastructure.JsonValues;
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

    private async Task<List<string>> Names(JsonObject filter)
    {
        filter["resourceOwner"] ??= "SELF";
        return [.. Strings((await RamA.Post("/getresourceshares", filter)).Ok()["resourceShares"], "name")];
    }

    [Fact]
    public async Task GetResourceShares_filters_by_every_member()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var red = (await RamA.Post("/createresourceshare", new JsonObject
        {
            ["name"] = "red",
            ["resourceArns"] = Array(GroupArn(a)),
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "color", ["value"] = "red" }),
        })).Ok()["resourceShare"]!;
        Assert.Equal("red", red["tags"]![0]!["value"]!.GetValue<string>());
        var blue = (await RamA.Post("/createresourceshare", new JsonObject
        {
            ["name"] = "blue",
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "color", ["value"] = "blue" }),
        })).Ok()["resourceShare"]!["resourceShareArn"]!.GetValue<string>();

        Assert.Equal(["red", "blue"], await Names(new JsonObject()));
        Assert.Equal(["blue"], await Names(new JsonObject { ["name"] = "blue" }));
        Assert.Equal(["blue"], await Names(new JsonObject { ["resourceShareArns"] = Array(blue) }));
        Assert.Equal(["red"], await Names(new JsonObject
        {
            ["tagFilters"] = new JsonArray(new JsonObject { ["tagKey"] = "color", ["tagValues"] = Array("red", "green") }),
        }));
        Assert.Equal(["red", "blue"], await Names(new JsonObject { ["tagFilters"] = new JsonArray(new JsonObject { ["tagKey"] = "color" }) }));
        Assert.Equal(["red", "blue"], await Names(new JsonObject { ["resourceShareStatus"] = "ACTIVE" }));
        Assert.Equal(["red", "blue"], await Names(new JsonObject { ["permissionArn"] = PermissionArn, ["permissionVersion"] = 1 }));
        Assert.Empty(await Names(new JsonObject { ["permissionArn"] = PermissionArn, ["permissionVersion"] = 2 }));
        Assert.Empty(await Names(new JsonObject { ["resourceOwner"] = "OTHER-ACCOUNTS" }));

        // Paging: one at a time, then the token is no good for another query.
        var first = (await RamA.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF", ["maxResults"] = 1 })).Ok();
        Assert.Equal(["red"], Strings(first["resourceShares"], "name"));
        var token = first["nextToken"]!.GetValue<string>();
        var second = (await RamA.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF", ["maxResults"] = 1, ["nextToken"] = token })).Ok();
        Assert.Equal(["blue"], Strings(second["resourceShares"], "name"));
        Assert.Null(second["nextToken"]);
        (await RamA.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF", ["name"] = "red", ["nextToken"] = token }))
            .Error("InvalidNextTokenException");
    }

    [Fact]
    public async Task Update_and_tag_a_share()
    {
        var arn = (await RamA.Post("/createresourceshare", new JsonObject { ["name"] = "old" })).Ok()["resourceShare"]!["resourceShareArn"]!.GetValue<string>();
        var updated = (await RamA.Post("/updateresourceshare", new JsonObject
        {
            ["resourceShareArn"] = arn,
            ["name"] = "new",
            ["allowExternalPrincipals"] = false,
        })).Ok()["resourceShare"]!;
        Assert.Equal("new", updated["name"]!.GetValue<string>());
        Assert.False(updated["allowExternalPrincipals"]!.GetValue<bool>());

        (await RamA.Post("/tagresource", new JsonObject
        {
            ["resourceShareArn"] = arn,
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "a", ["value"] = "1" }, new JsonObject { ["key"] = "b", ["value"] = "2" }),
        })).Ok();
        (await RamA.Post("/untagresource", new JsonObject { ["resourceShareArn"] = arn, ["tagKeys"] = Array("a") })).Ok();
        var share = (await RamA.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF" })).Ok()["resourceShares"]![0]!;
        Assert.Equal(["b"], Strings(share["tags"], "key"));

        (await RamA.Post("/tagresource", new JsonObject
        {
            ["resourceShareArn"] = arn,
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "aws:x", ["value"] = "1" }),
        })).Error("InvalidParameterException");
        var many = new JsonArray([.. Enumerable.Range(0, 50).Select(i => (JsonNode?)new JsonObject { ["key"] = "k" + i, ["value"] = "v" })]);
        (await RamA.Post("/tagresource", new JsonObject { ["resourceShareArn"] = arn, ["tags"] = many })).Error("TagLimitExceededException");
        var after = (await RamA.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF" })).Ok()["resourceShares"]![0]!;
        Assert.Equal(["b"], Strings(after["tags"], "key"));
    }

    [Fact]
    public async Task Resource_types_and_the_lineage_group_permission()
    {
        var types = (await RamA.Post("/listresourcetypes", new JsonObject())).Ok()["resourceTypes"]!.AsArray();
        var lineage = types.Single(t => t!["resourceType"]!.GetValue<string>() == "sagemaker:LineageGroup")!;
        Assert.Equal("sagemaker", lineage["serviceName"]!.GetValue<string>());
        Assert.Equal("REGIONAL", lineage["resourceRegionScope"]!.GetValue<string>());
        Assert.Empty((await RamA.Post("/listresourcetypes", new JsonObject { ["resourceRegionScope"] = "GLOBAL" })).Ok()["resourceTypes"]!.AsArray());

        var permissions = (await RamA.Post("/listpermissions", new JsonObject { ["resourceType"] = "sagemaker:LineageGroup" })).Ok()["permissions"]!;
        var summary = permissions.AsArray().Single()!;
        Assert.Equal(PermissionArn, summary["arn"]!.GetValue<string>());
        Assert.Equal("1", summary["version"]!.GetValue<string>());
        Assert.True(summary["defaultVersion"]!.GetValue<bool>());
        Assert.True(summary["isResourceTypeDefault"]!.GetValue<bool>());
        Assert.Equal("AWS_MANAGED", summary["permissionType"]!.GetValue<string>());
        Assert.Empty((await RamA.Post("/listpermissions", new JsonObject { ["permissionType"] = "CUSTOMER_MANAGED" })).Ok()["permissions"]!.AsArray());

        var detail = (await RamA.Post("/getpermission", new JsonObject { ["permissionArn"] = PermissionArn })).Ok()["permission"]!;
        var template = JsonNode.Parse(detail["permission"]!.GetValue<string>())!;
        Assert.Equal("Allow", template["Effect"]!.GetValue<string>());
        Assert.Equal(7, template["Action"]!.AsArray().Count);
        Assert.Contains("sagemaker:QueryLineage", template["Action"]!.AsArray().Select(x => x!.GetValue<string>()));
        (await RamA.Post("/getpermission", new JsonObject { ["permissionArn"] = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionTransitGateway" }))
            .Error("UnknownResourceException");
        (await RamA.Post("/getpermission", new JsonObject { ["permissionArn"] = "nope" })).Error("MalformedArnException");
        (await RamA.Post("/getpermission", new JsonObject { ["permissionArn"] = PermissionArn, ["permissionVersion"] = 2 })).Error("UnknownResourceException");
    }

    [Fact]
    public async Task Share_permissions_are_visible_to_owner_and_accepting_receiver()
    {
        var shareArn = await ShareAndAccept(emulator.SageMaker(a), RamA, RamB);
        foreach (var ram in new[] { RamA, RamB })
        {
            var permissions = (await ram.Post("/listresourcesharepermissions", new JsonObject { ["resourceShareArn"] = shareArn })).Ok()["permissions"];
            Assert.Equal([PermissionArn], Strings(permissions, "arn"));
        }
        (await emulator.Ram(EmulatorFixture.NewAccount()).Post("/listresourcesharepermissions", new JsonObject { ["resourceShareArn"] = shareArn }))
            .Error("UnknownResourceException");

        var associated = (await RamA.Post("/associateresourcesharepermission", new JsonObject
        {
            ["resourceShareArn"] = shareArn,
            ["permissionArn"] = PermissionArn,
            ["replace"] = true,
        })).Ok();
        Assert.True(associated["returnValue"]!.GetValue<bool>());
        (await RamA.Post("/associateresourcesharepermission", new JsonObject
        {
            ["resourceShareArn"] = shareArn,
            ["permissionArn"] = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionTransitGateway",
        })).Error("UnknownResourceException");
        (await RamA.Post("/createresourceshare", new JsonObject
        {
            ["name"] = "x",
            ["permissionArns"] = Array("arn:aws:ram::aws:permission/AWSRAMDefaultPermissionTransitGateway"),
        })).Error("UnknownResourceException");
    }

    [Fact]
    public async Task Resource_policy_names_exactly_the_accepting_accounts()
    {
        var group = GroupArn(a);
        await CreateArtifact(emulator.SageMaker(a));
        var policies = new JsonObject { ["resourceArns"] = Array(group) };
        Assert.Empty((await RamA.Post("/getresourcepolicies", policies.DeepClone().AsObject())).Ok()["policies"]!.AsArray());

        var shareArn = (await CreateShare(RamA, group, b)).ResourceShareArn!;
        Assert.Empty((await RamA.Post("/getresourcepolicies", policies.DeepClone().AsObject())).Ok()["policies"]!.AsArray());
        (await RamB.Post("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = await InvitationArn(RamB, shareArn) })).Ok();

        var text = (await RamA.Post("/getresourcepolicies", policies.DeepClone().AsObject())).Ok()["policies"]!.AsArray().Single()!.GetValue<string>();
        using var doc = JsonDocument.Parse(text);
        var statement = doc.RootElement.GetProperty("Statement")[0];
        Assert.Equal("FullLineageAccess", statement.GetProperty("Sid").GetString());
        Assert.Equal([$"arn:aws:iam::{b}:root"], statement.GetProperty("Principal").GetProperty("AWS").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(group, statement.GetProperty("Resource").GetString());
        Assert.Equal(7, statement.GetProperty("Action").GetArrayLength());
        // SageMaker's GetLineageGroupPolicy answers with the very same document.
        var fromSageMaker = (await emulator.SageMaker(a).Call("GetLineageGroupPolicy", new JsonObject { ["LineageGroupName"] = group })).Ok();
        Assert.Equal(text, fromSageMaker["ResourcePolicy"]!.GetValue<string>());
        Assert.Equal(group, fromSageMaker["LineageGroupArn"]!.GetValue<string>());

        var forOther = policies.DeepClone().AsObject();
        forOther["principal"] = EmulatorFixture.NewAccount();
        Assert.Empty((await RamA.Post("/getresourcepolicies", forOther)).Ok()["policies"]!.AsArray());
        (await RamB.Post("/getresourcepolicies", policies.DeepClone().AsObject())).Error("ResourceArnNotFoundException");
        (await RamA.Post("/getresourcepolicies", new JsonObject { ["resourceArns"] = Array("nope") })).Error("MalformedArnException");
    }

    [Fact]
    public async Task Listings_filter_by_share_resource_and_principal()
    {
        var shareArn = await ShareAndAccept(emulator.SageMaker(a), RamA, RamB);
        var group = GroupArn(a);
        async Task<JsonArray> List(RamClient ram, string path, JsonObject body) =>
            (await ram.Post(path, body)).Ok()[path == "/listresources" ? "resources" : "principals"]!.AsArray();

        Assert.Single(await List(RamA, "/listresources", new JsonObject { ["resourceOwner"] = "SELF", ["principal"] = b }));
        Assert.Empty(await List(RamA, "/listresources", new JsonObject { ["resourceOwner"] = "SELF", ["principal"] = EmulatorFixture.NewAccount() }));
        Assert.Single(await List(RamA, "/listresources", new JsonObject { ["resourceOwner"] = "SELF", ["resourceArns"] = Array(group) }));
        Assert.Single(await List(RamB, "/listresources", new JsonObject { ["resourceOwner"] = "OTHER-ACCOUNTS", ["resourceShareArns"] = Array(shareArn) }));
        Assert.Empty(await List(RamB, "/listresources", new JsonObject { ["resourceOwner"] = "OTHER-ACCOUNTS", ["resourceRegionScope"] = "GLOBAL" }));
        Assert.Empty(await List(RamB, "/listresources", new JsonObject { ["resourceOwner"] = "SELF" }));
        (await RamA.Post("/listresources", new JsonObject { ["resourceOwner"] = "SELF", ["resourceType"] = "ec2:Subnet" }))
            .Error("InvalidResourceTypeException");

        Assert.Single(await List(RamA, "/listprincipals", new JsonObject { ["resourceOwner"] = "SELF", ["resourceArn"] = group }));
        Assert.Single(await List(RamA, "/listprincipals", new JsonObject { ["resourceOwner"] = "SELF", ["principals"] = Array(b) }));
        Assert.Equal([b], Strings(await List(RamB, "/listprincipals", new JsonObject { ["resourceOwner"] = "OTHER-ACCOUNTS" }), "id"));

        var byPrincipal = (await RamA.Post("/getresourceshareassociations", new JsonObject { ["associationType"] = "PRINCIPAL", ["principal"] = b }))
            .Ok()["resourceShareAssociations"]!.AsArray().Single()!;
        Assert.Equal(shareArn, byPrincipal["resourceShareArn"]!.GetValue<string>());
        Assert.True(byPrincipal["external"]!.GetValue<bool>());
        var byResource = (await RamA.Post("/getresourceshareassociations", new JsonObject
        {
            ["associationType"] = "RESOURCE",
            ["resourceArn"] = group,
            ["associationStatus"] = "ASSOCIATED",
        })).Ok()["resourceShareAssociations"]!.AsArray();
        Assert.Single(byResource);
        (await RamA.Post("/getresourceshareassociations", new JsonObject { ["associationType"] = "PRINCIPAL", ["resourceArn"] = group }))
            .Error("InvalidParameterException");
    }
}
