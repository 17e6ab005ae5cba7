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
        Assert.Equal(SqliteStateFile.FormatVersion.ToString(), Query(dir.Path, "SELECT value FROM meta WHERE key = 'format_version'"));
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

    [Fact]
    public void Every_table_has_a_serializer_and_a_table_without_one_fails_loudly()
    {
        var partition = new Store().Partition("111122223333", "us-east-1");
        StateSerializers.VerifyCovers(partition.AllTables);

        var unknown = new Table<ArtifactRecord>(partition, "brand-new-table");
        var e = Assert.Throws<InvalidOperationException>(() => StateSerializers.VerifyCovers([unknown]));
        Assert.Contains("'brand-new-table' has no serializer", e.Message);
        var wrongType = new Table<ActionRecord>(partition, "artifacts");
        Assert.Throws<InvalidOperationException>(() => StateSerializers.VerifyCovers([wrongType]));
    }

    [Fact]
    public void Records_tolerate_unknown_and_missing_members()
    {
        var row = (LineageGroupRecord)StateSerializers.Deserialize("lineage-groups",
            """{"Arn":"a","Name":"n","Future":{"x":1},"CreationTime":"2024-01-02T03:04:05.678+00:00","CreatedBy":{},"LastModifiedBy":{}}""");
        Assert.Equal("a", row.Arn);
        Assert.Null(row.Description);
        Assert.Equal(678, row.CreationTime.Millisecond);
        // A member the record never allows null is required: a row without it is not a row.
        var e = Assert.Throws<System.Text.Json.JsonException>(() => StateSerializers.Deserialize("lineage-groups",
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
