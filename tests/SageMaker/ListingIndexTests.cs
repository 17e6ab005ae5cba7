using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LineageEmulator.Hosting;
using LineageEmulator.Model.SageMaker;
using LineageEmulator.State;
using LineageEmulator.Tests.Infrastructure;
using LineageEmulator.Tests.Persistence;

namespace LineageEmulator.Tests.SageMaker;

/// <summary>
/// The List operations read their pages from indexes (listings split by type, source orders, creation orders) from the
/// token's position. Whatever index answers, every page must be exactly the page of a plain filter and sort over the
/// stored rows, and each NextToken must name the last item's sort key and id, for every combination of filters, SortBy
/// and SortOrder; and still so after deletes, after a write that was undone, and after the state is loaded again from
/// disk (which brings associations before the entities at their ends).
/// The documented rules the reference applies: ListAssociations sorts by CreationTime and Descending by default and
/// its CreatedAfter/CreatedBefore are inclusive ("on or after"); so are ListArtifacts', ListActions' and ListContexts';
/// ListTrialComponents', ListExperiments' and ListTrials' are strict ("after"); every list defaults to CreationTime,
/// Descending (SageMaker API reference for each operation). Ties break on the item's id (the emulator's choice).
/// </summary>
public sealed class ListingIndexTests
{
    private const string Region = "us-east-1";
    private const int PageSize = 4;
    // A page of one makes a type or a time window worth reading through another order rather than sorting (the choice
    // Paging.FewEnough makes by the page size): both ways must give the same pages.
    private static readonly int[] PageSizes = [1, PageSize];

    /// <summary>An emulator over a data directory, so a second one can load what the first wrote.</summary>
    private sealed class DiskEmulator(string directory, TimeProvider clock)
        : EmulatorFixture(o => (o.DataDirectory, o.Clock) = (directory, clock));

    private static readonly string?[] Orders = [null, SortOrderValues.Ascending, SortOrderValues.Descending];

    [Fact]
    public async Task Association_pages_are_the_pages_of_the_filtered_sorted_rows_through_deletes_an_undone_write_and_a_reload()
    {
        var ends = new List<string>();
        await WithReload(async (emulator, clock, account) =>
        {
            var sm = emulator.SageMaker(account);
            foreach (var type in new[] { "DataSet", "DataSet", "Model", "DataSet", "Model", "Image", "DataSet" })
                ends.Add(await sm.Artifact(type));
            foreach (var (name, type) in new[] { ("ep", "Endpoint"), ("group", "ModelGroup") })
                ends.Add((await sm.CreateContextAsync(new() { ContextName = EmulatorFixture.Unique(name), ContextType = type,
                    Source = new() { SourceUri = "s3://c/" + EmulatorFixture.Unique(name) } })).ContextArn!);
            ends.Add((await sm.CreateActionAsync(new() { ActionName = EmulatorFixture.Unique("deploy"), ActionType = "ModelDeployment",
                Source = new() { SourceUri = "s3://a/" + EmulatorFixture.Unique("deploy") } })).ActionArn!);
            // A trial component without a source reports its lineage type.
            ends.Add((await sm.CreateTrialComponentAsync(new() { TrialComponentName = EmulatorFixture.Unique("tc") })).TrialComponentArn!);
            string?[] associationTypes = ["ContributedTo", "Produced", "AssociatedWith", "DerivedFrom", null];
            var n = 0;
            for (var i = 0; i < ends.Count; i++)
                for (var j = 0; j < ends.Count; j++)
                    if (i != j && (i * i + j) % 3 == 0)
                    {
                        if (n++ % 3 == 0) clock.Advance(TimeSpan.FromSeconds(1));
                        await sm.Associate(ends[i], ends[j], associationTypes[n % associationTypes.Length]);
                    }
            Assert.True(n > 25);

            await CheckAssociations(emulator, account, ends);

            foreach (var (source, destination) in Rows(emulator, account).Take(5).Select(e => (e.SourceArn, e.DestinationArn)).ToList())
                await sm.DeleteAssociationAsync(new() { SourceArn = source, DestinationArn = destination });
            await sm.DeleteArtifactAsync(new() { ArtifactArn = ends[3] });
            ends.RemoveAt(3);
            await CheckAssociations(emulator, account, ends);

            // A write that changes an end's type and adds an edge, then fails: both are undone, and so is their filing.
            var store = emulator.Store();
            Assert.Throws<InvalidOperationException>(() => store.Write<int>(tx =>
            {
                var partition = store.Partition(account, Region);
                var artifacts = EntityKinds.Artifact.In(partition);
                tx.Put(artifacts, ends[0], artifacts.Get(ends[0])! with { ArtifactType = "Retyped" });
                var edge = new AssociationRecord(ends[1], ends[0], "Produced", account, clock.GetUtcNow(), new UserContext());
                tx.Put(partition.Associations, edge.Key, edge);
                throw new InvalidOperationException("undo");
            }));
            await CheckAssociations(emulator, account, ends);

            // Loading or importing may replace an entity under its edges with another type: they follow it.
            store.Write(tx =>
            {
                var artifacts = EntityKinds.Artifact.In(store.Partition(account, Region));
                tx.Put(artifacts, ends[0], artifacts.Get(ends[0])! with { ArtifactType = "Retyped" });
                return 0;
            });
            await CheckAssociations(emulator, account, ends);
        }, (emulator, account) => CheckAssociations(emulator, account, ends));
    }

