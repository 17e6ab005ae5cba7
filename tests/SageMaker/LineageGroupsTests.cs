using System.Text.Json.Nodes;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.State;
using LineageEmulator.Tests.Infrastructure;
using LineageEmulator.Model.Ram;
using static LineageEmulator.Tests.Infrastructure.JsonValues;

namespace LineageEmulator.Tests.SageMaker;

public sealed class LineageGroupsTests(EmulatorFixture emulator) : LineageTestBase(emulator), IClassFixture<EmulatorFixture>
{
    private const string Default = "sagemaker-default-lineage-group";

    private string GroupArn(string account) => $"arn:aws:sagemaker:us-east-1:{account}:lineage-group/{Default}";

    private async Task<JsonNode> FirstEntity(SageMakerClient? caller = null) =>
        (await (caller ?? Sm).Call("CreateContext", new JsonObject
        {
            ["ContextName"] = EmulatorFixture.Unique("c"),
            ["Source"] = Source("s3://x"),
            ["ContextType"] = "Endpoint",
        })).Ok();

    private Task<WireResult> Describe(string name, SageMakerClient? caller = null) =>
        (caller ?? Sm).Call("DescribeLineageGroup", new JsonObject { ["LineageGroupName"] = name });

    private Task<WireResult> Policy(string nameOrArn, SageMakerClient? caller = null) =>
        (caller ?? Sm).Call("GetLineageGroupPolicy", new JsonObject { ["LineageGroupName"] = nameOrArn });

    private async Task<List<string>> ListNames(JsonObject query) =>
        Strings((await Sm.Call("ListLineageGroups", query)).Ok()["LineageGroupSummaries"], "LineageGroupName");

    [Fact]
    public async Task No_group_exists_before_the_accounts_first_lineage_entity()
    {
        Assert.Empty(await ListNames([]));
        var r = (await Describe(Default)).Error("ResourceNotFound");
        Assert.Equal($"Lineage group '{GroupArn(Sm.Account)}' does not exist.", r.Message);
        (await Policy(Default)).Error("ResourceNotFound");
        (await Policy(GroupArn(Sm.Account))).Error("ResourceNotFound");
    }

    [Fact]
    public async Task The_first_entity_creates_exactly_one_default_group_that_describe_shows()
    {
        await FirstEntity();
        await FirstEntity();
        (await Sm.Call("CreateTrialComponent", new JsonObject { ["TrialComponentName"] = EmulatorFixture.Unique("tc") })).Ok();

        var summaries = (await Sm.Call("ListLineageGroups", "{}")).Ok()["LineageGroupSummaries"]!.AsArray();
        var summary = Assert.Single(summaries)!;
        Assert.Equal(GroupArn(Sm.Account), Str(summary["LineageGroupArn"]));
        Assert.Equal(Default, Str(summary["LineageGroupName"]));
        Assert.Equal(Default, Str(summary["DisplayName"]));

        var d = (await Describe(Default)).Ok();
        Assert.Equal(Default, Str(d["LineageGroupName"]));
        Assert.Equal(GroupArn(Sm.Account), Str(d["LineageGroupArn"]));
        Assert.Equal(Default, Str(d["DisplayName"]));
        Assert.NotNull(d["CreatedBy"]!["IamIdentity"]!["Arn"]);
        Assert.NotNull(d["LastModifiedBy"]!["IamIdentity"]!["Arn"]);
        Assert.Equal(summary["CreationTime"]!.GetValue<decimal>(), d["CreationTime"]!.GetValue<decimal>());
        Assert.Equal(summary["LastModifiedTime"]!.GetValue<decimal>(), d["LastModifiedTime"]!.GetValue<decimal>());

        (await Describe("another-group")).Error("ResourceNotFound");
    }

    [Fact]
    public async Task A_group_shared_with_no_one_has_no_policy()
    {
        await FirstEntity();
        var r = (await Policy(Default)).Error("ResourceNotFound");
        Assert.Equal($"Lineage group '{GroupArn(Sm.Account)}' does not have a resource policy.", r.Message);
        (await Policy(GroupArn(Sm.Account))).Error("ResourceNotFound");
    }

