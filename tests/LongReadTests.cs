using System.Text.Json.Nodes;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.State;
using LineageEmulator.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LineageEmulator.Tests;

/// <summary>
/// A long QueryLineage or Search lets waiting writers in as it goes (issue 11: "readers must not hold back writers
/// for the length of a long query") and still answers from one state: it goes on when the writes it let in changed
/// nothing it had used, and starts again when one did. The store's pause hook starts a writer at the first point where the
/// walk could pause and returns once that writer waits for the lock, so each case happens by construction, not
/// by timing. Each test has an emulator of its own, since the hook is the store's.
/// </summary>
public sealed class LongReadTests : IDisposable
{
    private readonly EmulatorFixture emulator = new();
    private readonly string account = EmulatorFixture.NewAccount();
    private Store Store => emulator.Services.GetRequiredService<Store>();

    public void Dispose() => emulator.Dispose();

    // A star big enough that walking it both ways takes several hundred steps, so the walk passes pause points.
    private const int Leaves = 300;

    private async Task<(string Hub, string[] Leaves)> Star()
    {
        var sm = emulator.SageMaker(account);
        var hub = await sm.Artifact("Hub");
        var leaves = new string[Leaves];
        for (var i = 0; i < Leaves; i++)
        {
            leaves[i] = await sm.Artifact("Leaf");
            await sm.Associate(hub, leaves[i]);
        }
        return (hub, leaves);
    }

    // The star, and one vertex outside it that a test connects to the hub while a walk runs.
    private async Task<(string Hub, SageMakerClient Sm, string Late)> StarAndALateVertex()
    {
        var (hub, _) = await Star();
        var sm = emulator.SageMaker(account);
        return (hub, sm, await sm.Artifact("Late"));
    }

    // The walk covers the whole star; the filter returns only the few vertices a test adds (and the hub, on their
    // paths), so one page shows all of them.
    private Task<QueryLineageResponse> Query(string start, string type = "Late") => emulator.SageMaker(account).QueryLineageAsync(new QueryLineageRequest
    {
        StartArns = [start], Direction = "Both", IncludeEdges = true, MaxDepth = 3, MaxResults = 50,
        Filters = new QueryFilters { Types = [type] },
    });

    private static string Shape(QueryLineageResponse r) =>
        string.Join(",", r.Vertices!.Select(v => v.Arn)) + " / " + string.Join(",", r.Edges!.Select(e => e.SourceArn + ">" + e.DestinationArn)) + " / " + r.NextToken;

    // The store's version each time a read reached a point where it could pause.
    private readonly List<long> versionsAtPausePoints = [];

    /// <summary>
    /// At each of the first <paramref name="times"/> points where a read may pause, starts <paramref name="write"/> on
    /// another thread and waits until it is queued for the store's lock. The writes, in the order started.
    /// </summary>
    private List<Task> WriteAtPausePoints(int times, Func<int, Task> write)
    {
        var started = new List<Task>();
        versionsAtPausePoints.Clear();
        Store.PauseHook = () =>
        {
            versionsAtPausePoints.Add(Store.Version);
            if (started.Count >= times) return;
            var waiting = Store.WritersWaiting;
            started.Add(Task.Run(() => write(started.Count - 1)));
            // Bounded: the write reaches the lock within moments, or the test fails below rather than hanging.
            var until = DateTime.UtcNow.AddSeconds(20);
            while (Store.WritersWaiting == waiting && DateTime.UtcNow < until) Thread.Sleep(1);
        };
        return started;
    }

    [Fact]
    public async Task A_walk_goes_on_after_letting_in_a_write_that_touches_nothing_it_used()
    {
        var (hub, _) = await Star();
        var before = Shape(await Query(hub, "Leaf"));
        var elsewhere = emulator.SageMaker(EmulatorFixture.NewAccount());
        var stale = Store.ReadsRunAgain;

        var writes = WriteAtPausePoints(1, _ => elsewhere.Artifact("Elsewhere"));
        var during = Shape(await Query(hub, "Leaf"));
        Store.PauseHook = null;

        _ = Assert.Single(writes);
        await Task.WhenAll(writes);
        // The write landed while the walk was paused (the walk went on past more pause points after it) and did
        // not make it start again.
        Assert.True(versionsAtPausePoints[^1] > versionsAtPausePoints[0], "the write landed while the query ran");
        Assert.Equal(stale, Store.ReadsRunAgain);
        Assert.Equal(before, during);
    }

    [Fact]
    public async Task A_walk_starts_again_when_a_write_it_let_in_changes_an_edge_it_walked()
    {
        var (hub, sm, late) = await StarAndALateVertex();
        var stale = Store.ReadsRunAgain;

        // The hub is the walk's start: every edge at it is one the walk has used.
        var writes = WriteAtPausePoints(1, _ => sm.Associate(hub, late));
        var during = await Query(hub);
        Store.PauseHook = null;
        await Task.WhenAll(writes);

        Assert.Equal(stale + 1, Store.ReadsRunAgain);
        // The answer is the walk of the state after the write, as a query made after it answers.
        Assert.Equal(Shape(await Query(hub)), Shape(during));
        Assert.Contains(late, during.Vertices!.Select(v => v.Arn));
    }

