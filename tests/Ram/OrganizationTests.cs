using System.Text.Json.Nodes;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Infrastructure.JsonValues;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.Ram;

/// <summary>
/// RAM inside an AWS Organization, sharing on. RAM user guide, "Sharing your AWS resources" / "Enable
/// resource sharing within AWS Organizations": "When you share resources in your organization, AWS RAM
/// doesn't send invitations to principals. Principals in your organization gain access to shared resources
/// without exchanging invitations", and "if your account is in an organization, then you can share with
/// individual accounts, or with all accounts in the organization or in an OU".
/// </summary>
public sealed class OrganizationTests(OrganizationFixture org) : IClassFixture<OrganizationFixture>
{
    private async Task<(string Owner, string Artifact, string Group)> Owner(Place place = Place.Root)
    {
        var owner = org.Member(place);
        var artifact = await CreateArtifact(org.SageMaker(owner));
        return (owner, artifact, GroupArn(owner));
    }

    private async Task<string> Share(string owner, string group, string principal, bool allowExternal = true)
    {
        var body = new JsonObject
        {
            ["name"] = EmulatorFixture.Unique("org"),
            ["resourceArns"] = Array(group),
            ["principals"] = Array(principal),
            ["allowExternalPrincipals"] = allowExternal,
        };
        return (await org.Ram(owner).Post("/createresourceshare", body)).Ok()["resourceShare"]!["resourceShareArn"]!.GetValue<string>();
    }