    [Fact]
    public async Task A_shared_group_returns_the_policy_naming_the_accounts_that_accepted()
    {
        await FirstEntity();
        var consumer = OtherAccount();
        Share(Sm.Account, consumer.Account, accepted: true);
        Share(Sm.Account, OtherAccount().Account, accepted: false);

        foreach (var key in new[] { Default, GroupArn(Sm.Account) })
        {
            var body = (await Policy(key)).Ok();
            Assert.Equal(GroupArn(Sm.Account), Str(body["LineageGroupArn"]));
            var policy = JsonNode.Parse(Str(body["ResourcePolicy"]))!;
            var statement = Assert.Single(policy["Statement"]!.AsArray())!;
            Assert.Equal("FullLineageAccess", Str(statement["Sid"]));
            Assert.Equal([$"arn:aws:iam::{consumer.Account}:root"], statement["Principal"]!["AWS"]!.AsArray().Select(Str));
            Assert.Equal(GroupArn(Sm.Account), Str(statement["Resource"]));
            Assert.Contains("sagemaker:QueryLineage", statement["Action"]!.AsArray().Select(Str));
        }

        // Reading the policy or describing the group is not one of the shared actions.
        var denied = (await Policy(GroupArn(Sm.Account), consumer)).Error("AccessDeniedException");
        Assert.Contains($"sagemaker:GetLineageGroupPolicy on resource: {GroupArn(Sm.Account)}", denied.Message);
    }

    [Fact]
    public async Task Another_accounts_group_is_denied_by_arn_and_describe_takes_names_only()
    {
        var owner = OtherAccount();
        await FirstEntity(owner);
        (await Policy(GroupArn(owner.Account))).Error("AccessDeniedException");
        var r = (await Describe(GroupArn(owner.Account))).Error("ValidationException");
        Assert.StartsWith($"1 validation error detected: Value '{GroupArn(owner.Account)}' at 'lineageGroupName' failed to satisfy constraint: ", r.Message);
        // A plain name means the caller's own group, which it does not have yet.
        (await Describe(Default)).Error("ResourceNotFound");
        (await Describe(Default, owner)).Ok();
    }

    [Fact]
    public async Task ListLineageGroups_filters_sorts_ascending_by_default_and_pages_by_keyset()
    {
        // An account has one group; more are written to the store here only to exercise sorting and paging.
        await FirstEntity();
        var created = (await Describe(Default)).Ok()["CreationTime"]!.GetValue<decimal>();
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds((long)(created * 1000));
        PutGroup("b-group", t0.AddSeconds(1));
        PutGroup("a-group", t0.AddSeconds(2));
        PutGroup("c-group", t0.AddSeconds(3));

        Assert.Equal([Default, "b-group", "a-group", "c-group"], await ListNames([]));
        Assert.Equal(["c-group", "a-group", "b-group", Default], await ListNames(new JsonObject { ["SortOrder"] = "Descending" }));
        Assert.Equal(["a-group", "b-group", "c-group", Default], await ListNames(new JsonObject { ["SortBy"] = "Name" }));
        Assert.Equal(["a-group", "c-group"], await ListNames(new JsonObject { ["CreatedAfter"] = created + 1 }));
        Assert.Equal([Default], await ListNames(new JsonObject { ["CreatedBefore"] = created + 1 }));
        Assert.Equal(["b-group"], await ListNames(new JsonObject { ["CreatedAfter"] = created, ["CreatedBefore"] = created + 2 }));

        var query = new JsonObject { ["SortBy"] = "Name", ["MaxResults"] = 2 };
        var first = (await Sm.Call("ListLineageGroups", query)).Ok();
        Assert.Equal(["a-group", "b-group"], Strings(first["LineageGroupSummaries"], "LineageGroupName"));
        PutGroup("aa-group", t0.AddSeconds(4));
        PutGroup("z-group", t0.AddSeconds(5));
        var next = query.DeepClone().AsObject();
        next["NextToken"] = Str(first["NextToken"]);
        var second = (await Sm.Call("ListLineageGroups", next)).Ok();
        Assert.Equal(["c-group", Default], Strings(second["LineageGroupSummaries"], "LineageGroupName"));
        next["NextToken"] = Str(second["NextToken"]);
        var third = (await Sm.Call("ListLineageGroups", next)).Ok();
        Assert.Equal(["z-group"], Strings(third["LineageGroupSummaries"], "LineageGroupName"));
        Assert.Null(third["NextToken"]);

        (await Sm.Call("ListLineageGroups", new JsonObject { ["NextToken"] = Str(first["NextToken"]) })).Error("ValidationException");
        var r = (await Sm.Call("ListLineageGroups", new JsonObject { ["NextToken"] = "%%%" })).Error("ValidationException");
        Assert.Equal("Invalid pagination token: %%%", r.Message);
    }