    [Fact]
    public async Task A_walk_that_keeps_meeting_changes_to_its_graph_ends_holding_the_lock()
    {
        var (hub, _) = await Star();
        var sm = emulator.SageMaker(account);
        var late = new[] { await sm.Artifact("Late"), await sm.Artifact("Late"), await sm.Artifact("Late") };
        var stale = Store.ReadsRunAgain;

        // A change to the hub's edges offered at every pause point, three times: the walk starts again twice,
        // then walks without pausing at all, so the third write is never started.
        var writes = WriteAtPausePoints(3, i => sm.Associate(hub, late[i]));
        var during = await Query(hub);
        Store.PauseHook = null;
        await Task.WhenAll(writes);

        Assert.Equal(stale + 2, Store.ReadsRunAgain);
        Assert.Equal(2, writes.Count);
        Assert.Equal([hub, .. late[..2].Order(StringComparer.Ordinal)], during.Vertices!.Select(v => v.Arn));
        Assert.Equal(Shape(await Query(hub)), Shape(during));
    }

    [Fact]
    public async Task A_walk_starts_again_when_sharing_changes_while_it_waits()
    {
        var (hub, _) = await Star();
        var stale = Store.ReadsRunAgain;
        // Which vertices another account may read depends on the RAM tables, so any change to them counts.
        var writes = WriteAtPausePoints(1, _ => emulator.Ram(account).Post("/createresourceshare", new JsonObject { ["name"] = "s" }));
        var during = await Query(hub);
        Store.PauseHook = null;
        await Task.WhenAll(writes);

        Assert.Equal(stale + 1, Store.ReadsRunAgain);
        Assert.Equal(Shape(await Query(hub)), Shape(during));
    }

    [Fact]
    public async Task A_long_read_past_the_limit_waits_for_a_place_without_the_lock_and_then_checks_what_changed()
    {
        // Long reads run one per core at most, so each reaches its pause points at full speed and a writer waits
        // for no walk that only shares a core. Here every place is taken, so the walk waits for one at its first
        // pause point; it must not hold the lock meanwhile, and a write made while it waited is checked like one
        // let in by a pause.
        var (hub, sm, late) = await StarAndALateVertex();
        var stale = Store.ReadsRunAgain;
        var places = Environment.ProcessorCount;
        for (var i = 0; i < places; i++) Assert.True(Store.LongReads.Wait(0), "no long read is running");
        var atPausePoint = new SemaphoreSlim(0);
        Store.PauseHook = () => atPausePoint.Release();
        Task<QueryLineageResponse> query;
        try
        {
            query = Task.Run(() => Query(hub));
            Assert.True(await atPausePoint.WaitAsync(TimeSpan.FromSeconds(20)), "the walk reached a pause point");
            Store.PauseHook = null;
            // The write completes while the walk waits: it would wait for the places otherwise (bounded, so a
            // regression fails here rather than hanging).
            await sm.Associate(hub, late).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.False(query.IsCompleted, "the walk is still waiting for a place");
        }
        finally
        {
            Store.PauseHook = null;
            Store.LongReads.Release(places);
        }
        var during = await query;

        Assert.Equal(stale + 1, Store.ReadsRunAgain);
        Assert.Contains(late, during.Vertices!.Select(v => v.Arn));
        Assert.Equal(Shape(await Query(hub)), Shape(during));
        // Every place is given back when the reads end.
        Assert.Equal(places, Store.LongReads.CurrentCount);
    }

    private async Task<string[]> Components(string owner, int count)
    {
        var sm = emulator.SageMaker(owner);
        var made = new string[count];
        for (var i = 0; i < count; i++)
            made[i] = (await sm.CreateTrialComponentAsync(new CreateTrialComponentRequest { TrialComponentName = EmulatorFixture.Unique("tc") })).TrialComponentArn!;
        return made;
    }

    private async Task<(long Total, string[] Page)> SearchComponents()
    {
        var r = await emulator.SageMaker(account).SearchAsync(new SearchRequest { Resource = "ExperimentTrialComponent", MaxResults = 100 });
        return (r.TotalHits!.Value!.Value, [.. r.Results!.Select(x => x.TrialComponent!.TrialComponentArn!)]);
    }

    [Fact]
    public async Task A_search_goes_on_past_writes_to_other_accounts_and_starts_again_after_one_to_its_own()
    {
        await Components(account, 100);
        var before = await SearchComponents();
        var stale = Store.ReadsRunAgain;

        var elsewhere = WriteAtPausePoints(1, _ => Components(EmulatorFixture.NewAccount(), 1));
        var during = await SearchComponents();
        Store.PauseHook = null;
        await Task.WhenAll(elsewhere);
        Assert.True(versionsAtPausePoints[^1] > versionsAtPausePoints[0], "the write landed while the search ran");
        Assert.Equal(stale, Store.ReadsRunAgain);
        Assert.Equal(before.Total, during.Total);
        Assert.Equal(before.Page, during.Page);

        string[] added = [];
        var here = WriteAtPausePoints(1, async _ => added = await Components(account, 1));
        during = await SearchComponents();
        Store.PauseHook = null;
        await Task.WhenAll(here);
        Assert.Equal(stale + 1, Store.ReadsRunAgain);
        // Sorted by LastModifiedTime, newest first (the documented default): the new component leads the page.
        Assert.Equal(101, during.Total);
        Assert.Equal(added[0], during.Page[0]);
    }
}
