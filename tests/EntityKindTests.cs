using LineageEmulator.Model.SageMaker;
using LineageEmulator.Operational;
using LineageEmulator.Services.SageMaker;
using LineageEmulator.State;

namespace LineageEmulator.Tests;

/// <summary>
/// Every kind in the entity-kind registry has all of its parts: an ARN that leads back to it, a table that
/// saves and loads its rows, a name index when it is named, its List operation's orders, a Describe operation in
/// the model, and a place in the whole-state rules (invariants, lookups, reset) that read the registry. A new kind that lacks a sample
/// row here, or any part, fails this test.
/// </summary>
public sealed class EntityKindTests
{
    private const string Account = "111122223333";
    private const string Region = "us-east-1";
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2024-05-06T07:08:09.123Z");
    private static readonly UserContext Me = new() { IamIdentity = new IamIdentity { Arn = $"arn:aws:iam::{Account}:root", PrincipalId = Account } };

    /// <summary>One row of each kind, made from its ARN and name.</summary>
    private static readonly Dictionary<string, Func<string, string, ILineageEntity>> Samples = new()
    {
        ["artifact"] = (arn, name) => new ArtifactRecord(arn, name, new ArtifactSource { SourceUri = "s3://kind/" + name }, "DataSet",
            null, null, T0, Me, T0, Me),
        ["action"] = (arn, name) => new ActionRecord(arn, name, new ActionSource { SourceUri = "s3://kind" }, "Training", null, null,
            null, null, T0, Me, T0, Me),
        ["context"] = (arn, name) => new ContextRecord(arn, name, new ContextSource { SourceUri = "s3://kind" }, "Endpoint", null, null,
            T0, Me, T0, Me),
        ["experiment-trial-component"] = (arn, name) => new TrialComponentRecord(arn, name, null, null, null, null, null, null, null,
            null, T0, Me, T0, Me),
        ["experiment"] = (arn, name) => new ExperimentRecord(arn, name, null, null, null, T0, Me, T0, Me),
        ["experiment-trial"] = (arn, name) => new TrialRecord(arn, name, null, "experiment", null, null, T0, Me, T0, Me),
    };

    public static TheoryData<string> Kinds() => [.. EntityKinds.All.Select(k => k.ResourceType)];

    [Fact]
    public void Kinds_are_unique_by_resource_type_and_table()
    {
        Assert.Equal(EntityKinds.All.Count, EntityKinds.All.Select(k => k.ResourceType).Distinct().Count());
        Assert.Equal(EntityKinds.All.Count, EntityKinds.All.Select(k => k.TableName).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_kind_has_every_part(string resourceType)
    {
        var kind = EntityKinds.Of(resourceType)!;
        Assert.True(Samples.TryGetValue(resourceType, out var sample), $"{resourceType}: add a sample row to {nameof(EntityKindTests)}");

        // The ARN leads back to the kind.
        var name = "Kind-" + Guid.NewGuid().ToString("N")[..8];
        var arn = kind.ArnOf(Region, Account, name);
        Assert.True(Arn.TryParse(arn, out var parsed));
        Assert.Equal(resourceType, parsed.ResourceType);
        Assert.Same(kind, EntityKinds.OfArn(arn));

        // The model has its Describe operation, and the emulator binds it.
        // ... and its request member names the entity: the ARN given there is the one the operation declares it touches.
        Assert.Contains(SageMakerOperations.All, o => o.Name == kind.DescribeOperation);
        var describe = SageMakerService.BuildTable().Table.Find(kind.DescribeOperation);
        Assert.NotNull(describe);
        // A kind described by name only (experiments, trials) declares no resources: a name is always the caller's own.
        Assert.Equal(kind.DescribedByArn ? [arn] : [],
            describe.Resources(describe.Deserialize(System.Text.Encoding.UTF8.GetBytes($$"""{"{{kind.DescribeMember}}":"{{kind.DescribeKey(arn)}}"}"""))));

        var store = new Store();
        var partition = store.Partition(Account, Region);
        var row = sample(arn, name);
        Assert.True(LineageTypeValues.All.Contains(row.LineageType), $"{row.LineageType} is not a LineageType");
        store.Write(tx =>
        {
            tx.Set(kind.TableIn(partition), arn, row);
            return 0;
        });

        // Lookups and the name index find it; its table is saved with the others and round-trips.
        Assert.Same(row, kind.Find(partition, arn));
        Assert.Contains(kind.TableIn(partition), partition.AllTables);
        if (kind.Named) Assert.Equal(arn, partition.ArnByName(kind, name.ToUpperInvariant()));
        // Its List operation's orders hold it: creation order, Name order when named, source order when it has one.
        Assert.Contains(row, partition.InCreationOrder(kind, row.EntityType ?? "").SelectMany(p => p.Ascending(_ => true)));
        if (kind.Named) Assert.Contains(row, partition.InNameOrder(kind)!.Ascending(_ => true));
        if (kind.ListedSource(row) is not null) Assert.Contains(row, partition.InSourceOrder(kind)!.Ascending(_ => true));
        var table = kind.TableIn(partition);
        Assert.Equal(table.Serialize(row), table.Serialize(table.Deserialize(table.Serialize(row))));

        // The invariants see it (an entity needs its account's lineage group), and a reset removes it.
        Assert.Contains(StateInvariants.Check(store), p => p.Contains("without the default lineage group"));
        StateCommands.Reset(store, Account);
        Assert.Null(kind.Find(partition, arn));
        Assert.Empty(partition.InCreationOrder(kind));
        Assert.Empty(StateInvariants.Check(store));
    }
}
