using System.Text.Json;
using LineageEmulator.Tests.Infrastructure;
using LineageEmulator.Tests.Persistence;
using PuppeteerSharp;
using PuppeteerSharp.Input;
using Xunit.Abstractions;

namespace LineageEmulator.Tests.GraphView;

/// <summary>
/// The graph view in a real browser: the emulator process serves /_emulator/ui on a loopback port, headless
/// Chromium opens it as each of three accounts, and the test reads what is drawn, clicks, expands and refreshes.
/// What each account may see is the README's sharing rule (an owner's lineage is readable by an account only
/// after it shares its lineage group through RAM and the invitation is accepted; deleting the share ends it).
/// </summary>
public sealed class GraphViewBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private EmulatorProcess emulator = null!;
    private IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        emulator = EmulatorProcess.StartInMemory("--ram-association-delay-ms", "0");
        await emulator.WaitReady();
        browser = await Chromium.Launch();
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        emulator?.Dispose();
    }

    [Fact]
    public async Task Each_account_sees_what_sharing_allows_clicks_expands_and_loses_a_revoked_share_on_refresh()
    {
        var g = await CrossAccountLineage.Seed(emulator.Http);
        await using var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e.Message);

        // The owner sees its own four entities; B's copy (linked to A's data by a SameAs edge B made) is B's, unshared.
        await Open(page, g.A, g.Data);
        Assert.Equal(g.OwnerEntities.Order(), (await Drawn(page)).Order());
        Assert.DoesNotContain(g.Copy, await Listed(page));

        // The receiver sees its own entities and the owner's, marked as another account's; SameAs is its own edge class.
        await Open(page, g.B, g.Copy);
        Assert.Equal(g.OwnerEntities.Concat(g.ReceiverEntities).Order(), (await Drawn(page)).Order());
        Assert.True(await Eval<bool>(page, "arn => graphView.cy.getElementById(arn).hasClass('foreign')", g.Model));
        Assert.False(await Eval<bool>(page, "arn => graphView.cy.getElementById(arn).hasClass('foreign')", g.Copy));
        Assert.Equal("SameAs", await Eval<string>(page, "id => graphView.cy.getElementById(id).data('type')", g.Copy + "|" + g.Data));
        Assert.True(await Eval<bool>(page, "id => graphView.cy.getElementById(id).hasClass('SameAs')", g.Copy + "|" + g.Data));
        Assert.Equal("Produced", await Eval<string>(page, "id => graphView.cy.getElementById(id).data('type')", g.Train + "|" + g.Model));
        Assert.Equal(g.OwnerEntities.Concat(g.ReceiverEntities).Order(), (await Listed(page)).Order());
        Assert.Contains(g.ShareName, await Text(page, "#ram-body"));
        Assert.Contains("Reads the lineage of: " + g.A, await Text(page, "#ram-body"));

        // A real click on the owner's model shows what DescribeArtifact returns to B.
        await Click(page, g.Model);
        var described = await WaitFor(page, "() => { try { return JSON.parse(document.getElementById('describe').textContent).ArtifactArn; } catch { return null; } }");
        Assert.Equal(g.Model, described);
        using (var doc = JsonDocument.Parse(await Text(page, "#describe")))
        {
            Assert.Equal(g.ModelName, doc.RootElement.GetProperty("ArtifactName").GetString());
            Assert.Equal("Model", doc.RootElement.GetProperty("ArtifactType").GetString());
        }
        Assert.Contains(g.A, await Text(page, "#details-summary"));
        await Screenshot(page, "graph-view-receiver");

        // Depth 1 from B's copy reaches its SameAs twin and its evaluation; expanding from the twin adds A's training job.
        await page.EvaluateFunctionAsync("() => { document.getElementById('depth').value = '1'; }");
        await page.ClickAsync("#show");
        await WaitForDrawn(page, new[] { g.Copy, g.Data, g.Evaluation });
        await Click(page, g.Data);
        await WaitFor(page, "arn => graphView.view.selected === arn", g.Data);
        await page.ClickAsync("#expand");
        await WaitForDrawn(page, new[] { g.Copy, g.Data, g.Evaluation, g.Train });

        // The outsider sees only its own entity, and is refused the owner's lineage.
        var outsider = await browser.NewPageAsync();
        await Open(outsider, g.C, g.Outsider);
        Assert.Equal([g.Outsider], await Drawn(outsider));
        Assert.Equal([g.Outsider], await Listed(outsider));
        await Open(outsider, g.C, g.Model);
        Assert.Empty(await Drawn(outsider));
        Assert.Contains("AccessDeniedException", await Text(outsider, "#status"));
        await outsider.CloseAsync();

        // A deletes the share; B's page, refreshed, drops every vertex of A's (the expansion from A's data too).
        await g.Revoke(emulator.Http);
        await page.ClickAsync("#refresh");
        await WaitForDrawn(page, new[] { g.Copy, g.Evaluation });
        await WaitFor(page, "() => !document.getElementById('ram-body').textContent.includes('Reads the lineage of: 1')");
        Assert.Equal(g.ReceiverEntities.Order(), (await Listed(page)).Order());
        Assert.Empty(errors);
    }

    /// <summary>
    /// The benchmarks' largest store (a 10-vertex chain among 50,000 unrelated artifacts in one account,
    /// benchmarks/Program.cs), plus a start with 600 neighbours so the drawing is capped: the page stays
    /// usable, draws the first part of the walk and says how much it left out.
    /// </summary>
    [Fact]
    public async Task The_benchmarks_largest_store_stays_usable_and_the_drawing_says_what_it_left_out()
    {
        var account = EmulatorFixture.NewAccount();
        var sm = new SageMakerClient(emulator.Http, account, "us-east-1");
        var chain = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            chain.Add(await sm.Artifact("Step" + i));
            if (i > 0) await sm.Associate(chain[i - 1], chain[i], "ContributedTo");
        }
        var hub = await sm.Artifact("Hub");
        await Parallel.ForEachAsync(Enumerable.Range(0, 600), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) =>
            await sm.Associate(hub, await sm.Artifact("Spoke"), "ContributedTo"));
        var noise = EmulatorFixture.Unique("noise");
        await Parallel.ForEachAsync(Enumerable.Range(0, 50_000), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            (await sm.Call("CreateArtifact", $$$"""{"ArtifactType":"Noise","Source":{"SourceUri":"s3://{{{noise}}}/{{{i}}}"}}""")).Ok());

        await using var page = await browser.NewPageAsync();
        await Open(page, account, hub);
        Assert.Equal(300, (await Drawn(page)).Length);
        Assert.Equal("warn", await Eval<string>(page, "() => document.getElementById('status').className"));
        Assert.Contains("first 300 of 601 vertices", await Text(page, "#status"));
        Assert.Contains("301 vertices", await Text(page, "#status"));
        Assert.Contains("Showing 100 of 50,611 entities", await Text(page, "#entity-count"));
        await Screenshot(page, "graph-view-capped");

        // The tab still answers: a search over the 50,611 entities narrows to one, and the chain draws whole.
        await page.TypeAsync("#search", $"s3://{noise}/49999");
        await WaitFor(page, "() => document.querySelectorAll('#entity-list li').length === 1");
        await Open(page, account, chain[0]);
        await WaitForDrawn(page, [.. chain]);
        Assert.DoesNotContain("left out", await Text(page, "#status"));
    }

    private async Task Open(IPage page, string account, string start)
    {
        await page.GoToAsync($"{emulator.Endpoint}/_emulator/ui?account={account}&region=us-east-1&start={Uri.EscapeDataString(start)}");
        await WaitFor(page, "() => document.body.dataset.ready === 'true'");
    }

    private static Task<string[]> Drawn(IPage page) => page.EvaluateExpressionAsync<string[]>("graphView.cy.nodes().map(n => n.id())");

    private static Task<string[]> Listed(IPage page) =>
        page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#entity-list li')].map(li => li.dataset.arn)");

    private static Task<string> Text(IPage page, string selector) =>
        page.EvaluateFunctionAsync<string>("s => document.querySelector(s).textContent", selector);

    private static Task<T> Eval<T>(IPage page, string function, params object[] args) => page.EvaluateFunctionAsync<T>(function, args);

    /// <summary>A mouse click at the vertex's place on the screen, as a person would make it.</summary>
    private static async Task Click(IPage page, string arn)
    {
        var at = await page.EvaluateFunctionAsync<double[]>(
            "arn => { const p = graphView.cy.getElementById(arn).renderedPosition(); const r = document.getElementById('graph').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }",
            arn);
        await page.Mouse.ClickAsync((decimal)at[0], (decimal)at[1], new ClickOptions());
    }

    private static async Task WaitForDrawn(IPage page, string[] expected)
    {
        var wanted = JsonSerializer.Serialize(expected.Order().ToArray());
        await WaitFor(page, "wanted => JSON.stringify(graphView.cy.nodes().map(n => n.id()).sort()) === wanted", wanted);
    }

    /// <summary>Polls a page function until it returns something truthy, within a bound.</summary>
    private static async Task<string?> WaitFor(IPage page, string function, params object[] args)
    {
        var handle = await page.WaitForFunctionAsync(function, new WaitForFunctionOptions { Timeout = (int)Patience.TotalMilliseconds, PollingInterval = 50 }, args);
        return await handle.JsonValueAsync<object>() is JsonElement { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
    }

    private async Task Screenshot(IPage page, string name)
    {
        var path = Path.Combine(Artifacts, name + ".png");
        await page.ScreenshotAsync(path);
        output.WriteLine("screenshot: " + path);
    }

    /// <summary>Where the screenshots go: tests/TestResults/graph-view/ (ignored by git).</summary>
    private static string Artifacts
    {
        get
        {
            var dir = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "graph-view"));
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}
