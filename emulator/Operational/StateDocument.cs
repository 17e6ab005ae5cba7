using System.Text.Json;
using LineageEmulator.State;

namespace LineageEmulator.Operational;

/// <summary>One table of an export: where it lives and its rows, in key order.</summary>
public sealed record SnapshotTable(string Account, string Region, ITable Table, List<KeyValuePair<string, object>> Rows);

/// <summary>One row of an imported document, already read into its record type.</summary>
public readonly record struct ImportedRow(ITable Table, string Key, object Value);

/// <summary>
/// The whole state as one JSON document, for seeding fixtures and inspecting a running emulator:
/// <c>{"formatVersion":1,"accounts":{account:{region:{table:{key:record}}}}}</c>. Records are written with
/// the same serializers as the database, so a document round-trips exactly. Empty tables are left out.
/// </summary>
public static class StateDocument
{
    /// <summary>Writes the state; the caller holds the store's read lock.</summary>
    public static void Write(Utf8JsonWriter writer, Store store) =>
        WriteAsync(writer, Snapshot(store), null).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// The non-empty tables in document order, each with its rows. Rows are immutable records, so holding the
    /// references is a consistent copy: the caller takes it under the read lock and writes it after releasing.
    /// </summary>
    public static List<SnapshotTable> Snapshot(Store store) =>
        [.. store.Partitions.Where(HasRows)
            .OrderBy(p => p.AccountId, StringComparer.Ordinal).ThenBy(p => p.Region, StringComparer.Ordinal)
            .SelectMany(p => p.AllTables.Where(t => t.Rows.Any()).OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => new SnapshotTable(p.AccountId, p.Region, t,
                    [.. t.Rows.OrderBy(r => r.Key, StringComparer.Ordinal)])))];

    /// <summary>Writes a snapshot, handing the output on through <paramref name="flush"/> as it grows.</summary>
    public static async ValueTask WriteAsync(Utf8JsonWriter writer, List<SnapshotTable> tables, Func<ValueTask>? flush)
    {
        writer.WriteStartObject();
        writer.WriteNumber("formatVersion", StateFormat.Version);
        writer.WriteStartObject("accounts");
        string? account = null, region = null;
        foreach (var table in tables)
        {
            if (table.Account != account)
            {
                if (account is not null) { writer.WriteEndObject(); writer.WriteEndObject(); }
                writer.WriteStartObject(account = table.Account);
                writer.WriteStartObject(region = table.Region);
            }
            else if (table.Region != region)
            {
                writer.WriteEndObject();
                writer.WriteStartObject(region = table.Region);
            }
            writer.WriteStartObject(table.Table.Name);
            foreach (var (key, row) in table.Rows)
            {
                writer.WritePropertyName(key);
                table.Table.Write(writer, row);
                if (flush is not null && writer.BytesPending > FlushBytes) await flush();
            }
            writer.WriteEndObject();
        }
        if (account is not null) { writer.WriteEndObject(); writer.WriteEndObject(); }
        writer.WriteEndObject();
        writer.WriteEndObject();
        if (flush is not null) await flush();
    }

    private const int FlushBytes = 64 * 1024;

    /// <summary>
    /// Reads a document into rows of the store's tables, checking all of it before anything changes (it may
    /// make empty partitions, which are no state). Throws <see cref="FormatException"/> with what is wrong and where.
    /// </summary>
    public static List<ImportedRow> Read(JsonElement root, Store store)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("the state document must be a JSON object");
        if (root.TryGetProperty("formatVersion", out var version)
            && (version.ValueKind != JsonValueKind.Number || version.GetInt32() != StateFormat.Version))
            throw new FormatException($"formatVersion must be {StateFormat.Version}");
        if (!root.TryGetProperty("accounts", out var accounts) || accounts.ValueKind != JsonValueKind.Object)
            throw new FormatException("the state document needs an \"accounts\" object");

        var rows = new List<ImportedRow>();
        foreach (var account in accounts.EnumerateObject())
        {
            if (!AccountIds.IsValid(account.Name)) throw new FormatException($"account '{account.Name}' is not a 12-digit account id");
            foreach (var region in Objects(account.Value, account.Name))
            {
                if (!Regions.IsName(region.Name)) throw new FormatException($"account {account.Name}: '{region.Name}' is not a region name");
                foreach (var table in Objects(region.Value, $"{account.Name}/{region.Name}"))
                {
                    var target = store.Partition(account.Name, region.Name).FindTable(table.Name)
                        ?? throw new FormatException($"{account.Name}/{region.Name}: unknown table '{table.Name}'");
                    foreach (var row in Objects(table.Value, $"{account.Name}/{region.Name}/{table.Name}"))
                    {
                        var where = $"{account.Name}/{region.Name}/{table.Name}/{row.Name}";
                        if (row.Value.ValueKind != JsonValueKind.Object) throw new FormatException($"{where}: a row must be a JSON object");
                        object value;
                        try { value = target.Deserialize(row.Value); }
                        catch (JsonException e) { throw new FormatException($"{where}: {e.Message}", e); }
                        rows.Add(new ImportedRow(target, row.Name, value));
                    }
                }
            }
        }
        return rows;
    }

    private static bool HasRows(Partition p) => p.AllTables.Any(t => t.Rows.Any());

    private static JsonElement.ObjectEnumerator Objects(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject()
            : throw new FormatException($"{where}: expected a JSON object");
}
