using System.Text.Json.Nodes;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.State;
using LineageEmulator.Tests.Infrastructure;
using static LineageEmulator.Tests.Ram.RamHelpers;

namespace LineageEmulator.Tests.SageMaker;

public sealed class LineageGroupsTests(EmulatorFixture emulator) : LineageTestBase(emulator), IClassFixture<EmulatorFixture>
{
    private const string Default = "sagemaker-default-lineage-group";

    private Task<CreateContextResponse> FirstEntity(SageMakerClient? caller = null) =>
        (caller ?? Sm).CreateContextAsync(new CreateContextRequest
        {
            ContextName = EmulatorFixture.Unique("c"),
            Source = new ContextSource { SourceUri = "s3://x" },
            ContextType = "Endpoint",
        });

    private Task<DescribeLineageGroupResponse> Describe(string name, SageMakerClient? caller = null) =>
        (caller ?? Sm).DescribeLineageGroupAsync(new DescribeLineageGroupRequest { LineageGroupName = name });

    private Task<GetLineageGroupPolicyResponse> Policy(string nameOrArn, SageMakerClient? caller = null) =>
        (caller ?? Sm).GetLineageGroupPolicyAsync(new GetLineageGroupPolicyRequest { LineageGroupName = nameOrArn });

    private async Task<List<string>> ListNames(ListLineageGroupsRequest query) =>
        [.. (await Sm.ListLineageGroupsAsync(query)).LineageGroupSummaries!.Select(s => s.LineageGroupName!)];

    [Fact]
    public async Task No_group_exists_before_the_accounts_first_lineage_entity()
    {
        Assert.Empty(await ListNames(new()));
        var r = await Describe(Default).Fails("ResourceNotFound");
        Assert.Equal($"Lineage group '{GroupArn(Sm.Account)}' does not exist.", r.Message);
        await Policy(Default).Fails("ResourceNotFound");
        await Policy(GroupArn(Sm.Account)).Fails("ResourceNotFound");
    }

    [Fact]
    public async Task The_first_entity_creates_exactly_one_default_group_that_describe_shows()
    {
        await FirstEntity();
        await FirstEntity();
        await Sm.CreateTrialComponentAsync(new CreateTrialComponentRequest { TrialComponentName = EmulatorFixture.Unique("tc") });

        var summary = Assert.Single((await Sm.ListLineageGroupsAsync(new())).LineageGroupSummaries!);
        Assert.Equal(GroupArn(Sm.Account), summary.LineageGroupArn);
        Assert.Equal(Default, summary.LineageGroupName);
        Assert.Equal(Default, summary.DisplayName);

        var d = await Describe(Default);
        Assert.Equal(Default, d.LineageGroupName);
        Assert.Equal(GroupArn(Sm.Account), d.LineageGroupArn);
        Assert.Equal(Default, d.DisplayName);
        Assert.NotNull(d.CreatedBy!.IamIdentity!.Arn);
        Assert.NotNull(d.LastModifiedBy!.IamIdentity!.Arn);
        Assert.Equal(summary.CreationTime, d.CreationTime);
        Assert.Equal(summary.LastModifiedTime, d.LastModifiedTime);

        await Describe("another-group").Fails("ResourceNotFound");
    }

    [Fact]
    public async Task A_group_shared_with_no_one_has_no_policy()
    {
        await FirstEntity();
        var r = await Policy(Default).Fails("ResourceNotFound");
        Assert.Equal($"Lineage group '{GroupArn(Sm.Account)}' does not have a resource policy.", r.Message);
        await Policy(GroupArn(Sm.Account)).Fails("ResourceNotFound");
    }

    [Fact]
    public async Task A_shared_group_returns_the_policy_naming_the_accounts_that_accepted()
    {
        await FirstEntity();
        var consumer = OtherAccount();
        var owner = Emulator.Ram(Sm.Account);
        await ShareAndAccept(owner, Emulator.Ram(consumer.Account));
        // A second share whose invitation stays pending: its account is not in the policy.
        await CreateShare(owner, GroupArn(Sm.Account), OtherAccount().Account);

        foreach (var key in new[] { Default, GroupArn(Sm.Account) })
        {
            var body = await Policy(key);
            Assert.Equal(GroupArn(Sm.Account), body.LineageGroupArn);
            // The policy is a JSON document inside a string member: reading its text is the point.
            var policy = JsonNode.Parse(body.ResourcePolicy!)!;
            var statement = Assert.Single(policy["Statement"]!.AsArray())!;
            Assert.Equal("FullLineageAccess", Str(statement["Sid"]));
            Assert.Equal([$"arn:aws:iam::{consumer.Account}:root"], statement["Principal"]!["AWS"]!.AsArray().Select(Str));
            Assert.Equal(GroupArn(Sm.Account), Str(statement["Resource"]));
            Assert.Contains("sagemaker:QueryLineage", statement["Action"]!.AsArray().Select(Str));
        }

        // Reading the policy or describing the group is not one of the shared actions.
        var denied = await Policy(GroupArn(Sm.Account), consumer).Fails("AccessDeniedException");
        Assert.Contains($"sagemaker:GetLineageGroupPolicy on resource: {GroupArn(Sm.Account)}", denied.Message);
    }

