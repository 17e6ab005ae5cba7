using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Infrastructure.JsonValues;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.Ram;

public sealed class RamLifecycleTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly string a = EmulatorFixture.NewAccount();
    private readonly string b = EmulatorFixture.NewAccount();

    [Fact]
    public async Task Share_invite_accept_list_disassociate_delete()
    {
        var smA = emulator.SageMaker(a);
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        await CreateArtifact(smA);
        var group = GroupArn(a);

        var share = await CreateShare(ramA, group, b);
        var shareArn = share["resourceShareArn"]!.GetValue<string>();
        Assert.Matches($"^arn:aws:ram:us-east-1:{a}:resource-share/[0-9a-f-]{{36}}$", shareArn);
        Assert.Equal("ACTIVE", share["status"]!.GetValue<string>());
        Assert.Equal(a, share["owningAccountId"]!.GetValue<string>());
        Assert.True(share["allowExternalPrincipals"]!.GetValue<bool>());
        Assert.Equal("STANDARD", share["featureSet"]!.GetValue<string>());

        // The receiver gets a PENDING invitation from the sender's account.
        var invitation = (await Invitations(ramB, shareArn)).Single()!;
        Assert.Equal("PENDING", invitation["status"]!.GetValue<string>());
        Assert.Equal(a, invitation["senderAccountId"]!.GetValue<string>());
        Assert.Equal(b, invitation["receiverAccountId"]!.GetValue<string>());
        Assert.Equal(share["name"]!.GetValue<string>(), invitation["resourceShareName"]!.GetValue<string>());
        var invitationArn = invitation["resourceShareInvitationArn"]!.GetValue<string>();
        Assert.Matches($"^arn:aws:ram:us-east-1:{a}:resource-share-invitation/[0-9a-f-]{{36}}$", invitationArn);

        // Pending: the group is listed as pending, but B does not have the share yet.
        var pending = (await ramB.Post("/listpendinginvitationresources", new JsonObject { ["resourceShareInvitationArn"] = invitationArn })).Ok();
        Assert.Equal([group], Strings(pending["resources"], "arn"));
        Assert.Empty((await OtherAccountsShares(ramB))!.AsArray());

        var accepted = (await ramB.Post("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = invitationArn })).Ok();
        Assert.Equal("ACCEPTED", accepted["resourceShareInvitation"]!["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(accepted["clientToken"]?.GetValue<string>()));

        Assert.Equal([shareArn], Strings(await OtherAccountsShares(ramB), "resourceShareArn"));
        var resources = (await ramB.Post("/listresources", new JsonObject { ["resourceOwner"] = "OTHER-ACCOUNTS" })).Ok()["resources"]!;
        var resource = resources.AsArray().Single()!;
        Assert.Equal(group, resource["arn"]!.GetValue<string>());
        Assert.Equal("sagemaker:LineageGroup", resource["type"]!.GetValue<string>());
        Assert.Equal("AVAILABLE", resource["status"]!.GetValue<string>());
        Assert.Equal("REGIONAL", resource["resourceRegionScope"]!.GetValue<string>());

        var principals = (await ramA.Post("/listprincipals", new JsonObject { ["resourceOwner"] = "SELF" })).Ok()["principals"]!;
        Assert.Equal([b], Strings(principals, "id"));
        Assert.True(principals[0]!["external"]!.GetValue<bool>());

        // Removing the principal ends the receiver's view of the share.
        var dis = (await ramA.Post("/disassociateresourceshare", new JsonObject
        {
            ["resourceShareArn"] = shareArn,
            ["principals"] = Array(b),
        })).Ok();
        Assert.Equal("DISASSOCIATED", dis["resourceShareAssociations"]![0]!["status"]!.GetValue<string>());
        Assert.Empty((await ramB.Post("/listresources", new JsonObject { ["resourceOwner"] = "OTHER-ACCOUNTS" })).Ok()["resources"]!.AsArray());

        (await ramA.Delete("/deleteresourceshare?resourceShareArn=" + Uri.EscapeDataString(shareArn))).Ok();
        // Like AWS, the owner keeps seeing a deleted share, marked DELETED, with or without a status filter.
        var listed = (await ramA.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF" })).Ok()["resourceShares"]!.AsArray();
        Assert.Equal("DELETED", listed.Single()!["status"]!.GetValue<string>());
        Assert.Empty((await ramA.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF", ["resourceShareStatus"] = "ACTIVE" }))
            .Ok()["resourceShares"]!.AsArray());
        var deleted = (await ramA.Post("/getresourceshares", new JsonObject
        {
            ["resourceOwner"] = "SELF",
            ["resourceShareStatus"] = "DELETED",
        })).Ok()["resourceShares"]!.AsArray().Single()!;
        Assert.Equal("DELETED", deleted["status"]!.GetValue<string>());
        var resourceAssociation = (await ramA.Post("/getresourceshareassociations", new JsonObject
        {
            ["associationType"] = "RESOURCE",
            ["resourceShareArns"] = Array(shareArn),
        })).Ok()["resourceShareAssociations"]!.AsArray().Single()!;
        Assert.Equal("DISASSOCIATED", resourceAssociation["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cross_account_describe_is_denied_until_accept_and_again_after_disassociate()
    {
        var smA = emulator.SageMaker(a);
        var smB = emulator.SageMaker(b);
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        var artifact = await CreateArtifact(smA);
        var describe = new JsonObject { ["ArtifactArn"] = artifact };

        var shareArn = (await CreateShare(ramA, GroupArn(a), b))["resourceShareArn"]!.GetValue<string>();
        (await smB.Call("DescribeArtifact", describe.DeepClone())).Error("AccessDeniedException");

        (await ramB.Post("/acceptresourceshareinvitation", new JsonObject
        {
            ["resourceShareInvitationArn"] = await InvitationArn(ramB, shareArn),
        })).Ok();
        Assert.Equal(artifact, (await smB.Call("DescribeArtifact", describe.DeepClone())).Ok()["ArtifactArn"]!.GetValue<string>());

        (await ramA.Post("/disassociateresourceshare", new JsonObject
        {
            ["resourceShareArn"] = shareArn,
            ["resourceArns"] = Array(GroupArn(a)),
        })).Ok();
        (await smB.Call("DescribeArtifact", describe.DeepClone())).Error("AccessDeniedException");
    }

    [Fact]
    public async Task Reassociating_a_removed_principal_needs_a_new_acceptance()
    {
        var smB = emulator.SageMaker(b);
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        var shareArn = await ShareAndAccept(emulator.SageMaker(a), ramA, ramB);
        var artifact = (await emulator.SageMaker(a).Call("ListArtifacts", new JsonObject())).Ok()["ArtifactSummaries"]![0]!["ArtifactArn"]!.GetValue<string>();
        var principal = new JsonObject { ["resourceShareArn"] = shareArn, ["principals"] = Array(b) };

        (await ramA.Post("/disassociateresourceshare", principal.DeepClone().AsObject())).Ok();
        var again = (await ramA.Post("/associateresourceshare", principal.DeepClone().AsObject())).Ok();
        Assert.Equal(b, again["resourceShareAssociations"]![0]!["associatedEntity"]!.GetValue<string>());

        (await smB.Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = artifact })).Error("AccessDeniedException");
        var invitation = (await Invitations(ramB, shareArn)).Single()!;
        Assert.Equal("PENDING", invitation["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rejected_invitation_grants_nothing()
    {
        var smA = emulator.SageMaker(a);
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        var artifact = await CreateArtifact(smA);
        var shareArn = (await CreateShare(ramA, GroupArn(a), b))["resourceShareArn"]!.GetValue<string>();
        var invitationArn = await InvitationArn(ramB, shareArn);

        var rejected = (await ramB.Post("/rejectresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = invitationArn })).Ok();
        Assert.Equal("REJECTED", rejected["resourceShareInvitation"]!["status"]!.GetValue<string>());
        (await emulator.SageMaker(b).Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = artifact })).Error("AccessDeniedException");
        Assert.Empty((await OtherAccountsShares(ramB))!.AsArray());
        (await ramB.Post("/listpendinginvitationresources", new JsonObject { ["resourceShareInvitationArn"] = invitationArn }))
            .Error("ResourceShareInvitationAlreadyRejectedException");
    }

    [Fact]
    public async Task Root_arn_principal_is_the_account()
    {
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = (await CreateShare(ramA, GroupArn(a), $"arn:aws:iam::{b}:root"))["resourceShareArn"]!.GetValue<string>();
        Assert.Single(await Invitations(ramB, shareArn));
        var principals = (await ramA.Post("/listprincipals", new JsonObject
        {
            ["resourceOwner"] = "SELF",
            ["resourceShareArns"] = Array(shareArn),
        })).Ok()["principals"];
        Assert.Equal([b], Strings(principals, "id"));
    }

    /// <summary>
    /// Real RAM accepts a share of a resource it cannot find and marks the resource association FAILED
    /// (README used to list refusing it as the emulator's own choice). The receiver still gets its
    /// invitation, but the share grants nothing, not even after the lineage group comes into being with the
    /// owner's first entity, until the owner associates the group again.
    /// </summary>
    [Fact]
    public async Task Sharing_a_missing_or_unowned_lineage_group_fails_its_association_and_grants_nothing()
    {
        RamClient ramA = emulator.Ram(a), ramB = emulator.Ram(b);
        // A has no lineage entity yet, so its lineage group does not exist; B's group is not A's to share.
        await CreateArtifact(emulator.SageMaker(b));
        var shareArn = (await CreateShare(ramA, GroupArn(a), b))["resourceShareArn"]!.GetValue<string>();
        (await ramA.Post("/associateresourceshare", new JsonObject { ["resourceShareArn"] = shareArn, ["resourceArns"] = Array(GroupArn(b)) })).Ok();

        var resources = (await ramA.Post("/getresourceshareassociations", new JsonObject
        {
            ["associationType"] = "RESOURCE",
            ["resourceShareArns"] = Array(shareArn),
        })).Ok()["resourceShareAssociations"]!.AsArray();
        Assert.Equal(2, resources.Count);
        foreach (var r in resources)
        {
            Assert.Equal("FAILED", r!["status"]!.GetValue<string>());
            Assert.Contains(r["associatedEntity"]!.GetValue<string>(), r["statusMessage"]!.GetValue<string>());
        }
        Assert.Equal("ACTIVE", (await ramA.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF" })).Ok()["resourceShares"]![0]!["status"]!.GetValue<string>());
        Assert.Empty((await ramA.Post("/listresources", new JsonObject { ["resourceOwner"] = "SELF" })).Ok()["resources"]!.AsArray());

        // B is invited and accepts, but sees no resource and may read nothing of A's.
        var invitation = await InvitationArn(ramB, shareArn);
        Assert.Empty((await ramB.Post("/listpendinginvitationresources", new JsonObject { ["resourceShareInvitationArn"] = invitation }))
            .Ok()["resources"]!.AsArray());
        (await ramB.Post("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = invitation })).Ok();
        var artifact = await CreateArtifact(emulator.SageMaker(a));
        (await emulator.SageMaker(b).Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = artifact })).Error("AccessDeniedException");
        Assert.Empty((await ramB.Post("/listresources", new JsonObject { ["resourceOwner"] = "OTHER-ACCOUNTS" })).Ok()["resources"]!.AsArray());

        // Associating the group again, now that it exists, starts over and grants access.
        var again = (await ramA.Post("/associateresourceshare", new JsonObject { ["resourceShareArn"] = shareArn, ["resourceArns"] = Array(GroupArn(a)) }))
            .Ok()["resourceShareAssociations"]![0]!;
        Assert.Null(again["statusMessage"]);
        (await emulator.SageMaker(b).Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = artifact })).Ok();
    }

    private static async Task<JsonNode?> OtherAccountsShares(RamClient ram) =>
        (await ram.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "OTHER-ACCOUNTS" })).Ok()["resourceShares"];
}