    private Task<WireResult> Describe(string account, string artifact) =>
        org.SageMaker(account).Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = artifact });

    [Fact]
    public async Task Only_the_management_account_enables_sharing_with_the_organization()
    {
        // EnableSharingWithAwsOrganization's model documentation: "You must call this operation from an IAM role
        // or user in the organization's management account"; its one modelled refusal is OperationNotPermittedException.
        var member = org.Member(Place.UnitA);
        var refused = (await org.Ram(member).Post("/enablesharingwithawsorganization", new JsonObject())).Error("OperationNotPermittedException");
        Assert.Contains("management account", refused.Message);
        (await org.Ram(EmulatorFixture.NewAccount()).Post("/enablesharingwithawsorganization", new JsonObject()))
            .Error("OperationNotPermittedException");
        // Enabling again is harmless.
        Assert.True((await org.Ram(org.Management).Post("/enablesharingwithawsorganization", new JsonObject())).Ok()["returnValue"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_member_account_reads_without_an_invitation_and_the_association_is_internal()
    {
        var (owner, artifact, group) = await Owner();
        var member = org.Member(Place.UnitC);
        var share = await Share(owner, group, member);

        Assert.Empty(await Invitations(org.Ram(member), share));
        Assert.Equal(artifact, (await Describe(member, artifact)).Ok()["ArtifactArn"]!.GetValue<string>());
        var principal = (await org.Ram(owner).Post("/getresourceshareassociations", new JsonObject
        {
            ["associationType"] = "PRINCIPAL",
            ["resourceShareArns"] = Array(share),
        })).Ok()["resourceShareAssociations"]!.AsArray().Single()!;
        Assert.False(principal["external"]!.GetValue<bool>());
        // The member sees the share among those shared with it.
        var received = (await org.Ram(member).Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "OTHER-ACCOUNTS" })).Ok();
        Assert.Contains(share, Strings(received["resourceShares"], "resourceShareArn"));
    }

    [Fact]
    public async Task The_organization_as_principal_grants_every_member_and_no_one_else()
    {
        var (owner, artifact, group) = await Owner(Place.UnitA);
        var share = await Share(owner, group, org.OrganizationArn, allowExternal: false);
        foreach (var member in new[] { org.Member(Place.Root), org.Member(Place.UnitB), org.Member(Place.UnitC), org.Management })
        {
            (await Describe(member, artifact)).Ok();
            Assert.Empty(await Invitations(org.Ram(member), share));
            var principals = (await org.Ram(member).Post("/listprincipals", new JsonObject { ["resourceOwner"] = "OTHER-ACCOUNTS" })).Ok();
            Assert.Contains(org.OrganizationArn, Strings(principals["principals"], "id"));
        }
        (await Describe(EmulatorFixture.NewAccount(), artifact)).Error("AccessDeniedException");

        // The policy RAM writes names each member account (not the owner), for the seven lineage actions.
        var policy = JsonNode.Parse((await org.SageMaker(owner).Call("GetLineageGroupPolicy", new JsonObject { ["LineageGroupName"] = group }))
            .Ok()["ResourcePolicy"]!.GetValue<string>())!;
        var named = policy["Statement"]!.AsArray().Single()!["Principal"]!["AWS"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Contains($"arn:aws:iam::{org.Management}:root", named);
        Assert.DoesNotContain($"arn:aws:iam::{owner}:root", named);
        Assert.Equal(7, policy["Statement"]![0]!["Action"]!.AsArray().Count);

        // RAM's GetResourcePolicies, filtered by the organization principal, returns the same policy.
        var policies = (await org.Ram(owner).Post("/getresourcepolicies", new JsonObject
        {
            ["resourceArns"] = Array(group),
            ["principal"] = org.OrganizationArn,
        })).Ok()["policies"]!.AsArray();
        Assert.Equal(policy.ToJsonString(), JsonNode.Parse(policies.Single()!.GetValue<string>())!.ToJsonString());
    }

    [Fact]
    public async Task An_ou_as_principal_grants_the_accounts_under_it_nested_ous_included()
    {
        var (owner, artifact, group) = await Owner(Place.UnitC);
        await Share(owner, group, org.OuArn(OrganizationFixture.UnitA));
        (await Describe(org.Member(Place.UnitA), artifact)).Ok();
        (await Describe(org.Member(Place.UnitB), artifact)).Ok();
        (await Describe(org.Member(Place.Root), artifact)).Error("AccessDeniedException");
        (await Describe(org.Member(Place.UnitC), artifact)).Error("AccessDeniedException");
    }

    [Fact]
    public async Task Organization_and_ou_principals_are_validated_as_ram_does()
    {
        var (owner, _, group) = await Owner();
        var ram = org.Ram(owner);
        async Task<WireResult> Create(string principal, bool allowExternal = true) => await ram.Post("/createresourceshare", new JsonObject
        {
            ["name"] = "s",
            ["resourceArns"] = Array(group),
            ["principals"] = Array(principal),
            ["allowExternalPrincipals"] = allowExternal,
        });
        // Another organization is unknown to the caller; RAM's words as Terraform users report them
        // (hashicorp/terraform-provider-aws#12169: "UnknownResourceException: Organization o-77777mmmmm could not be found.").
        var otherOrg = (await Create($"arn:aws:organizations::{org.Management}:organization/o-otherorg123")).Error("UnknownResourceException");
        Assert.Equal("Organization o-otherorg123 could not be found.", otherOrg.Message);
        var unknownOu = (await Create(org.OuArn("ou-test-dddddddd"))).Error("UnknownResourceException");
        Assert.Equal("OrganizationalUnit ou-test-dddddddd could not be found.", unknownOu.Message);
        // An account outside the organization is external: refused when the share does not allow external principals.
        // RAM user guide, "Errors when trying to share with accounts outside of my organization".
        var outsider = EmulatorFixture.NewAccount();
        var external = (await Create(outsider, allowExternal: false)).Error("InvalidParameterException");
        Assert.Equal($"Principal {outsider} is not in your AWS organization. You do not have permission to add external AWS accounts to a resource share.",
            external.Message);
        Assert.Empty((await ram.Post("/getresourceshares", new JsonObject { ["resourceOwner"] = "SELF" })).Ok()["resourceShares"]!.AsArray());

        // An owner outside the organization cannot name it at all.
        var stranger = EmulatorFixture.NewAccount();
        await CreateArtifact(org.SageMaker(stranger));
        (await org.Ram(stranger).Post("/createresourceshare", new JsonObject
        {
            ["name"] = "s",
            ["resourceArns"] = Array(GroupArn(stranger)),
            ["principals"] = Array(org.OrganizationArn),
        })).Error("UnknownResourceException");
    }

    [Fact]
    public async Task An_outside_account_still_goes_through_an_invitation()
    {
        var (owner, artifact, group) = await Owner();
        var outsider = EmulatorFixture.NewAccount();
        var share = await Share(owner, group, outsider);
        (await Describe(outsider, artifact)).Error("AccessDeniedException");
        var invitation = await InvitationArn(org.Ram(outsider), share);
        (await org.Ram(outsider).Post("/acceptresourceshareinvitation", new JsonObject { ["resourceShareInvitationArn"] = invitation })).Ok();
        (await Describe(outsider, artifact)).Ok();
    }

    [Fact]
    public async Task An_iam_role_principal_is_invited_through_its_account_and_named_in_the_policy()
    {
        // CreateResourceShare's model documentation lists "An ARN of an IAM role" and "An ARN of an IAM user".
        var (owner, artifact, group) = await Owner();
        var outsider = EmulatorFixture.NewAccount();
        var role = $"arn:aws:iam::{outsider}:role/analysts/LineageReader";
        var share = await Share(owner, group, role);
        var invitation = (await Invitations(org.Ram(outsider), share)).Single();
        Assert.Equal(role, invitation.ReceiverArn);
        Assert.Equal(outsider, invitation.ReceiverAccountId);
        await Accept(org.Ram(outsider), invitation.ResourceShareInvitationArn!);
        var policy = (await org.SageMaker(owner).Call("GetLineageGroupPolicy", new JsonObject { ["LineageGroupName"] = group })).Ok();
        Assert.Contains(role, policy["ResourcePolicy"]!.GetValue<string>());
        // The policy names the role, not the account: a caller as the account's root is not the role.
        (await Describe(outsider, artifact)).Error("AccessDeniedException");
    }
}

/// <summary>The organization declared, but its management account never turned sharing on.</summary>
public sealed class OrganizationSharingOffTests(OrganizationSharingOffFixture org) : IClassFixture<OrganizationSharingOffFixture>
{
    [Fact]
    public async Task Members_are_invited_and_the_organization_cannot_be_a_principal()
    {
        // EnableSharingWithAwsOrganization's model documentation: "Until you enable sharing within the organization,
        // you can specify only individual Amazon Web Services accounts, or for supported resource types, IAM roles and users."
        var owner = org.Member(Place.Root);
        var artifact = await CreateArtifact(org.SageMaker(owner));
        var ram = org.Ram(owner);
        JsonObject Body(string principal, bool allowExternal = true) => new()
        {
            ["name"] = "s",
            ["resourceArns"] = Array(GroupArn(owner)),
            ["principals"] = Array(principal),
            ["allowExternalPrincipals"] = allowExternal,
        };
        // The message RAM gives when sharing with the organization is not on (hashicorp/terraform-provider-aws#7769).
        foreach (var principal in new[] { org.OrganizationArn, org.OuArn(OrganizationFixture.UnitA) })
            Assert.Contains("not enabled sharing with your AWS organization",
                (await ram.Post("/createresourceshare", Body(principal))).Error("OperationNotPermittedException").Message);
        var member = org.Member(Place.UnitA);
        (await ram.Post("/createresourceshare", Body(member, allowExternal: false))).Error("OperationNotPermittedException");

        // Without organization sharing a member is an account like any other: invited, and in only once it accepts.
        var share = (await ram.Post("/createresourceshare", Body(member))).Ok()["resourceShare"]!["resourceShareArn"]!.GetValue<string>();
        var describe = new JsonObject { ["ArtifactArn"] = artifact };
        (await org.SageMaker(member).Call("DescribeArtifact", describe)).Error("AccessDeniedException");
        (await org.Ram(member).Post("/acceptresourceshareinvitation", new JsonObject
        {
            ["resourceShareInvitationArn"] = await InvitationArn(org.Ram(member), share),
        })).Ok();
        (await org.SageMaker(member).Call("DescribeArtifact", describe)).Ok();
    }
}