    /// <summary>
    /// Runs a scenario on an emulator over a new data directory, then a check on another emulator that loads what the
    /// first wrote. Loading goes table by table in name order, so associations load before the contexts and trial
    /// components at their ends.
    /// </summary>
    private static async Task WithReload(Func<EmulatorFixture, ManualClock, string, Task> scenario, Func<EmulatorFixture, string, Task> check)
    {
        using var dir = new TempDir();
        // The scenarios advance the clock a second for every three writes, so ties fall to the id.
        var clock = new ManualClock();
        var account = EmulatorFixture.NewAccount();
        using (var emulator = new DiskEmulator(dir.Path, clock)) await scenario(emulator, clock, account);
        using var reloaded = new DiskEmulator(dir.Path, clock);
        await check(reloaded, account);
    }

    private static List<AssociationRecord> Rows(EmulatorFixture emulator, string account)
    {
        var store = emulator.Store();
        return store.Read(() => store.FindPartition(account, Region)!.Associations.Values.ToList());
    }

    private static string? TypeOf(EmulatorFixture emulator, string arn)
    {
        var store = emulator.Store();
        return store.Read(() => EntityKinds.OfArn(arn)!.Find(store.FindPartition(account: ParseArn(arn).Account, Region)!, arn)?.ListedType);
    }

