using LineageEmulator.Model.SageMaker;
using LineageEmulator.State;
using Microsoft.Extensions.DependencyInjection;

namespace LineageEmulator.Tests.Infrastructure;

/// <summary>
/// Writes lineage entities straight through the store, for tests that need times the API cannot give
/// (the Action/Context/TrialComponent APIs are covered by their own tests). Sharing is never seeded: tests
/// share through the RAM API (<see cref="Ram.RamHelpers.ShareAndAccept(RamClient, RamClient)"/>).
/// </summary>
public static class LineageSeed
{
    public static readonly DateTimeOffset Old = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset OldModified = new(2021, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static Store Store(this EmulatorFixture emulator) => emulator.Services.GetRequiredService<Store>();

    private static UserContext Who(string account) =>
        new() { IamIdentity = new IamIdentity { Arn = $"arn:aws:iam::{account}:root", PrincipalId = account } };

    /// <summary>An action created in 2020 and last modified in 2021.</summary>
    public static string PutAction(this EmulatorFixture emulator, string account, string actionType,
        Dictionary<string, string>? properties = null, string region = "us-east-1")
    {
        var name = EmulatorFixture.Unique("action");
        var arn = EntityKinds.Action.ArnOf(region, account, name);
        var record = new ActionRecord(arn, name, new ActionSource { SourceUri = "s3://seed/" + name }, actionType, null,
            ActionStatusValues.Completed, properties, null, Old, Who(account), OldModified, Who(account));
        return Put(emulator, account, region, p => EntityKinds.Action.In(p), arn, record);
    }

    /// <summary>A context created in 2020 and last modified in 2021.</summary>
    public static string PutContext(this EmulatorFixture emulator, string account, string contextType,
        Dictionary<string, string>? properties = null, string region = "us-east-1")
    {
        var name = EmulatorFixture.Unique("context");
        var arn = EntityKinds.Context.ArnOf(region, account, name);
        var record = new ContextRecord(arn, name, new ContextSource { SourceUri = "s3://seed/" + name }, contextType, null,
            properties, Old, Who(account), OldModified, Who(account));
        return Put(emulator, account, region, p => EntityKinds.Context.In(p), arn, record);
    }

    /// <summary>A trial component created in 2020 and last modified in 2021.</summary>
    public static string PutTrialComponent(this EmulatorFixture emulator, string account, string region = "us-east-1")
    {
        var name = EmulatorFixture.Unique("tc");
        var arn = EntityKinds.TrialComponent.ArnOf(region, account, name);
        var record = new TrialComponentRecord(arn, name, null, null, null, null, null, null, null, null,
            Old, Who(account), OldModified, Who(account));
        return Put(emulator, account, region, p => EntityKinds.TrialComponent.In(p), arn, record);
    }

    private static string Put<T>(EmulatorFixture emulator, string account, string region, Func<Partition, Table<T>> table,
        string arn, T record) where T : class
    {
        var store = emulator.Store();
        store.Write(tx =>
        {
            tx.Put(table(store.Partition(account, region)), arn, record);
            return 0;
        });
        return arn;
    }
}

/// <summary>The calls the lineage tests repeat: create an artifact, add an edge.</summary>
public static class LineageCalls
{
    public static async Task<string> Artifact(this SageMakerClient sm, string artifactType, Dictionary<string, string>? properties = null) =>
        (await sm.CreateArtifactAsync(new CreateArtifactRequest
        {
            ArtifactName = EmulatorFixture.Unique("art"),
            Source = new ArtifactSource { SourceUri = "s3://bucket/" + EmulatorFixture.Unique("data") },
            ArtifactType = artifactType,
            Properties = properties,
        })).ArtifactArn!;

    public static Task<AddAssociationResponse> Associate(this SageMakerClient sm, string source, string destination, string? type = null) =>
        sm.AddAssociationAsync(new AddAssociationRequest { SourceArn = source, DestinationArn = destination, AssociationType = type });
}
