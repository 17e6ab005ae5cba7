using System.Text.Json;
using LineageEmulator.Model.Ram;
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

    private Task<GetResourceSharesResponse> OwnSharesAnswer() => RamA.GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.SELF });

    private async Task<IReadOnlyList<ResourceShare>> OwnShares() => (await OwnSharesAnswer()).ResourceShares!;

    private async Task<string> Share() =>
        (await CreateShare(RamA, GroupArn(a), b)).ResourceShareArn!;

    private static Tag Tag(string key, string? value) => new() { Key = key, Value = value };

    private static DeleteResourceShareRequest DeleteShare(string? arn, string? clientToken = null) => new() { ResourceShareArn = arn, ClientToken = clientToken };

    [Fact]
    public async Task Malformed_principal_is_InvalidParameter_and_creates_nothing()
    {
        await CreateArtifact(emulator.SageMaker(a));
        // IAM roles and users, organizations and OUs are principals (CreateResourceShare's model documentation),
        // but only as ARNs of those forms: a bare organization id, an IAM group or a short organization id is not.
        foreach (var bad in new[] { "12345", "o-exampleorgid", $"arn:aws:iam::{b}:group/x", "abcdefghijkl",
                     $"arn:aws:organizations::{b}:organization/o-short", $"arn:aws:organizations::{b}:ou/o-exampleorgid/x" })
        {
            var result = await RamA.CreateResourceShareAsync(new() { Name = "s", ResourceArns = [GroupArn(a)], Principals = [b, bad] })
                .Fails("InvalidParameterException");
            Assert.Equal($"Principal ID {bad} is malformed. Verify the ID and try again.", result.Message);
        }
        Assert.Empty(await OwnShares());
        Assert.Empty((await RamB.GetResourceShareInvitationsAsync(new())).ResourceShareInvitations!);
    }

    [Fact]
    public async Task Bad_resource_arns_are_MalformedArn()
    {
        var notArn = await RamA.CreateResourceShareAsync(new() { Name = "s", ResourceArns = ["lineage-group"] }).Fails("MalformedArnException");
        Assert.Equal("The specified resource ARN lineage-group is not valid. Verify the ARN and try again.", notArn.Message);
        var artifact = await CreateArtifact(emulator.SageMaker(a));
        var wrongType = await RamA.CreateResourceShareAsync(new() { Name = "s", ResourceArns = [artifact] }).Fails("MalformedArnException");
        Assert.Equal("You cannot share the selected resource type.", wrongType.Message);
        Assert.Empty(await OwnShares());
    }

    [Fact]
    public async Task Sharing_with_yourself_or_externally_when_not_allowed_is_refused()
    {
        await CreateArtifact(emulator.SageMaker(a));
        await RamA.CreateResourceShareAsync(new() { Name = "s", Principals = [a] }).Fails("InvalidParameterException");
        await RamA.CreateResourceShareAsync(new() { Name = "s", Principals = [b], AllowExternalPrincipals = false })
            .Fails("OperationNotPermittedException");
        Assert.Empty(await OwnShares());
    }

    [Fact]
    public async Task Unknown_share_is_UnknownResource_everywhere()
    {
        var unknown = $"arn:aws:ram:us-east-1:{a}:resource-share/{Guid.NewGuid()}";
        var deleted = await RamA.DeleteResourceShareAsync(DeleteShare(unknown)).Fails("UnknownResourceException");
        Assert.Equal($"ResourceShare {unknown} could not be found.", deleted.Message);
        await RamA.AssociateResourceShareAsync(new() { ResourceShareArn = unknown, Principals = [b] }).Fails("UnknownResourceException");
        await RamA.UpdateResourceShareAsync(new() { ResourceShareArn = unknown, Name = "x" }).Fails("UnknownResourceException");
        await RamA.ListResourceSharePermissionsAsync(new() { ResourceShareArn = unknown }).Fails("UnknownResourceException");
        await RamA.TagResourceAsync(new() { ResourceShareArn = unknown, Tags = [Tag("k", "v")] }).Fails("UnknownResourceException");
        await RamA.GetResourceShareAssociationsAsync(new() { AssociationType = ResourceShareAssociationTypeValues.PRINCIPAL, ResourceShareArns = [unknown] })
            .Fails("UnknownResourceException");
        await RamA.DeleteResourceShareAsync(DeleteShare("not-an-arn")).Fails("MalformedArnException");
    }

    [Fact]
    public async Task Another_accounts_share_is_unknown_to_the_caller_and_unchanged()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = await Share();
        var c = emulator.Ram(EmulatorFixture.NewAccount());
        await c.DeleteResourceShareAsync(DeleteShare(shareArn)).Fails("UnknownResourceException");
        await c.DisassociateResourceShareAsync(new() { ResourceShareArn = shareArn, Principals = [b] }).Fails("UnknownResourceException");
        Assert.Equal(ResourceShareStatusValues.ACTIVE, (await OwnShares()).Single().Status);
    }

    [Fact]
    public async Task Deleted_share_cannot_be_deleted_or_changed_again()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = await Share();
        Assert.True((await RamA.DeleteResourceShareAsync(DeleteShare(shareArn))).ReturnValue);
        await RamA.DeleteResourceShareAsync(DeleteShare(shareArn)).Fails("UnknownResourceException");
        await RamA.AssociateResourceShareAsync(new() { ResourceShareArn = shareArn, Principals = [b] }).Fails("UnknownResourceException");
        // The unanswered invitation went with the share.
        Assert.Empty(await Invitations(RamB, shareArn));
    }

    [Fact]
    public async Task Only_the_receiver_can_see_or_answer_an_invitation()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = await Share();
        var invitationArn = await InvitationArn(RamB, shareArn);
        var c = emulator.Ram(EmulatorFixture.NewAccount());
        foreach (var other in new[] { c, RamA })
        {
            var r = await Accept(other, invitationArn).Fails("ResourceShareInvitationArnNotFoundException");
            Assert.Equal($"ResourceShareInvitation {invitationArn} could not be found.", r.Message);
            await other.RejectResourceShareInvitationAsync(new() { ResourceShareInvitationArn = invitationArn })
                .Fails("ResourceShareInvitationArnNotFoundException");
            await other.ListPendingInvitationResourcesAsync(new() { ResourceShareInvitationArn = invitationArn })
                .Fails("ResourceShareInvitationArnNotFoundException");
            await other.GetResourceShareInvitationsAsync(new() { ResourceShareInvitationArns = [invitationArn] })
                .Fails("ResourceShareInvitationArnNotFoundException");
        }
        Assert.Equal(ResourceShareInvitationStatusValues.PENDING, (await Invitations(RamB, shareArn)).Single().Status);
        await Accept(RamB, "nope").Fails("MalformedArnException");
    }

    [Fact]
    public async Task An_invitation_is_answered_once()
    {
        await CreateArtifact(emulator.SageMaker(a));
        Task<RejectResourceShareInvitationResponse> Reject(string arn) => RamB.RejectResourceShareInvitationAsync(new() { ResourceShareInvitationArn = arn });
        var first = await InvitationArn(RamB, await Share());
        await Accept(RamB, first);
        await Accept(RamB, first).Fails("ResourceShareInvitationAlreadyAcceptedException");
        await Reject(first).Fails("ResourceShareInvitationAlreadyAcceptedException");

        var second = await InvitationArn(RamB, await Share());
        await Reject(second);
        await Reject(second).Fails("ResourceShareInvitationAlreadyRejectedException");
        await Accept(RamB, second).Fails("ResourceShareInvitationAlreadyRejectedException");
        var statuses = (await RamB.GetResourceShareInvitationsAsync(new())).ResourceShareInvitations!.Select(i => i.Status).Order();
        Assert.Equal(["ACCEPTED", "REJECTED"], statuses);
    }

    [Fact]
    public async Task Client_token_replays_the_result_or_reports_a_mismatch()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var token = Guid.NewGuid().ToString();
        CreateResourceShareRequest Request(string name) => new() { Name = name, ResourceArns = [GroupArn(a)], Principals = [b], ClientToken = token };
        var first = await RamA.CreateResourceShareAsync(Request("one"));
        var again = await RamA.CreateResourceShareAsync(Request("one"));
        Assert.Equal(token, first.ClientToken);
        Assert.Equal(first.ResourceShare!.ResourceShareArn, again.ResourceShare!.ResourceShareArn);
        await RamA.CreateResourceShareAsync(Request("two")).Fails("IdempotentParameterMismatchException");
        Assert.Single(await OwnShares());
        Assert.Single((await RamB.GetResourceShareInvitationsAsync(new())).ResourceShareInvitations!);

        // The same token on the query string of DELETE.
        var delete = DeleteShare(first.ResourceShare.ResourceShareArn, "del-" + token);
        Assert.Equal("del-" + token, (await RamA.DeleteResourceShareAsync(delete)).ClientToken);
        Assert.True((await RamA.DeleteResourceShareAsync(delete)).ReturnValue);
    }

    [Fact]
    public async Task Missing_and_invalid_members_use_RAMs_own_errors()
    {
        var missing = await RamA.CreateResourceShareAsync(new()).Fails("MissingRequiredParameterException");
        Assert.Contains("name", missing.Message);
        await RamA.DeleteResourceShareAsync(DeleteShare(null)).Fails("MissingRequiredParameterException");
        await RamA.GetResourceSharesAsync(new()).Fails("MissingRequiredParameterException");
        var owner = await RamA.GetResourceSharesAsync(new() { ResourceOwner = "ME" }).Fails("InvalidParameterException");
        Assert.Equal("ME is not a valid resource owner. Specify either SELF or OTHER-ACCOUNTS and try again.", owner.Message);
        await RamA.GetResourceShareAssociationsAsync(new() { AssociationType = "X" }).Fails("InvalidParameterException");
        await RamA.GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.SELF, MaxResults = 0 }).Fails("InvalidParameterException");
        await RamA.GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.SELF, NextToken = "garbage" }).Fails("InvalidNextTokenException");
        await RamA.AcceptResourceShareInvitationAsync(new()).Fails("MissingRequiredParameterException");
        await RamA.TagResourceAsync(new() { ResourceShareArn = "x" }).Fails("MissingRequiredParameterException");
        Assert.Empty(await OwnShares());
    }

    [Fact]
    public async Task Disassociating_what_is_not_associated_changes_nothing()
    {
        await CreateArtifact(emulator.SageMaker(a));
        var shareArn = await Share();
        var c = EmulatorFixture.NewAccount();
        await RamA.DisassociateResourceShareAsync(new() { ResourceShareArn = shareArn, Principals = [b, c] }).Fails("UnknownResourceException");
        var principal = Assert.Single((await RamA.GetResourceShareAssociationsAsync(new()
        {
            AssociationType = ResourceShareAssociationTypeValues.PRINCIPAL,
            ResourceShareArns = [shareArn],
        })).ResourceShareAssociations!);
        Assert.Equal(ResourceShareAssociationStatusValues.ASSOCIATED, principal.Status);
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
        async Task<string> Snapshot() => JsonSerializer.Serialize(await OwnSharesAnswer(), RamJsonContext.Default.GetResourceSharesResponse);
        var before = await Snapshot();
        const string Permission = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionSageMakerLineageGroup";
        var tag = await RamA.TagResourceAsync(new() { ResourceShareArn = shareArn, ResourceArn = Permission, Tags = [Tag("k", "v")] })
            .Fails("InvalidParameterException");
        Assert.Equal("You must specify either resourceShareArn, or resourceArn, but not both.", tag.Message);
        var untag = await RamA.UntagResourceAsync(new() { ResourceShareArn = shareArn, ResourceArn = Permission, TagKeys = ["k"] })
            .Fails("InvalidParameterException");
        Assert.Equal(tag.Message, untag.Message);
        await RamA.TagResourceAsync(new() { Tags = [Tag("k", "v")] }).Fails("InvalidParameterException");
        Assert.Equal(before, await Snapshot());
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
        await RamA.TagResourceAsync(new() { ResourceShareArn = shareArn, Tags = [Tag("novalue", null)] }).Fails("InvalidParameterException");
        await RamA.CreateResourceShareAsync(new() { Name = EmulatorFixture.Unique("s"), Tags = [Tag("novalue", null)] }).Fails("InvalidParameterException");
        Assert.Null(Assert.Single(await OwnShares()).Tags);

        await RamA.TagResourceAsync(new() { ResourceShareArn = shareArn, Tags = [Tag("empty", "")] });
        Assert.Equal("", (await OwnShares())[0].Tags![0].Value);
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
        var other = await RamB.GetResourceSharesAsync(new()
        {
            ResourceOwner = ResourceOwnerValues.OTHER_ACCOUNTS,
            TagFilters = [new() { TagKey = "team", TagValues = ["ml"] }],
        }).Fails("InvalidParameterException");
        Assert.Equal("You cannot use resourceOwner set to OTHER-ACCOUNTS and tagFilters in one request. Specify one parameter and try again.",
            other.Message);
        foreach (var filter in new TagFilter[] { new() { TagKey = "" }, new() { TagValues = ["ml"] } })
            await RamA.GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.SELF, TagFilters = [filter] }).Fails("InvalidParameterException");
        await RamA.GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.SELF, TagFilters = [new() { TagKey = "team" }] });
    }
}
