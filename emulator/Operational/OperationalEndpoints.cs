using System.Diagnostics;
using System.Text.Json;
using LineageEmulator.Hosting;
using LineageEmulator.State;
using LineageEmulator.State.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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
        app.MapGet(Prefix + "/state", (HttpContext http) => OperationalHttp.Json(http, 200, w => state.Store.Read(() =>
        {
            StateDocument.Write(w, state.Store);
            return 0;
        })));
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
        w.WriteString("mode", state.Mode);
        if (state.DatabasePath is { } path) w.WriteString("path", path);
        w.WriteNumber("formatVersion", SqliteStateFile.FormatVersion);
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
        if (account is not null && !StateDocument.IsAccountId(account))
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

    private async Task Import(HttpContext http)
    {
        List<ImportedRow> rows;
        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body);
            rows = StateDocument.Read(doc.RootElement, state.Store);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            await OperationalHttp.Error(http, "invalid state document: " + e.Message);
            return;
        }
        var imported = StateCommands.Replace(state.Store, rows);
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
