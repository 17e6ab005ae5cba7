using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.State;
using LineageEmulator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>
/// A clock that moves one second every time it is read, so every request of a test gets its own,
/// strictly later time: creation-time sorts and CreatedAfter/CreatedBefore filters are then exact.
/// </summary>
public sealed class TickingClock : TimeProvider
{
    private long ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Add(ref ticks, TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public static void Install(EmulatorFixture emulator)
    {
        var options = emulator.Services.GetRequiredService<EmulatorOptions>();
        if (options.Clock is not TickingClock) options.Clock = new TickingClock();
    }

    public static EmulatorFixture InstallOn(EmulatorFixture emulator)
    {
        Install(emulator);
        return emulator;
    }
}

/// <summary>What the lineage tests share: a fresh account per test, store access, JSON helpers.</summary>
public abstract class LineageTestBase
{
    protected LineageTestBase(EmulatorFixture emulator)
    {
        Emulator = emulator;
        TickingClock.Install(emulator);
        Sm = emulator.SageMaker(EmulatorFixture.NewAccount());
    }

    protected EmulatorFixture Emulator { get; }

    /// <summary>The caller of the test, in an account no other test uses.</summary>
    protected SageMakerClient Sm { get; }

    protected Store Store => Emulator.Services.GetRequiredService<Store>();

    protected SageMakerClient OtherAccount() => Emulator.SageMaker(EmulatorFixture.NewAccount());

    /// <summary>Runs a raw call that must fail with the given code and asserts it changed no state of the caller.</summary>
    protected Task<WireResult> Rejected(Func<Task<WireResult>> call, string code, string? account = null) =>
        ChangingNothing(async () => (await call()).Error(code), account);

    /// <summary>Runs a typed call that must fail with the given code and asserts it changed no state of the caller.</summary>
    protected Task<AwsError> Rejected<T>(Func<Task<T>> call, string code, string? account = null) =>
        ChangingNothing(() => call().Fails(code), account);

    private async Task<TResult> ChangingNothing<TResult>(Func<Task<TResult>> call, string? account)
    {
        var before = StateSnapshot.Of(Store, account ?? Sm.Account);
        var result = await call();
        Assert.Empty(before.ChangesTo(StateSnapshot.Of(Store, account ?? Sm.Account)));
        return result;
    }

    /// <summary>
    /// Writes an association straight into the store, owned by the given account, as AddAssociation would;
    /// the operation itself is implemented elsewhere.
    /// </summary>
    protected void PutAssociation(string sourceArn, string destinationArn, string ownerAccount) => Store.Write(tx =>
    {
        var edge = new AssociationRecord(sourceArn, destinationArn, AssociationEdgeTypeValues.ContributedTo, ownerAccount,
            DateTimeOffset.UtcNow, new UserContext());
        tx.Put(Store.Partition(ownerAccount, "us-east-1").Associations, edge.Key, edge);
        return 0;
    });

    protected static string Str(JsonNode? node) => node!.GetValue<string>();

    protected static JsonObject Source(string uri) => new() { ["SourceUri"] = uri };

    protected static JsonArray TagList(params (string Key, string Value)[] tags) =>
        [.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })];
}