    private static async Task CheckAssociations(EmulatorFixture emulator, string account, List<string> ends)
    {
        // The invariants compare every index with the rows too (the check an import passes before it applies).
        Assert.Empty(StateInvariants.Check(emulator.Store()));
        var rows = Rows(emulator, account);
        var types = ends.ToDictionary(e => e, e => TypeOf(emulator, e));
        var times = rows.Select(r => r.CreationTime).Order().ToList();
        var sm = emulator.SageMaker(account);
        string? Key(AssociationRecord e, string? by) => by switch
        {
            SortAssociationsByValues.SourceArn => e.SourceArn,
            SortAssociationsByValues.DestinationArn => e.DestinationArn,
            SortAssociationsByValues.SourceType => types[e.SourceArn] ?? "",
            SortAssociationsByValues.DestinationType => types[e.DestinationArn] ?? "",
            _ => Millis(e.CreationTime),
        };

        var checkedPages = 0;
        foreach (var associationType in new[] { null, "ContributedTo", "DerivedFrom" })
        foreach (var sourceType in new[] { null, "DataSet", "Endpoint", "Retyped" })
        foreach (var destinationType in new[] { null, "Model", "ModelGroup", "TrialComponent" })
        foreach (var end in new[] { 0, 1, 2 })
        foreach (var bounded in new[] { false, true })
        foreach (var by in new[] { null, "CreationTime", "SourceArn", "DestinationArn", "SourceType", "DestinationType" })
        foreach (var order in Orders)
        {
            var query = new JsonObject();
            if (associationType is not null) query["AssociationType"] = associationType;
            if (sourceType is not null) query["SourceType"] = sourceType;
            if (destinationType is not null) query["DestinationType"] = destinationType;
            if (end == 1) query["SourceArn"] = ends[0];
            if (end == 2) query["DestinationArn"] = ends[1];
            DateTimeOffset? after = bounded ? times[times.Count / 4] : null, before = bounded ? times[3 * times.Count / 4] : null;
            if (bounded) (query["CreatedAfter"], query["CreatedBefore"]) = (Seconds(after!.Value), Seconds(before!.Value));
            if (by is not null) query["SortBy"] = by;
            if (order is not null) query["SortOrder"] = order;

            var expected = rows.Where(e => (associationType is null || e.AssociationType == associationType)
                    && (sourceType is null || types[e.SourceArn] == sourceType)
                    && (destinationType is null || types[e.DestinationArn] == destinationType)
                    && (end != 1 || e.SourceArn == ends[0]) && (end != 2 || e.DestinationArn == ends[1])
                    && (after is null || e.CreationTime >= after) && (before is null || e.CreationTime <= before))
                .Select(e => (Sort: Key(e, by)!, Id: e.Key));
            checkedPages += await AssertPages(sm, "ListAssociations", query, "AssociationSummaries",
                x => x["SourceArn"]!.GetValue<string>() + "|" + x["DestinationArn"]!.GetValue<string>(), expected, order);
        }
        Assert.True(checkedPages > 1000);
    }

