using System.Diagnostics;
using System.Text.Json;
using LineageEmulator.Hosting;
using LineageEmulator.State;
using LineageEmulator.State.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LineageEmulator.Operational;

/// <summary>
/// Endpoints for operating the emulator itself, under /_emulator/: health, reset, state export and import.
/// They are plain HTTP+JSON outside the AWS wire: no AWS operation name or RAM route reaches them, and
/// they need no signature. Errors are {"message": "..."} with status 400.
/// </summary>
public sealed class OperationalEndpoints(StateHost state)
{
    public const string Prefix = "/_emulator";

    private readonly long started = Stopwatch.GetTimestamp();

    public void Map(WebApplication app)
    {
        app.MapGet(Prefix + "/health", (HttpContext http) => OperationalHttp.Json(http, 200, w => Health(w)));
        app.MapPost(Prefix + "/reset", (HttpContext http) => Reset(http));
        app.MapGet(Prefix + "/state", (HttpContext http) => Export(http));
        app.MapPost(Prefix + "/state", (HttpContext http) => Import(http));
    }

    private void Health(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("status", "ok");
        w.WriteString("version", EmulatorHost.Version);
        w.WriteStartArray("services");
        w.WriteStringValue("sagemaker");
        w.WriteStringValue("ram");
        w.WriteEndArray();
        w.WriteNumber("uptimeSeconds", Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 3));
        w.WriteStartObject("persistence");
        w.WriteString("mode", state.Backend.Mode);
        if (state.Backend.Location is { } path) w.WriteString("path", path);
        w.WriteNumber("formatVersion", StateFormat.Version);
        w.WriteEndObject();
        var (accounts, counts) = state.Store.Read(() => (
            state.Store.Partitions.Where(p => p.AllTables.Any(t => t.Rows.Any())).Select(p => p.AccountId).Distinct().Count(),
            state.Store.Partitions.SelectMany(p => p.AllTables)
                .GroupBy(t => t.Name)
                .Select(g => (Table: g.Key, Rows: g.Sum(t => t.Rows.Count())))
                .OrderBy(c => c.Table, StringComparer.Ordinal)
                .ToList()));
        w.WriteNumber("accounts", accounts);
        w.WriteStartObject("entities");
        foreach (var (table, rows) in counts) w.WriteNumber(table, rows);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private Task Reset(HttpContext http)
    {
        string? account = http.Request.Query["account"];
        if (account is not null && !AccountIds.IsValid(account))
            return OperationalHttp.Error(http, $"account '{account}' is not a 12-digit account id");
        var removed = StateCommands.Reset(state.Store, account);
        return OperationalHttp.Json(http, 200, w =>
        {
            w.WriteStartObject();
            if (account is not null) w.WriteString("account", account);
            WriteCounts(w, "removed", removed);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Streams the state out: a snapshot of row references is taken under the read lock, then written in
    /// pieces, so an export costs no second copy of the state and holds no lock while the client reads.
    /// </summary>
    private async Task Export(HttpContext http)
    {
        var snapshot = state.Store.Read(() => StateDocument.Snapshot(state.Store));
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        var body = http.Response.BodyWriter;
        using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Indented = true });
        await StateDocument.WriteAsync(writer, snapshot, async () =>
        {
            writer.Flush();
            await body.FlushAsync(http.RequestAborted);
        });
    }

    private async Task Import(HttpContext http)
    {
        // Any document the emulator exported must import back, however large: the body is parsed as it
        // streams in, bounded by memory rather than by Kestrel's 30 MB default.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
        SortedDictionary<string, int> imported;
        try
        {
            List<ImportedRow> rows;
            using (var doc = await JsonDocument.ParseAsync(http.Request.Body))
            {
                // Read into a scratch store, so a bad document leaves not even an empty partition behind.
                // InvalidOperationException: a name or string that is not valid UTF-8, found when it is read.
                try { rows = StateDocument.Read(doc.RootElement, new Store()); }
                catch (InvalidOperationException e) { throw new FormatException(e.Message, e); }
            }
            imported = StateCommands.Replace(state.Store, rows);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            await OperationalHttp.Error(http, "invalid state document: " + e.Message);
            return;
        }
        await OperationalHttp.Json(http, 200, w =>
        {
            w.WriteStartObject();
            WriteCounts(w, "imported", imported);
            w.WriteEndObject();
        });
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, SortedDictionary<string, int> counts)
    {
        w.WriteStartObject(name);
        foreach (var (table, count) in counts) w.WriteNumber(table, count);
        w.WriteEndObject();
        w.WriteNumber("total", counts.Values.Sum());
    }

}
