using Microsoft.Data.Sqlite;

namespace LineageEmulator.State.Persistence;

/// <summary>
/// The state database: one row per table row, keyed by (account, region, table, key), the row as JSON.
/// Every transaction of the store is written in one SQLite transaction in WAL mode with synchronous=FULL,
/// so it is on disk (fsynced) before the store returns and the client sees a 200. The store serialises
/// writers, so one connection is enough.
/// </summary>
public sealed class SqliteStateFile : IStateBackend
{
    public const string FileName = "state.db";

    private readonly SqliteConnection db;
    private readonly SqliteCommand upsert;
    private readonly SqliteCommand delete;

    private SqliteStateFile(string path, SqliteConnection db)
    {
        Path = path;
        this.db = db;
        upsert = Command("INSERT INTO rows(account, region, tbl, key, json) VALUES($a, $r, $t, $k, $j) " +
                         "ON CONFLICT(account, region, tbl, key) DO UPDATE SET json = excluded.json", "$a", "$r", "$t", "$k", "$j");
        delete = Command("DELETE FROM rows WHERE account = $a AND region = $r AND tbl = $t AND key = $k", "$a", "$r", "$t", "$k");
    }

    public string Path { get; }

    public string Mode => "sqlite";

    public string? Location => Path;

    /// <summary>
    /// Opens (creating if needed) the database. A write that cannot get the file within
    /// <paramref name="busyTimeout"/> (another program holds it) fails instead of hanging the request.
    /// </summary>
    public static SqliteStateFile Open(string path, TimeSpan busyTimeout)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)busyTimeout.TotalSeconds),
        }.ToString());
        try
        {
            connection.Open();
            var mode = Scalar(connection, "PRAGMA journal_mode=WAL");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"the database would not switch to WAL mode (got '{mode}')");
            // FULL in WAL mode fsyncs the log at every commit: an acknowledged write survives power loss.
            Execute(connection, "PRAGMA synchronous=FULL");
            Migrate(connection);
            return new SqliteStateFile(path, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refuses a file that fails SQLite's own integrity check (damaged pages, broken indexes), saying what it
    /// found, rather than loading part of it.
    /// </summary>
    public void CheckIntegrity()
    {
        using var check = db.CreateCommand();
        check.CommandText = "PRAGMA integrity_check(20)";
        var findings = new List<string>();
        try
        {
            using var reader = check.ExecuteReader();
            while (reader.Read()) findings.Add(reader.GetString(0));
        }
        catch (SqliteException e)
        {
            // Damage bad enough that the check cannot finish is reported the same way.
            findings.Add(e.Message);
        }
        if (findings is not ["ok"])
            throw new EmulatorStartupException($"{Path} fails SQLite's integrity check: {string.Join("; ", findings)}");
    }

    public void Load(Store store)
    {
        using var select = db.CreateCommand();
        select.CommandText = "SELECT account, region, tbl, key, json FROM rows ORDER BY account, region, tbl, key";
        using var reader = select.ExecuteReader();
        var tables = new Dictionary<(string, string, string), ITable>();
        while (reader.Read())
        {
            var (account, region, name, key) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
            if (!tables.TryGetValue((account, region, name), out var table))
            {
                table = store.Partition(account, region).FindTable(name)
                    ?? throw new InvalidDataException($"{Path}: table '{name}' is unknown to this emulator version");
                tables[(account, region, name)] = table;
            }
            table.Apply(key, table.Deserialize(reader.GetString(4)));
        }
    }

    public void Commit(IReadOnlyList<Change> changes)
    {
        using var tx = db.BeginTransaction();
        foreach (var change in changes)
        {
            var command = change.After is null ? delete : upsert;
            command.Transaction = tx;
            command.Parameters["$a"].Value = change.Table.Partition.AccountId;
            command.Parameters["$r"].Value = change.Table.Partition.Region;
            command.Parameters["$t"].Value = change.Table.Name;
            command.Parameters["$k"].Value = change.Key;
            if (change.After is not null) command.Parameters["$j"].Value = change.Table.Serialize(change.After);
            command.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public void Dispose()
    {
        upsert.Dispose();
        delete.Dispose();
        db.Dispose();
    }

    /// <summary>Creates the schema of a new file, or brings an older file to <see cref="StateFormat.Version"/>.</summary>
    private static void Migrate(SqliteConnection connection)
    {
        using var tx = connection.BeginTransaction();
        Execute(connection, "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)", tx);
        var stored = Scalar(connection, "SELECT value FROM meta WHERE key = 'format_version'", tx);
        if (stored is null)
        {
            Execute(connection, "CREATE TABLE rows(account TEXT NOT NULL, region TEXT NOT NULL, tbl TEXT NOT NULL, key TEXT NOT NULL, " +
                                "json TEXT NOT NULL, PRIMARY KEY(account, region, tbl, key)) WITHOUT ROWID", tx);
            Execute(connection, $"INSERT INTO meta(key, value) VALUES('format_version', '{StateFormat.Version}')", tx);
        }
        else if (!int.TryParse(stored, out var version) || version < 1)
        {
            throw new InvalidDataException($"format_version '{stored}' is not a version this emulator wrote");
        }
        else if (version > StateFormat.Version)
        {
            throw new InvalidDataException($"the data was written by a newer emulator (format {version}; this one reads up to {StateFormat.Version})");
        }
        // Versions 1..StateFormat.Version: no migration exists yet. A format change adds one step per version here.
        tx.Commit();
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters) command.Parameters.Add(new SqliteParameter(p, null));
        command.Prepare();
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        command.ExecuteNonQuery();
    }

    private static string? Scalar(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command.ExecuteScalar()?.ToString();
    }
}
