using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.Model.Ram;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.Tests.Infrastructure;
using LineageEmulator.Tests.Persistence;
using Microsoft.Extensions.Configuration;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.Ram;

/// <summary>
/// The organization comes from the accounts file, read at start-up. Membership is judged when access is
/// asked for, so a share with the organization reaches accounts that join it later and leaves those that
/// go ("RAM shares that target an organization or OU break when an account leaves that org", AWS re:Post,
/// "Converting RAM Organization-Based Shares to Account-ID Shares"; ResourceShareConfiguration's
/// retainSharingOnAccountLeaveOrganization is the model's opt-out, off by default).
/// </summary>
public sealed class OrganizationMembershipTests
{
    private const string OrgId = "o-membership01";
    private const string Unit = "ou-memb-11111111";

    private static string Account() => EmulatorFixture.NewAccount();

    private static string AccountsFile(string dir, string management, params (string Account, string Parent)[] members)
    {
        var accounts = new JsonObject();
        foreach (var (account, parent) in members) accounts[account] = parent;
        var file = Path.Combine(dir, "accounts.json");
        File.WriteAllText(file, new JsonObject
        {
            ["AKIAORGMANAGEMENT"] = management,
            ["organization"] = new JsonObject
            {
                ["id"] = OrgId,
                ["managementAccount"] = management,
                ["organizationalUnits"] = new JsonObject { [Unit] = "root" },
                ["accounts"] = accounts,
            },
        }.ToJsonString());
        return file;
    }

    private static Task<DescribeArtifactResponse> Describe(PersistentEmulator emulator, string account, string artifact) =>
        emulator.SageMaker(account).DescribeArtifactAsync(new() { ArtifactArn = artifact });

    private static PersistentEmulator Run(string dir, string accountsFile) =>
        new(dir, ("accounts-file", accountsFile), ("ram-association-delay-ms", "0"), ("log-level", "Warning"));

    [Fact]
    public async Task Access_through_the_organization_follows_membership_across_runs()
    {
        using var dir = new TempDir();
        var (management, owner, leaver, directLeaver, joiner, stayer) = (Account(), Account(), Account(), Account(), Account(), Account());
        string artifact;

        using (var first = Run(dir.Path, AccountsFile(dir.Path, management, (owner, "root"), (leaver, Unit), (directLeaver, "root"), (stayer, Unit))))
        {
            await first.Ram(management).EnableSharingWithAwsOrganizationAsync(new());
            artifact = await CreateArtifact(first.SageMaker(owner));
            foreach (var principal in new[] { $"arn:aws:organizations::{management}:organization/{OrgId}", directLeaver })
                await CreateShare(first.Ram(owner), GroupArn(owner), principal);
            foreach (var member in new[] { leaver, directLeaver, stayer })
                await Describe(first, member, artifact);
            await Describe(first, joiner, artifact).Fails("AccessDeniedException");
        }

        // The accounts file changes between runs: two accounts leave, one joins.
        using var second = Run(dir.Path, AccountsFile(dir.Path, management, (owner, "root"), (joiner, Unit), (stayer, Unit)));
        await Describe(second, leaver, artifact).Fails("AccessDeniedException");
        await Describe(second, directLeaver, artifact).Fails("AccessDeniedException");
        Assert.Empty((await second.Ram(leaver).GetResourceSharesAsync(new() { ResourceOwner = ResourceOwnerValues.OTHER_ACCOUNTS })).ResourceShares!);
        await Describe(second, joiner, artifact);
        await Describe(second, stayer, artifact);
        var policy = (await second.SageMaker(owner).GetLineageGroupPolicyAsync(new() { LineageGroupName = GroupArn(owner) })).ResourcePolicy;
        Assert.Contains(joiner, policy);
        Assert.DoesNotContain(leaver, policy);
    }

    [Fact]
    public async Task A_share_that_retains_access_on_leaving_keeps_a_departed_account_in()
    {
        // ResourceShareConfiguration.retainSharingOnAccountLeaveOrganization (RAM model): "Specifies whether the
        // consumer account retains access to the resource share after leaving the organization."
        using var dir = new TempDir();
        var (management, owner, retained, dropped) = (Account(), Account(), Account(), Account());
        string artifact;
        using (var first = Run(dir.Path, AccountsFile(dir.Path, management, (owner, "root"), (retained, Unit), (dropped, Unit))))
        {
            await first.Ram(management).EnableSharingWithAwsOrganizationAsync(new());
            artifact = await CreateArtifact(first.SageMaker(owner));
            foreach (var (principal, retain) in new[] { (retained, true), (dropped, false) })
            {
                var share = (await first.Ram(owner).CreateResourceShareAsync(new()
                {
                    Name = EmulatorFixture.Unique("org"),
                    ResourceArns = [GroupArn(owner)],
                    Principals = [principal],
                    ResourceShareConfiguration = new() { RetainSharingOnAccountLeaveOrganization = retain },
                })).ResourceShare!;
                Assert.Equal(retain, share.ResourceShareConfiguration!.RetainSharingOnAccountLeaveOrganization);
            }
        }
        using var second = Run(dir.Path, AccountsFile(dir.Path, management, (owner, "root")));
        await Describe(second, retained, artifact);
        await Describe(second, dropped, artifact).Fails("AccessDeniedException");
    }

    [Fact]
    public void The_accounts_file_declares_the_organization_and_a_bad_one_stops_the_start()
    {
        using var dir = new TempDir();
        var (management, member) = (Account(), Account());
        var file = AccountsFile(dir.Path, management, (member, Unit));
        var options = EmulatorHost.ReadOptions(Config(file));
        Assert.Equal(management, options.AccountsByAccessKey["AKIAORGMANAGEMENT"].Account);
        var org = options.Organization!;
        Assert.Equal(OrgId, org.Id);
        Assert.True(org.IsUnder(member, Unit));
        Assert.True(org.Contains(management));
        Assert.Null(EmulatorHost.ReadOptions(Config(null)).Organization);

        foreach (var (bad, why) in new[]
                 {
                     ("{\"organization\": {\"id\": \"o-x\", \"managementAccount\": \"" + management + "\"}}", "organization id 'o-x'"),
                     ("{\"organization\": {\"id\": \"" + OrgId + "\"}}", "no \"managementAccount\""),
                     ("{\"organization\": {\"id\": \"" + OrgId + "\", \"managementAccount\": \"" + management + "\", \"accounts\": {\"" + member + "\": \"ou-none-22222222\"}}}", "neither 'root' nor a declared unit"),
                 })
        {
            File.WriteAllText(file, bad);
            var e = Assert.Throws<InvalidEmulatorOptionException>(() => EmulatorHost.ReadOptions(Config(file)));
            Assert.StartsWith("--accounts-file: cannot read", e.Message);
            Assert.Contains(why, e.Message);
        }
    }

    private static IConfiguration Config(string? accountsFile) => new ConfigurationBuilder()
        .AddInMemoryCollection(accountsFile is null ? [] : [new KeyValuePair<string, string?>("accounts-file", accountsFile)])
        .Build();
}