    [Fact]
    public async Task Entity_pages_are_the_pages_of_the_filtered_sorted_rows_through_deletes_an_undone_write_and_a_reload()
    {
        List<string> experiments = [], trials = [], components = [];
        await WithReload(async (emulator, clock, account) =>
        {
            var sm = emulator.SageMaker(account);
            var n = 0;
            void Tick()
            {
                if (n++ % 3 == 0) clock.Advance(TimeSpan.FromSeconds(1));
            }
            string[] types = ["DataSet", "DataSet", "Model", "DataSet", "Image", "Model", "DataSet", "DataSet"];
            for (var i = 0; i < types.Length; i++)
            {
                Tick();
                await sm.CreateArtifactAsync(new() { ArtifactName = i % 3 == 0 ? null : $"art-{(i * 5) % 8}", ArtifactType = types[i],
                    Source = new() { SourceUri = $"s3://entity/{i}" } });
                Tick();
                await sm.CreateActionAsync(new() { ActionName = EmulatorFixture.Unique($"act{(i * 3) % 8}"), ActionType = types[(i + 1) % 8],
                    Source = new() { SourceUri = $"s3://shared/{i % 3}" } });
                Tick();
                await sm.CreateContextAsync(new() { ContextName = EmulatorFixture.Unique($"ctx{(i * 5) % 8}"), ContextType = types[(i + 2) % 8],
                    Source = new() { SourceUri = $"s3://shared/{i % 2}" } });
            }
            for (var i = 0; i < 2; i++)
            {
                Tick();
                experiments.Add((await sm.CreateExperimentAsync(new() { ExperimentName = EmulatorFixture.Unique($"exp{i}") })).ExperimentArn!);
            }
            for (var i = 0; i < 5; i++)
            {
                Tick();
                trials.Add((await sm.CreateTrialAsync(new() { TrialName = EmulatorFixture.Unique($"trial{(i * 3) % 5}"),
                    ExperimentName = ParseArn(experiments[i % 2]).ResourceId })).TrialArn!);
            }
            for (var i = 0; i < 6; i++)
            {
                Tick();
                components.Add((await sm.CreateTrialComponentAsync(new() { TrialComponentName = EmulatorFixture.Unique($"tc{(i * 5) % 6}") })).TrialComponentArn!);
            }
            // Only SageMaker's jobs make sourced components: written as a job would leave them.
            var store = emulator.Store();
            for (var i = 0; i < 3; i++)
            {
                Tick();
                var name = EmulatorFixture.Unique($"job{i}") + "-aws-training-job";
                var arn = EntityKinds.TrialComponent.ArnOf(Region, account, name);
                var now = clock.GetUtcNow();
                store.Write(tx =>
                {
                    tx.Put(EntityKinds.TrialComponent.In(store.Partition(account, Region)), arn, new TrialComponentRecord(arn, name,
                        null, null, null, null, null, null, null, null, now, new UserContext(), now, new UserContext(),
                        new TrialComponentSource { SourceArn = $"arn:aws:sagemaker:{Region}:{account}:training-job/job{i % 2}", SourceType = "SageMakerTrainingJob" }));
                    return 0;
                });
                components.Add(arn);
            }
            for (var i = 0; i < components.Count; i++)
                foreach (var trial in trials.Where((_, t) => (i + t) % 3 == 0))
                    await sm.AssociateTrialComponentAsync(new() { TrialComponentName = ParseArn(components[i]).ResourceId, TrialName = ParseArn(trial).ResourceId });

            await CheckEntities(emulator, account, experiments, trials, components);

            await sm.DeleteArtifactAsync(new() { ArtifactArn = Entities(emulator, account, EntityKinds.Artifact)[2].Arn });
            await sm.DeleteActionAsync(new() { ActionName = Entities(emulator, account, EntityKinds.Action)[1].Name });
            await sm.DeleteContextAsync(new() { ContextName = Entities(emulator, account, EntityKinds.Context)[4].Name });
            var lonely = components[5];
            foreach (var trial in store.Read(() => store.Partition(account, Region).TrialsOfComponent(lonely).ToList()))
                await sm.DisassociateTrialComponentAsync(new() { TrialComponentName = ParseArn(lonely).ResourceId, TrialName = ParseArn(trial).ResourceId });
            await sm.DeleteTrialComponentAsync(new() { TrialComponentName = ParseArn(lonely).ResourceId });
            components.RemoveAt(5);
            await CheckEntities(emulator, account, experiments, trials, components);

            // A write that retypes a context and adds an action, then fails: neither may show in any listing.
            Assert.Throws<InvalidOperationException>(() => store.Write<int>(tx =>
            {
                var partition = store.Partition(account, Region);
                var contexts = EntityKinds.Context.In(partition);
                var context = contexts.Values.First();
                tx.Put(contexts, context.Arn, context with { ContextType = "Retyped", Source = new() { SourceUri = "s3://shared/0" } });
                var arn = EntityKinds.Action.ArnOf(Region, account, "undone");
                tx.Put(EntityKinds.Action.In(partition), arn, new ActionRecord(arn, "undone", new() { SourceUri = "s3://shared/1" }, "DataSet",
                    null, null, null, null, clock.GetUtcNow(), new UserContext(), clock.GetUtcNow(), new UserContext()));
                throw new InvalidOperationException("undo");
            }));
            await CheckEntities(emulator, account, experiments, trials, components);
        }, (emulator, account) => CheckEntities(emulator, account, experiments, trials, components));
    }

    private static List<T> Entities<T>(EmulatorFixture emulator, string account, EntityKind<T> kind) where T : class, ILineageEntity
    {
        var store = emulator.Store();
        return store.Read(() => kind.In(store.FindPartition(account, Region)!).Values.OrderBy(e => e.Arn, StringComparer.Ordinal).ToList());
    }

