using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.Ram;

/// <summary>Every RAM error path, and that a rejected call leaves everything as it was.</summary>
public sealed class RamErrorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly string a = EmulatorFixture.NewAccount();
    private readonly string b = EmulatorFixture.NewAccount();
    private RamClient RamA => emulator.Ram(a);
    private RamClient RamB => emulator.Ram(b);

    private async Task<JsonArray> OwnShares() =>
        (await RamA.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF" })).Ok()["resourceShares"]!.AsArray();

    private async Task<string> Share() =>
        (await CreateShare(RamA, GroupArn(a), b)).ResourceShareArn!;

    [Fact]
    public async Task Malformed_principal_is_InvalidParameter_and_creates_nothing()
    {
        await CreateArtifact(emulator.SageMaker(a));
        // IAM roles and users, organizations and OUs are principals (CreateResourceShare's model documentation),
        // but only as ARNs of those forms: a bare organization id, an IAM group or a short organization id is not.
        foreach (var bad in new[] { "12345", "o-exampleorgid", $"arn:aws:iam::{b}:group/x", "abcdefghijkl",
                     $"arn:aws:organizations::{b}:organization/o-short", $"arn:aws:organizations::{b}:ou/o-exampleorgid/x" })
        {
            var result = (await RamA.Post("/createresourceshare", new JsonObject
            {
                ["name"] = "s",
                ["resourceArns"] = Array(GroupArn(a)),
                ["principals"] = Array(b, bad),
            })).Error("InvalidParameterException");
            Assert.Equal($"Principal ID {bad} is malformed. Verify the ID and try again.", result.Message);
        }
        Assert.Empty(await OwnShares());
        Assert.Empty((await RamB.Post("/getresourceshareinvitations", new JsonObject())).Ok()["resourceShareInvitations"]!.AsArray());
    }

    [Fact]
    public async Task Bad_resource_arns_are_MalformedArn()
    {
        var notArn = (await RamA.Post("/createresourceshare", new JsonObject { ["name"] = "s", ["resourceArns"] = Array("lineage-group") }))
            .Error("MalformedArnException");
        Assert.Equal("The specified resource ARN lineage-group is not valid. Verify the ARN and try again.", notArn.Message);
        var artifact = await CreateArtifact(emulator.SageMaker(a));
        var wrongType = (await RamA.Post("/createresourceshare", new JsonObject { ["name"] = "s", ["resourceArns"] = Array(artifact) }))
            .Error("MalformedArnException");
        Assert.Equal("You cannot share the selected resource type.", wrongType.Message);
        Assert.Empty(await OwnShares());
    }

    [Fact]
    public async Task Sharing_with_yourself_or_externally_when_not_allowed_is_refused()
    {
        await CreateArtifact(emulator.SageMaker(a));
        (await RamA.Post("/createresourceshare", new JsonObject { ["name"] = "s", ["principals"] = Array(a) }))
            .Error("InvalidParameterException");
        (await RamA.Post("/createresourceshare", new JsonObject
        {
            ["name"] = "s",
            ["principals"] = Array(b),
            ["allowExternalPrincipals"] = false,
        })).Error("OperationNotPermittedException");
        Assert.Empty(await OwnShares());
    }

    [Fact]
    public async Task Unknown_share_is_UnknownResource_everywhere()
    {
        var unknown = $"arn:aws:ram:us-east-1:{a}:resource-share/{Guid.NewGuid()}";
        var deleted = (await RamA.Delete("/deleteresourceshare?resourceShareArn=" + Uri.EscapeDataString(unknown))).Error("UnknownResourceException");
        Assert.Equal($"ResourceShare {unknown} could not be found.", deleted.Message);
        (await RamA.Post("/associateresourceshare", new JsonObject { ["resourceShareArn"] = unknown, ["principals"] = Array(b) }))
            .Error("UnknownResourceException");
        (await RamA.Post("/updateresourceshare", new JsonObject { ["resourceShareArn"] = unknown, ["name"] = "x" }))
            .Error("UnknownResourceException");
        (await RamA.Post("/listresourcesharepermissions", new JsonObject { ["resourceShareArn"] = unknown }))
            .Error("UnknownResourceException");
        (await RamA.Post("/tagresource", new JsonObject
        {
            ["resourceShareArn"] = unknown,
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "k", ["value"] = "v" }),
        })).Error("UnknownResourceException");
        (await RamA.Post("/getresourceshareassociations", new JsonObject { ["associationType"] = "PRINCIPAL", ["resourceShareArns"] = Array(unknown) }))
            .Error("UnknownResourceException");
        (await RamA.Delete("/deleteresourceshare?resourceShareArn=not-an-arn")).Error("MalformedArnException");
    }

    [Fact]
    public async Task Another_accounts_share_is_unknown_to_the_caller_and_unchanged()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = await Share();
        var c = emulator.Ram(EmulatorFixture.NewAccount());
        (await c.Delete("/deleteresourceshare?resourceShareArn=" + Uri.EscapeDataString(shareArn))).Error("UnknownResourceException");
        (await c.Post("/disassociateresourceshare", new JsonObject { ["resourceShareArn"] = shareArn, ["principals"] = Array(b) }))
            .Error("UnknownResourceException");
        Assert.Equal("ACTIVE", (await OwnShares()).Single()!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleted_share_cannot_be_deleted_or_changed_again()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = await Share();
        var path = "/deleteresourceshare?resourceShareArn=" + Uri.EscapeDataString(shareArn);
        Assert.True((await RamA.Delete(path)).Ok()["returnValue"]!.GetValue<bool>());
        (await RamA.Delete(path)).Error("UnknownResourceException");
        (await RamA.Post("/associateresourceshare", new JsonObject { ["resourceShareArn"] = shareArn, ["principals"] = Array(b) }))
            .Error("UnknownResourceException");
        // The unanswered invitation went with the share.
        Assert.Empty(await Invitations(RamB, shareArn));
    }

    [Fact]
    public async Task Only_the_receiver_can_see_or_answer_an_invitation()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = await Share();
        var invitationArn = await InvitationArn(RamB, shareArn);
        var body = new JsonObject { ["resourceShareInvitationArn"] = invitationArn };
        var c = emulator.Ram(EmulatorFixture.NewAccount());
        foreach (var other in new[] { c, RamA })
        {
            var r = (await other.Post("/acceptresourceshareinvitation", body.DeepClone().AsObject())).Error("ResourceShareInvitationArnNotFoundException");
            Assert.Equal($"ResourceShareInvitation {invitationArn} could not be found.", r.Message);
            (await other.Post("/rejectresourceshareinvitation", body.DeepClone().AsObject())).Error("ResourceShareInvitationArnNotFoundException");
            (await other.Post("/listpendinginvitationresources", body.DeepClone().AsObject())).Error("ResourceShareInvitationArnNotFoundException");
            (await other.Post("/getresourceshareinvitations", new JsonObject { ["resourceShareInvitationArns"] = Array(invitationArn) }))
                .Error("ResourceShareInvitationArnNotFoundException");
        }
        Assert.Equal("PENDING", (await Invitations(RamB, shareArn)).Single().Status);
        (await RamB.Post("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = "nope" })).Error("MalformedArnException");
    }

    [Fact]
    public async Task An_invitation_is_answered_once()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var first = await InvitationArn(RamB, await Share());
        (await RamB.Post("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = first })).Ok();
        (await RamB.Post("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = first }))
            .Error("ResourceShareInvitationAlreadyAcceptedException");
        (await RamB.Post("/rejectresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = first }))
            .Error("ResourceShareInvitationAlreadyAcceptedException");

        var second = await InvitationArn(RamB, await Share());
        (await RamB.Post("/rejectresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = second })).Ok();
        (await RamB.Post("/rejectresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = second }))
            .Error("ResourceShareInvitationAlreadyRejectedException");
        (await RamB.Post("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = second }))
            .Error("ResourceShareInvitationAlreadyRejectedException");
        var statuses = (await RamB.Post("/getresourceshareinvitations", new JsonObject())).Ok()["resourceShareInvitations"]!.AsArray()
            .Select(i => i!["status"]!.GetValue<string>()).Order();
        Assert.Equal(["ACCEPTED", "REJECTED"], statuses);
    }

    [Fact]
    public async Task Client_token_replays_the_result_or_reports_a_mismatch()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var token = Guid.NewGuid().ToString();
        JsonObject Request(string name) => new()
        {
            ["name"] = name,
            ["resourceArns"] = Array(GroupArn(a)),
            ["principals"] = Array(b),
            ["clientToken"] = token,
        };
        var first = (await RamA.Post("/createresourceshare", Request("one"))).Ok();
        var again = (await RamA.Post("/createresourceshare", Request("one"))).Ok();
        Assert.Equal(token, first["clientToken"]!.GetValue<string>());
        Assert.Equal(first["resourceShare"]!["resourceShareArn"]!.GetValue<string>(), again["resourceShare"]!["resourceShareArn"]!.GetValue<string>());
        (await RamA.Post("/createresourceshare", Request("two"))).Error("IdempotentParameterMismatchException");
        Assert.Single(await OwnShares());
        Assert.Single((await RamB.Post("/getresourceshareinvitations", new JsonObject())).Ok()["resourceShareInvitations"]!.AsArray());

        // The same token on the query string of DELETE.
        var shareArn = first["resourceShare"]!["resourceShareArn"]!.GetValue<string>();
        var path = $"/deleteresourceshare?resourceShareArn={Uri.EscapeDataString(shareArn)}&clientToken=del-{token}";
        Assert.Equal("del-" + token, (await RamA.Delete(path)).Ok()["clientToken"]!.GetValue<string>());
        Assert.True((await RamA.Delete(path)).Ok()["returnValue"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Missing_and_invalid_members_use_RAMs_own_errors()
    {
        var missing = (await RamA.Post("/createresourceshare", new JsonObject())).Error("MissingRequiredParameterException");
        Assert.Contains("name", missing.Message);
        (await RamA.Delete("/deleteresourceshare")).Error("MissingRequiredParameterException");
        (await RamA.Post("/getresourceshares", new JsonObject())).Error("MissingRequiredParameterException");
        var owner = (await RamA.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "ME" })).Error("InvalidParameterException");
        Assert.Equal("ME is not a valid resource owner. Specify either SELF or OTHER-ACCOUNTS and try again.", owner.Message);
        (await RamA.Post("/getresourceshareassociations", new JsonObject { ["associationType"] = "X" })).Error("InvalidParameterException");
        (await RamA.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF", ["maxResults"] = 0 })).Error("InvalidParameterException");
        (await RamA.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF", ["nextToken"] = "garbage" })).Error("InvalidNextTokenException");
        (await RamA.Post("/acceptresourceshareinvitation", new JsonObject())).Error("MissingRequiredParameterException");
        (await RamA.Post("/tagresource", new JsonObject { ["resourceShareArn"] = "x" })).Error("MissingRequiredParameterException");
        Assert.Empty(await OwnShares());
    }

    [Fact]
    public async Task Disassociating_what_is_not_associated_changes_nothing()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = await Share();
        var c = EmulatorFixture.NewAccount();
        (await RamA.Post("/disassociateresourceshare", new JsonObject { ["resourceShareArn"] = shareArn, ["principals"] = Array(b, c) }))
            .Error("UnknownResourceException");
        var principal = (await RamA.Post("/getresourceshareassociations", new JsonObject
        {
            ["associationType"] = "PRINCIPAL",
            ["resourceShareArns"] = Array(shareArn),
        })).Ok()["resourceShareAssociations"]!.AsArray().Single()!;
        Assert.Equal("ASSOCIATED", principal["status"]!.GetValue<string>());
        Assert.Single(await Invitations(RamB, shareArn));
    }

    /// <summary>
    /// The RAM model's TagResource and UntagResource documentation: "You must specify either
    /// resourceShareArn, or resourceArn, but not both."
    /// </summary>
    [Fact]
    public async Task Tagging_names_a_share_or_a_resource_but_not_both()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = await Share();
        var before = (await OwnShares()).ToJsonString();
        var both = new JsonObject
        {
            ["resourceShareArn"] = shareArn,
            ["resourceArn"] = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionSageMakerLineageGroup",
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "k", ["value"] = "v" }),
        };
        var tag = (await RamA.Post("/tagresource", both)).Error("InvalidParameterException");
        Assert.Equal("You must specify either resourceShareArn, or resourceArn, but not both.", tag.Message);
        var untag = (await RamA.Post("/untagresource", new JsonObject
        {
            ["resourceShareArn"] = shareArn,
            ["resourceArn"] = both["resourceArn"]!.GetValue<string>(),
            ["tagKeys"] = Array("k"),
        })).Error("InvalidParameterException");
        Assert.Equal(tag.Message, untag.Message);
        (await RamA.Post("/tagresource", new JsonObject { ["tags"] = new JsonArray(new JsonObject { ["key"] = "k", ["value"] = "v" }) }))
            .Error("InvalidParameterException");
        Assert.Equal(before, (await OwnShares()).ToJsonString());
    }

    /// <summary>
    /// The RAM model's TagResource.tags: "The tag value must be present but can be an empty string." It
    /// holds for the tags CreateResourceShare attaches too.
    /// </summary>
    [Fact]
    public async Task A_tag_without_a_value_is_refused_and_an_empty_value_is_kept()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = await Share();
        (await RamA.Post("/tagresource", new JsonObject
        {
            ["resourceShareArn"] = shareArn,
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "novalue" }),
        })).Error("InvalidParameterException");
        (await RamA.Post("/createresourceshare", new JsonObject
        {
            ["name"] = EmulatorFixture.Unique("s"),
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "novalue" }),
        })).Error("InvalidParameterException");
        Assert.Single(await OwnShares());
        Assert.Null((await OwnShares())[0]!["tags"]);

        (await RamA.Post("/tagresource", new JsonObject
        {
            ["resourceShareArn"] = shareArn,
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "empty", ["value"] = "" }),
        })).Ok();
        Assert.Equal("", (await OwnShares())[0]!["tags"]![0]!["value"]!.GetValue<string>());
    }

    /// <summary>
    /// GetResourceShares: RAM refuses OTHER-ACCOUNTS with tagFilters ("You cannot use resourceOwner set to
    /// OTHER-ACCOUNTS and tagFilters in one request. Specify one parameter and try again.", quoted from a
    /// real response in hashicorp/terraform-provider-aws#40970), and the model's TagFilter.tagKey "must have
    /// a valid string value and can't be empty".
    /// </summary>
    [Fact]
    public async Task Tag_filters_are_for_own_shares_and_need_a_key()
    {
        var other = (await RamB.Post("/getresourceshares", new JsonObject
        {
            ["resourceOwner"] = "OTHER-ACCOUNTS",
            ["tagFilters"] = new JsonArray(new JsonObject { ["tagKey"] = "team", ["tagValues"] = Array("ml") }),
        })).Error("InvalidParameterException");
        Assert.Equal("You cannot use resourceOwner set to OTHER-ACCOUNTS and tagFilters in one request. Specify one parameter and try again.",
            other.Message);
        foreach (var filter in new[] { new JsonObject { ["tagKey"] = "" }, new JsonObject { ["tagValues"] = Array("ml") } })
        {
            (await RamA.Post("/getresourceshares", new JsonObject
            {
                ["resourceOwner"] = "SELF",
                ["tagFilters"] = new JsonArray(filter),
            })).Error("InvalidParameterException");
        }
        (await RamA.Post("/getresourceshares", new JsonObject
        {
            ["resourceOwner"] = "SELF",
            ["tagFilters"] = new JsonArray(new JsonObject { ["tagKey"] = "team" }),
        })).Ok();
    }
}
