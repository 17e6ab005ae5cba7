using System.Text.Json.Nodes;
using LineageEmulator.State;
using LineageEmulator.State.Persistence;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.Persistence;

/// <summary>
/// Concurrent writers share one commit (one SQLite transaction, one fsync), and sharing changes none of the
/// guarantees: each write is answered only after the commit that covers it, no read answers from a write that
/// is not durable yet, and a failed shared commit undoes exactly the writes it covered (and anything applied
/// after them) and fails them all, in memory and on disk. A gate in the commit log holds the first commit open
/// while the others apply, so the group forms deterministically, not by timing.
/// </summary>
public sealed class GroupCommitTests
{
    /// <summary>Passes commits to the real log; the first waits at a gate, and a chosen one fails.</summary>
    private sealed class GatedLog(ICommitLog real, int failing) : ICommitLog
    {
        private readonly ManualResetEventSlim entered = new(), open = new();
        private int calls;

        /// <summary>The artifacts each commit carried, in commit order.</summary>
        public List<string[]> Commits { get; } = [];

        public void Commit(IReadOnlyList<Change> changes)
        {
            var call = Interlocked.Increment(ref calls);
            lock (Commits) Commits.Add([.. changes.Where(c => c.Table.Name == "artifacts").Select(c => c.Key)]);
            if (call == 1)
            {
                entered.Set();
                open.Wait(TimeSpan.FromSeconds(30));
            }
            if (call == failing) throw new IOException("No space left on device");
            real.Commit(changes);
        }

        public void WaitEntered() => Assert.True(entered.Wait(TimeSpan.FromSeconds(30)), "the first commit never started");

        public void Open() => open.Set();
    }

    private static Task<WireResult> Create(PersistentEmulator emulator, string account, string uri) =>
        emulator.SageMaker(account).Call("CreateArtifact", new JsonObject
        {
            ["ArtifactType"] = "DataSet",
            ["Source"] = new JsonObject { ["SourceUri"] = uri },
        });

    private static string[] ArtifactUris(Store store, string account) =>
        [.. EntityKinds.Artifact.In(store.FindPartition(account, "us-east-1") ?? store.Detached(account, "us-east-1")).Values
            .Select(a => a.SourceUri ?? "").Order()];