    /// <summary>A filter of a List operation: the request member, its value, and which stored rows pass it.</summary>
    private sealed record Filter(string Member, JsonNode Value, Func<ILineageEntity, bool> Passes);

    private static async Task CheckEntities(EmulatorFixture emulator, string account, List<string> experiments, List<string> trials,
        List<string> components)
    {
        Assert.Empty(StateInvariants.Check(emulator.Store()));
        var store = emulator.Store();
        var memberships = store.Read(() => store.FindPartition(account, Region)!.TrialMemberships.Values.ToList());
        var trialRows = Entities(emulator, account, EntityKinds.Trial);
        static string NameOf(string arn) => ParseArn(arn).ResourceId;
        static Filter Typed(string member, string type) => new(member, type, e => e.EntityType == type);
        static Filter Sourced(string member, string source, EntityKind kind) => new(member, source, e => kind.ListedSource(e) == source);

        var pages = 0;
        pages += await CheckKind(emulator, account, EntityKinds.Artifact, "ListArtifacts", "ArtifactSummaries", "ArtifactArn", inclusive: true,
            [[Typed("ArtifactType", "DataSet"), Typed("ArtifactType", "Image")], [Sourced("SourceUri", "s3://entity/4", EntityKinds.Artifact)]], byName: false);
        pages += await CheckKind(emulator, account, EntityKinds.Action, "ListActions", "ActionSummaries", "ActionArn", inclusive: true,
            [[Typed("ActionType", "DataSet"), Typed("ActionType", "Model")], [Sourced("SourceUri", "s3://shared/1", EntityKinds.Action)]]);
        pages += await CheckKind(emulator, account, EntityKinds.Context, "ListContexts", "ContextSummaries", "ContextArn", inclusive: true,
            [[Typed("ContextType", "DataSet"), Typed("ContextType", "Image")], [Sourced("SourceUri", "s3://shared/0", EntityKinds.Context)]]);
        pages += await CheckKind(emulator, account, EntityKinds.Experiment, "ListExperiments", "ExperimentSummaries", "ExperimentArn",
            inclusive: false, []);
        pages += await CheckKind(emulator, account, EntityKinds.Trial, "ListTrials", "TrialSummaries", "TrialArn", inclusive: false,
            [[.. experiments.Select(x => new Filter("ExperimentName", NameOf(x), e => ((TrialRecord)e).ExperimentName == NameOf(x)))],
             [.. components.Take(3).Select(c => new Filter("TrialComponentName", NameOf(c),
                e => memberships.Any(m => m.TrialArn == e.Arn && m.TrialComponentArn == c)))]]);
        // The three parent filters of ListTrialComponents exclude each other: one dimension.
        pages += await CheckKind(emulator, account, EntityKinds.TrialComponent, "ListTrialComponents", "TrialComponentSummaries",
            "TrialComponentArn", inclusive: false,
            [[new Filter("ExperimentName", NameOf(experiments[1]), e => memberships.Any(m => m.TrialComponentArn == e.Arn
                    && trialRows.Any(t => t.Arn == m.TrialArn && t.ExperimentName == NameOf(experiments[1])))),
              new Filter("TrialName", NameOf(trials[2]), e => memberships.Any(m => m.TrialComponentArn == e.Arn && m.TrialArn == trials[2])),
              Sourced("SourceArn", $"arn:aws:sagemaker:{Region}:{account}:training-job/job0", EntityKinds.TrialComponent)]]);
        Assert.True(pages > 300);
    }