    [Fact]
    public async Task Another_accounts_group_is_denied_by_arn_and_describe_takes_names_only()
    {
        var owner = OtherAccount();
        await FirstEntity(owner);
        await Policy(GroupArn(owner.Account)).Fails("AccessDeniedException");
        var r = await Describe(GroupArn(owner.Account)).Fails("ValidationException");
        Assert.StartsWith($"1 validation error detected: Value '{GroupArn(owner.Account)}' at 'lineageGroupName' failed to satisfy constraint: ", r.Message);
        // A plain name means the caller's own group, which it does not have yet.
        await Describe(Default).Fails("ResourceNotFound");
        await Describe(Default, owner);
    }

    [Fact]
    public async Task ListLineageGroups_filters_sorts_ascending_by_default_and_pages_by_keyset()
    {
        // An account has one group; more are written to the store here only to exercise sorting and paging.
        await FirstEntity();
        var created = (await Describe(Default)).CreationTime!.Value;
        PutGroup("b-group", created.AddSeconds(1));
        PutGroup("a-group", created.AddSeconds(2));
        PutGroup("c-group", created.AddSeconds(3));

        Assert.Equal([Default, "b-group", "a-group", "c-group"], await ListNames(new()));
        Assert.Equal(["c-group", "a-group", "b-group", Default], await ListNames(new() { SortOrder = SortOrderValues.Descending }));
        Assert.Equal(["a-group", "b-group", "c-group", Default], await ListNames(new() { SortBy = SortLineageGroupsByValues.Name }));
        Assert.Equal(["a-group", "c-group"], await ListNames(new() { CreatedAfter = created.AddSeconds(1) }));
        Assert.Equal([Default], await ListNames(new() { CreatedBefore = created.AddSeconds(1) }));
        Assert.Equal(["b-group"], await ListNames(new() { CreatedAfter = created, CreatedBefore = created.AddSeconds(2) }));

        ListLineageGroupsRequest ByName(string? token) => new() { SortBy = SortLineageGroupsByValues.Name, MaxResults = 2, NextToken = token };
        var first = await Sm.ListLineageGroupsAsync(ByName(null));
        Assert.Equal(["a-group", "b-group"], first.LineageGroupSummaries!.Select(s => s.LineageGroupName));
        PutGroup("aa-group", created.AddSeconds(4));
        PutGroup("z-group", created.AddSeconds(5));
        var second = await Sm.ListLineageGroupsAsync(ByName(first.NextToken));
        Assert.Equal(["c-group", Default], second.LineageGroupSummaries!.Select(s => s.LineageGroupName));
        var third = await Sm.ListLineageGroupsAsync(ByName(second.NextToken));
        Assert.Equal(["z-group"], third.LineageGroupSummaries!.Select(s => s.LineageGroupName));
        Assert.Null(third.NextToken);

        await Sm.ListLineageGroupsAsync(new() { NextToken = first.NextToken }).Fails("ValidationException");
        var r = await Sm.ListLineageGroupsAsync(new() { NextToken = "%%%" }).Fails("ValidationException");
        Assert.Equal("Invalid pagination token: %%%", r.Message);
    }

    [Fact]
    public async Task ListLineageGroups_members_outside_the_model_are_coral_ValidationExceptions()
    {
        var r = await Sm.ListLineageGroupsAsync(new() { MaxResults = 101 }).Fails("ValidationException");
        Assert.Equal("1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100", r.Message);
        r = await Sm.ListLineageGroupsAsync(new() { SortBy = "Owner" }).Fails("ValidationException");
        Assert.Contains("Member must satisfy enum value set: [Name, CreationTime]", r.Message);
        r = await Sm.GetLineageGroupPolicyAsync(new()).Fails("ValidationException");
        Assert.Equal("1 validation error detected: Value null at 'lineageGroupName' failed to satisfy constraint: Member must not be null", r.Message);
    }

    private void PutGroup(string name, DateTimeOffset created) => Store.Write(tx =>
    {
        var arn = Arns.LineageGroup("us-east-1", Sm.Account, name);
        tx.Put(Store.Partition(Sm.Account, "us-east-1").LineageGroups, arn,
            new LineageGroupRecord(arn, name, name, null, created, new UserContext(), created, new UserContext()));
        return 0;
    });
}