    /// <summary>
    /// Starts one write whose commit waits at the gate, then <paramref name="others"/> writes (each in a fresh
    /// account, so each also creates a partition and its default lineage group) that apply meanwhile and queue.
    /// </summary>
    private static async Task<(Task<WireResult> First, List<Task<WireResult>> Others, List<string> Accounts)> FormGroup(
        PersistentEmulator emulator, GatedLog log, string account, int others)
    {
        var first = Create(emulator, account, "s3://group/first");
        log.WaitEntered();
        var accounts = Enumerable.Range(0, others).Select(_ => EmulatorFixture.NewAccount()).ToList();
        var rest = accounts.Select((a, i) => Create(emulator, a, $"s3://group/{i}")).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (emulator.Store.QueuedWrites < others && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(others, emulator.Store.QueuedWrites);
        return (first, rest, accounts);
    }

    [Fact]
    public async Task Concurrent_writes_share_one_commit_and_each_is_answered_after_it()
    {
        using var dir = new TempDir();
        var account = EmulatorFixture.NewAccount();
        List<string> accounts;
        using (var emulator = new PersistentEmulator(dir.Path))
        {
            var log = new GatedLog(emulator.Store.Log, failing: 0);
            emulator.Store.Log = log;
            var (first, others, made) = await FormGroup(emulator, log, account, 6);
            accounts = made;

            // The read runs at once (its answer is taken under the lock) but is held back until what it saw is durable.
            var read = emulator.Store.ReadAsync(() => accounts.Sum(a => ArtifactUris(emulator.Store, a).Length));
            Assert.False(read.IsCompleted, "a read answered from writes that are not durable yet");
            Assert.DoesNotContain(others, t => t.IsCompleted);
            Assert.False(first.IsCompleted);

            log.Open();
            (await first).Ok();
            foreach (var other in others) (await other).Ok();
            Assert.Equal(6, await read);
            // The queued six were committed together: one commit after the gated one.
            Assert.Equal(2, log.Commits.Count);
            Assert.Equal(6, log.Commits[1].Length);
            Assert.Empty(StateInvariants.Check(emulator.Store));
        }
        using var reopened = StateHost.Open(dir.Path);
        Assert.Equal(["s3://group/first"], ArtifactUris(reopened.Store, account));
        Assert.Equal(6, accounts.Sum(a => ArtifactUris(reopened.Store, a).Length));
    }

    [Fact]
    public async Task A_failed_shared_commit_fails_every_write_it_covered_and_no_read_reveals_them()
    {
        using var dir = new TempDir();
        var account = EmulatorFixture.NewAccount();
        string memory;
        using (var emulator = new PersistentEmulator(dir.Path))
        {
            var log = new GatedLog(emulator.Store.Log, failing: 2);
            emulator.Store.Log = log;
            var (first, others, accounts) = await FormGroup(emulator, log, account, 5);
            var read = emulator.Store.ReadAsync(() => accounts.Sum(a => ArtifactUris(emulator.Store, a).Length));

            log.Open();
            (await first).Ok();
            foreach (var other in others) (await other).Error("InternalFailure", 500);
            // The read saw the five applied; they were undone, so it was answered again without them.
            Assert.Equal(0, await read);
            Assert.Equal(5, log.Commits[1].Length);
            // Undone exactly: the fresh accounts' partitions (and their default lineage groups) are gone, the first write stays.
            Assert.All(accounts, a => Assert.Null(emulator.Store.FindPartition(a, "us-east-1")));
            Assert.Equal(["s3://group/first"], ArtifactUris(emulator.Store, account));
            Assert.Empty(StateInvariants.Check(emulator.Store));

            // The disk works again: the next writes commit, and memory is what the file holds.
            (await Create(emulator, account, "s3://group/after")).Ok();
            memory = StateExport.Of(emulator.Store);
        }
        using var reopened = StateHost.Open(dir.Path);
        Assert.Equal(memory, StateExport.Of(reopened.Store));
    }

    [Fact]
    public async Task A_call_decided_on_a_write_that_is_then_undone_is_decided_again_without_it()
    {
        using var dir = new TempDir();
        using var emulator = new PersistentEmulator(dir.Path);
        var account = EmulatorFixture.NewAccount();
        var log = new GatedLog(emulator.Store.Log, failing: 2);
        emulator.Store.Log = log;
        var first = Create(emulator, account, "s3://group/first");
        log.WaitEntered();
        var name = EmulatorFixture.Unique("ctx");
        var taken = emulator.SageMaker(account).Call("CreateContext", new JsonObject
        {
            ["ContextName"] = name, ["ContextType"] = "Endpoint", ["Source"] = new JsonObject { ["SourceUri"] = "s3://c" },
        });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (emulator.Store.QueuedWrites < 1 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(1, emulator.Store.QueuedWrites);
        // A write that finds the name taken changes nothing, but its answer (a CreateContext would refuse the
        // name) comes from the queued write: it is decided now and answered only once that write is durable.
        string Decide(Transaction _) =>
            emulator.Store.FindPartition(account, "us-east-1")?.ArnByName(EntityKinds.Context, name) is null ? "free" : "taken";
        var decided = emulator.Store.WriteAsync(Decide);
        Assert.False(decided.IsCompleted, "a call answered from a write that is not durable yet");

        log.Open();
        (await first).Ok();
        (await taken).Error("InternalFailure", 500);
        // The write it saw was undone, so it was decided again on the state without it.
        Assert.Equal("free", await decided);
    }
}