    /// <summary>Checks every combination of at most one filter from each dimension, time bounds, SortBy and SortOrder.</summary>
    private static async Task<int> CheckKind<T>(EmulatorFixture emulator, string account, EntityKind<T> kind, string operation,
        string summaries, string arnMember, bool inclusive, List<List<Filter>> dimensions, bool byName = true) where T : class, ILineageEntity
    {
        var rows = Entities(emulator, account, kind);
        Assert.NotEmpty(rows);
        var times = rows.Select(r => r.CreationTime).Order().ToList();
        IEnumerable<List<Filter>> combinations = [[]];
        foreach (var dimension in dimensions)
            combinations = combinations.SelectMany(c => dimension.Select(f => (List<Filter>)[.. c, f]).Append(c)).ToList();

        var pages = 0;
        foreach (var filters in combinations)
        foreach (var bounded in new[] { false, true })
        // The model gives ListArtifacts no Name order.
        foreach (var by in byName ? new[] { null, "Name", "CreationTime" } : [null, "CreationTime"])
        foreach (var order in Orders)
        {
            var query = new JsonObject();
            foreach (var f in filters) query[f.Member] = f.Value.DeepClone();
            DateTimeOffset? after = bounded ? times[times.Count / 4] : null, before = bounded ? times[3 * times.Count / 4] : null;
            if (bounded) (query["CreatedAfter"], query["CreatedBefore"]) = (Seconds(after!.Value), Seconds(before!.Value));
            if (by is not null) query["SortBy"] = by;
            if (order is not null) query["SortOrder"] = order;
            var expected = rows.Where(e => filters.All(f => f.Passes(e))
                    && (after is null || (inclusive ? e.CreationTime >= after : e.CreationTime > after))
                    && (before is null || (inclusive ? e.CreationTime <= before : e.CreationTime < before)))
                .Select(e => (Sort: by == "Name" ? e.Name ?? "" : Millis(e.CreationTime), Id: e.Arn));
            foreach (var size in PageSizes)
                pages += await AssertPages(emulator.SageMaker(account), operation, query, summaries, x => x[arnMember]!.GetValue<string>(),
                    expected, order, size);
        }
        return pages;
    }

    /// <summary>
    /// Reads every page of a query (raw calls: the point is each token's content) and asserts they are the expected
    /// items sorted by (sort key, id), descending unless asked otherwise, cut into pages, with each token naming its
    /// page's last item. Returns how many pages it read.
    /// </summary>
    private static async Task<int> AssertPages(SageMakerClient sm, string operation, JsonObject query, string summaries,
        Func<JsonNode, string> idOf, IEnumerable<(string Sort, string Id)> expected, string? order, int size = PageSize)
    {
        var sorted = expected.OrderBy(x => x.Sort, StringComparer.Ordinal).ThenBy(x => x.Id, StringComparer.Ordinal).ToList();
        if (order != SortOrderValues.Ascending) sorted.Reverse();
        var want = sorted.Chunk(size).ToList();
        var pages = 0;
        string? token = null;
        do
        {
            var request = (JsonObject)query.DeepClone();
            request["MaxResults"] = size;
            if (token is not null) request["NextToken"] = token;
            var body = (await sm.Call(operation, request)).Ok();
            var ids = body[summaries]!.AsArray().Select(x => idOf(x!)).ToList();
            var context = $"{operation} {query.ToJsonString()} page {pages}";
            Assert.True(pages < Math.Max(1, want.Count), context + ": more pages than expected");
            Assert.True(ids.SequenceEqual(want.Count == 0 ? [] : want[pages].Select(x => x.Id)), context);
            token = body["NextToken"]?.GetValue<string>();
            pages++;
            Assert.Equal(pages < want.Count, token is not null);
            if (token is not null)
            {
                // A token is the query's fingerprint, then the last item's sort key and id.
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n');
                Assert.Equal([want[pages - 1][^1].Sort, want[pages - 1][^1].Id], parts[1..]);
            }
        } while (token is not null);
        Assert.Equal(Math.Max(1, want.Count), pages);
        return pages;
    }

    private static Arn ParseArn(string arn) => Arn.TryParse(arn, out var a) ? a : throw new ArgumentException(arn);

    private static string Millis(DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString("D15", CultureInfo.InvariantCulture);

    private static JsonNode Seconds(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 1000m;
}