    [Fact]
    public async Task ListLineageGroups_members_outside_the_model_are_coral_ValidationExceptions()
    {
        var r = (await Sm.Call("ListLineageGroups", new JsonObject { ["MaxResults"] = 101 })).Error("ValidationException");
        Assert.Equal("1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100", r.Message);
        r = (await Sm.Call("ListLineageGroups", new JsonObject { ["SortBy"] = "Owner" })).Error("ValidationException");
        Assert.Contains("Member must satisfy enum value set: [Name, CreationTime]", r.Message);
        r = (await Sm.Call("GetLineageGroupPolicy", "{}")).Error("ValidationException");
        Assert.Equal("1 validation error detected: Value null at 'lineageGroupName' failed to satisfy constraint: Member must not be null", r.Message);
    }

    private void PutGroup(string name, DateTimeOffset created) => Store.Write(tx =>
    {
        var arn = $"arn:aws:sagemaker:us-east-1:{Sm.Account}:lineage-group/{name}";
        tx.Put(Store.Partition(Sm.Account, "us-east-1").LineageGroups, arn,
            new LineageGroupRecord(arn, name, name, null, created, new UserContext(), created, new UserContext()));
        return 0;
    });

    /// <summary>
    /// Shares the owner's default group with an account the way RAM leaves it: an active share, the group
    /// and the principal associated, and an invitation (accepted or still pending).
    /// </summary>
    private void Share(string owner, string consumer, bool accepted) => Store.Write(tx =>
    {
        var now = DateTimeOffset.UtcNow;
        var p = Store.Partition(owner, "us-east-1");
        var share = $"arn:aws:ram:us-east-1:{owner}:resource-share/{Guid.NewGuid()}";
        tx.Put(p.Shares, share, new ResourceShareRecord(share, "lineage", owner, true, ResourceShareStatusValues.ACTIVE, null, [],
            ["arn:aws:ram::aws:permission/AWSRAMDefaultPermissionSageMakerLineageGroup"], now, now));
        foreach (var (entity, type) in new[] { (p.DefaultLineageGroupArn, ResourceShareAssociationTypeValues.RESOURCE), (consumer, ResourceShareAssociationTypeValues.PRINCIPAL) })
        {
            var a = new ShareAssociationRecord(share, "lineage", entity, type, ResourceShareAssociationStatusValues.ASSOCIATED, null, true, now, now, now);
            tx.Put(p.ShareAssociations, a.Key, a);
        }
        var invitation = $"arn:aws:ram:us-east-1:{owner}:resource-share-invitation/{Guid.NewGuid()}";
        tx.Put(p.Invitations, invitation, new InvitationRecord(invitation, share, "lineage", owner, consumer,
            accepted ? ResourceShareInvitationStatusValues.ACCEPTED : ResourceShareInvitationStatusValues.PENDING, now));
        return 0;
    });
}
