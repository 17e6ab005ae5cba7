using LineageEmulator.State;
using LineageEmulator.State.Persistence;
using Microsoft.Data.Sqlite;

namespace LineageEmulator.Tests.Persistence;

public sealed class FormatTests
{
    private static string FixturePath => Path.Combine(AppContext.BaseDirectory, "Fixtures", "state-v1.db");

    [Fact]
    public void The_version_1_fixture_database_loads_to_exactly_the_fixture_state()
    {
        using var dir = new TempDir();
        File.Copy(FixturePath, Path.Combine(dir.Path, SqliteStateFile.FileName));
        var expected = new Store();
        StateFixture.Populate(expected);

        using var host = StateHost.Open(dir.Path);
        Assert.Equal(StateExport.Of(expected), StateExport.Of(host.Store));
        Assert.Empty(StateInvariants.Check(host.Store));
    }

    [Fact]
    public void A_new_database_records_its_format_version()
    {
        using var dir = new TempDir();
        StateHost.Open(dir.Path).Dispose();
        Assert.Equal(StateFormat.Version.ToString(), Query(dir.Path, "SELECT value FROM meta WHERE key = 'format_version'"));
        Assert.Equal("wal", Query(dir.Path, "PRAGMA journal_mode"));
    }

    [Fact]
    public void A_database_from_a_newer_emulator_is_refused_not_misread()
    {
        using var dir = new TempDir();
        StateHost.Open(dir.Path).Dispose();
        Query(dir.Path, "UPDATE meta SET value = '99' WHERE key = 'format_version'");
        var e = Assert.Throws<EmulatorStartupException>(() => StateHost.Open(dir.Path));
        Assert.Contains("newer emulator", e.Message);
    }

    [Fact]
    public void A_row_of_an_unknown_table_stops_the_load()
    {
        using var dir = new TempDir();
        StateHost.Open(dir.Path).Dispose();
        Query(dir.Path, "INSERT INTO rows VALUES('111122223333', 'us-east-1', 'mystery', 'k', '{}')");
        var e = Assert.Throws<EmulatorStartupException>(() => StateHost.Open(dir.Path));
        Assert.Contains("'mystery'", e.Message);
    }

    /// <summary>
    /// Table names are the frozen tags of the on-disk format (Garnet freezes its persisted enums the same
    /// way): renaming one would orphan every saved row of it. A new table adds its name here on purpose.
    /// </summary>
    [Fact]
    public void Table_names_are_frozen_and_unique()
    {
        string[] frozen =
        [
            "artifacts", "actions", "contexts", "trial-components", "associations", "lineage-groups", "tags",
            "experiments", "trials", "trial-memberships",
            "ram-shares", "ram-share-associations", "ram-invitations", "ram-client-tokens",
            "training-jobs", "processing-jobs", "transform-jobs", "models", "endpoint-configs", "endpoints",
            "model-package-groups", "model-packages",
            "ram-permissions", "ram-replace-work", "ram-organization-sharing",
        ];
        var names = new Store().Partition("111122223333", "us-east-1").AllTables.Select(t => t.Name).ToList();
        Assert.Equal(frozen.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Records_tolerate_unknown_and_missing_members()
    {
        var table = new Store().Partition("111122223333", "us-east-1").LineageGroups;
        var row = (LineageGroupRecord)table.Deserialize(
            """{"Arn":"a","Name":"n","Future":{"x":1},"CreationTime":"2024-01-02T03:04:05.678+00:00","CreatedBy":{},"LastModifiedBy":{}}""");        Assert.Equal("a", row.Arn);
        Assert.Null(row.Description);
        Assert.Equal(678, row.CreationTime.Millisecond);
        // A member the record never allows null is required: a row without it is not a row.
        var e = Assert.Throws<System.Text.Json.JsonException>(() => table.Deserialize(
            """{"Name":"n","CreationTime":"2024-01-02T03:04:05.678+00:00","CreatedBy":{},"LastModifiedBy":{}}"""));
        Assert.Contains("'Arn'", e.Message);
    }

    internal static string? Query(string dir, string sql)
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(dir, SqliteStateFile.FileName)};Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
