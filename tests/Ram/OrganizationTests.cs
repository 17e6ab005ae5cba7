using System.Text.Json.Nodes;
using LineageEmulator.Model.Ram;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Tests.Infrastructure;
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

    private static CreateResourceShareRequest ShareRequest(string group, string principal, bool allowExternal = true, string? name = null) => new()
    {
        Name = name ?? EmulatorFixture.Unique("org"),
        ResourceArns = [group],
        Principals = [principal],
        AllowExternalPrincipals = allowExternal,
    };

    private async Task<string> Share(string owner, string group, string principal, bool allowExternal = true) =>
        (await org.Ram(owner).CreateResourceShareAsync(ShareRequest(group, principal, allowExternal))).ResourceShare!.ResourceShareArn!;

    private Task<DescribeArtifactResponse> Describe(string account, string artifact) =>
        org.SageMaker(account).DescribeArtifactAsync(new() { ArtifactArn = artifact });

    /// <summary>The lineage group's resource policy, a JSON document inside a string member.</summary>
    private async Task<JsonNode> Policy(string owner, string group) =>
        JsonNode.Parse((await org.SageMaker(owner).GetLineageGroupPolicyAsync(new() { LineageGroupName = group })).ResourcePolicy!)!;

    [Fact]
    public async Task Only_the_management_account_enables_sharing_with_the_organization()
    {
        // EnableSharingWithAwsOrganization's model documentation: "You must call this operation from an IAM role
        // or user in the organization's management account"; its one modelled refusal is OperationNotPermittedException.
        var member = org.Member(Place.UnitA);
        var refused = await org.Ram(member).EnableSharingWithAwsOrganizationAsync(new()).Fails("OperationNotPermittedException");
        Assert.Contains("management account", refused.Message);
        await org.Ram(EmulatorFixture.NewAccount()).EnableSharingWithAwsOrganizationAsync(new()).Fails("OperationNotPermittedException");
        // Enabling again is harmless.
        Assert.True((await org.Ram(org.Management).EnableSharingWithAwsOrganizationAsync(new())).ReturnValue);
    }

    [Fact]
    public async Task A_member_account_reads_without_an_invitation_and_the_association_is_internal()
    {
        var (owner, artifact, group) = await Owner();
        var member = org.Member(Place.UnitC);
        var share = await Share(owner, group, member);

        Assert.Empty(await Invitations(org.Ram(member), share));
        Assert.Equal(artifact, (await Describe(member, artifact)).ArtifactArn);
        var principal = Assert.Single((await org.Ram(owner).GetResourceShareAssociationsAsync(new()
        {
            AssociationType = ResourceShareAssociationTypeValues.PRINCIPAL,
            ResourceShareArns = [share],
        })).ResourceShareAssociations!);
        Assert.False(principal.External);
        // The member sees the share among those shared with it.
        var received = await org.Ram(member).GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.OTHER_ACCOUNTS });
        Assert.Contains(share, received.ResourceShares!.Select(s => s.ResourceShareArn));
    }

    [Fact]
    public async Task The_organization_as_principal_grants_every_member_and_no_one_else()
    {
        var (owner, artifact, group) = await Owner(Place.UnitA);
        var share = await Share(owner, group, org.OrganizationArn, allowExternal: false);
        foreach (var member in new[] { org.Member(Place.Root), org.Member(Place.UnitB), org.Member(Place.UnitC), org.Management })
        {
            await Describe(member, artifact);
            Assert.Empty(await Invitations(org.Ram(member), share));
            var principals = await org.Ram(member).ListPrincipalsAsync(new() { ResourceOwner = ResourceOwnerValues.OTHER_ACCOUNTS });
            Assert.Contains(org.OrganizationArn, principals.Principals!.Select(p => p.Id));
        }
        await Describe(EmulatorFixture.NewAccount(), artifact).Fails("AccessDeniedException");

        // The policy RAM writes names each member account (not the owner), for the seven lineage actions.
        var policy = await Policy(owner, group);
        var named = policy["Statement"]!.AsArray().Single()!["Principal"]!["AWS"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Contains($"arn:aws:iam::{org.Management}:root", named);
        Assert.DoesNotContain($"arn:aws:iam::{owner}:root", named);
        Assert.Equal(7, policy["Statement"]![0]!["Action"]!.AsArray().Count);

        // RAM's GetResourcePolicies, filtered by the organization principal, returns the same policy.
        var policies = (await org.Ram(owner).GetResourcePoliciesAsync(new() { ResourceArns = [group], Principal = org.OrganizationArn })).Policies!;
        Assert.Equal(policy.ToJsonString(), JsonNode.Parse(Assert.Single(policies))!.ToJsonString());
    }

    [Fact]
    public async Task An_ou_as_principal_grants_the_accounts_under_it_nested_ous_included()
    {
        var (owner, artifact, group) = await Owner(Place.UnitC);
        await Share(owner, group, org.OuArn(OrganizationFixture.UnitA));
        await Describe(org.Member(Place.UnitA), artifact);
        await Describe(org.Member(Place.UnitB), artifact);
        await Describe(org.Member(Place.Root), artifact).Fails("AccessDeniedException");
        await Describe(org.Member(Place.UnitC), artifact).Fails("AccessDeniedException");
    }

    [Fact]
    public async Task Organization_and_ou_principals_are_validated_as_ram_does()
    {
        var (owner, _, group) = await Owner();
        var ram = org.Ram(owner);
        Task<CreateResourceShareResponse> Create(string principal, bool allowExternal = true) =>
            ram.CreateResourceShareAsync(ShareRequest(group, principal, allowExternal, name: "s"));
        // Another organization is unknown to the caller; RAM's words as Terraform users report them
        // (hashicorp/terraform-provider-aws#12169: "UnknownResourceException: Organization o-77777mmmmm could not be found.").
        var otherOrg = await Create($"arn:aws:organizations::{org.Management}:organization/o-otherorg123").Fails("UnknownResourceException");
        Assert.Equal("Organization o-otherorg123 could not be found.", otherOrg.Message);
        var unknownOu = await Create(org.OuArn("ou-test-dddddddd")).Fails("UnknownResourceException");
        Assert.Equal("OrganizationalUnit ou-test-dddddddd could not be found.", unknownOu.Message);
        // An account outside the organization is external: refused when the share does not allow external principals.
        // RAM user guide, "Errors when trying to share with accounts outside of my organization".
        var outsider = EmulatorFixture.NewAccount();
        var external = await Create(outsider, allowExternal: false).Fails("InvalidParameterException");
        Assert.Equal($"Principal {outsider} is not in your AWS organization. You do not have permission to add external AWS accounts to a resource share.",
            external.Message);
        Assert.Empty((await ram.GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.SELF })).ResourceShares!);

        // An owner outside the organization cannot name it at all.
        var stranger = EmulatorFixture.NewAccount();
        await CreateArtifact(org.SageMaker(stranger));
        await org.Ram(stranger).CreateResourceShareAsync(ShareRequest(GroupArn(stranger), org.OrganizationArn, name: "s")).Fails("UnknownResourceException");
    }

    [Fact]
    public async Task An_outside_account_still_goes_through_an_invitation()
    {
        var (owner, artifact, group) = await Owner();
        var outsider = EmulatorFixture.NewAccount();
        var share = await Share(owner, group, outsider);
        await Describe(outsider, artifact).Fails("AccessDeniedException");
        await Accept(org.Ram(outsider), await InvitationArn(org.Ram(outsider), share));
        await Describe(outsider, artifact);
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
        Assert.Contains(role, (await org.SageMaker(owner).GetLineageGroupPolicyAsync(new() { LineageGroupName = group })).ResourcePolicy);
        // The policy names the role, not the account: a caller as the account's root is not the role.
        await Describe(outsider, artifact).Fails("AccessDeniedException");
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
        Task<CreateResourceShareResponse> Create(string principal, bool allowExternal = true) => ram.CreateResourceShareAsync(new()
        {
            Name = "s",
            ResourceArns = [GroupArn(owner)],
            Principals = [principal],
            AllowExternalPrincipals = allowExternal,
        });
        // The message RAM gives when sharing with the organization is not on (hashicorp/terraform-provider-aws#7769).
        foreach (var principal in new[] { org.OrganizationArn, org.OuArn(OrganizationFixture.UnitA) })
            Assert.Contains("not enabled sharing with your AWS organization", (await Create(principal).Fails("OperationNotPermittedException")).Message);
        var member = org.Member(Place.UnitA);
        await Create(member, allowExternal: false).Fails("OperationNotPermittedException");

        // Without organization sharing a member is an account like any other: invited, and in only once it accepts.
        var share = (await Create(member)).ResourceShare!.ResourceShareArn!;
        Task<DescribeArtifactResponse> Describe() => org.SageMaker(member).DescribeArtifactAsync(new() { ArtifactArn = artifact });
        await Describe().Fails("AccessDeniedException");
        await Accept(org.Ram(member), await InvitationArn(org.Ram(member), share));
        await Describe();
    }
}
