using System.Text.Json.Nodes;
using LineageEmulator.State;
using LineageEmulator.State.Persistence;
using LineageEmulator.Tests.Infrastructure;

namespace LineageEmulator.Tests.Persistence;

/// <summary>
/// A data directory the emulator cannot trust stops it at start, saying what was found and where: a damaged
/// database, a database emptied beside a log of acknowledged writes, a directory or file it cannot write, a
/// directory another emulator holds (whatever files were deleted in it).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryTrustTests
{
    private static void WriteArtifacts(Store store, string account, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var arn = EntityKinds.Artifact.ArnOf("us-east-1", account, Guid.NewGuid().ToString("N"));
            store.Write(tx =>
            {
                tx.Put(EntityKinds.Artifact.In(store.Partition(account, "us-east-1")), arn, new ArtifactRecord(arn, "a",
                    new Model.SageMaker.ArtifactSource { SourceUri = "s3://trust/" + i }, "DataSet", null, null,
                    LineageSeed.Old, new Model.SageMaker.UserContext(), LineageSeed.Old, new Model.SageMaker.UserContext()));
                return 0;
            });
        }
    }

    /// <summary>A copy of a live directory: the database and the log of writes not yet checkpointed into it.</summary>
    private static TempDir CopyWhileRunning(int writes)
    {
        using var live = new TempDir();
        var copy = new TempDir();
        using var host = StateHost.Open(live.Path);
        WriteArtifacts(host.Store, EmulatorFixture.NewAccount(), writes);
        foreach (var file in Directory.GetFiles(live.Path, SqliteStateFile.FileName + "*"))
            File.Copy(file, Path.Combine(copy.Path, Path.GetFileName(file)));
        return copy;
    }

    [Fact]
    public async Task A_database_emptied_beside_a_log_of_acknowledged_writes_stops_the_emulator()
    {
        using var dir = CopyWhileRunning(5);
        var db = Path.Combine(dir.Path, SqliteStateFile.FileName);
        Assert.True(new FileInfo(DataFiles.WalOf(db)).Length > 0);
        File.WriteAllBytes(db, []);

        using var emulator = EmulatorProcess.Start(dir.Path);
        Assert.NotEqual(0, emulator.WaitExit());
        Assert.Contains($"{db} is empty but its write-ahead log", emulator.StandardError);
        // Nothing was thrown away: the log is still there to recover from.
        Assert.True(new FileInfo(DataFiles.WalOf(db)).Length > 0);

        File.Delete(db);
        var missing = Assert.Throws<EmulatorStartupException>(() => StateHost.Open(dir.Path));
        Assert.Contains("is missing but its write-ahead log", missing.Message);
        await Task.CompletedTask;
    }

    [Fact]
    public void A_database_that_fails_the_integrity_check_stops_the_emulator()
    {
        using var dir = new TempDir();
        using (var host = StateHost.Open(dir.Path)) WriteArtifacts(host.Store, EmulatorFixture.NewAccount(), 300);
        var db = Path.Combine(dir.Path, SqliteStateFile.FileName);
        Assert.False(File.Exists(DataFiles.WalOf(db)) && new FileInfo(DataFiles.WalOf(db)).Length > 0, "closing checkpoints the log");
        // Empty one leaf page of the rows b-tree (cell count 0): reading every row still succeeds and silently
        // misses that page's rows; only the integrity check notices.
        var bytes = File.ReadAllBytes(db);
        var pageSize = (bytes[16] << 8) | bytes[17];
        var leaf = Enumerable.Range(1, bytes.Length / pageSize - 1).Last(p => bytes[p * pageSize] == 0x0A);
        bytes[leaf * pageSize + 3] = 0;
        bytes[leaf * pageSize + 4] = 0;
        File.WriteAllBytes(db, bytes);
        var e = Assert.Throws<EmulatorStartupException>(() => StateHost.Open(dir.Path));
        Assert.True(e.Message.Contains($"{db} fails SQLite's integrity check"), e.Message);
    }

    [Fact]
    public void Deleting_files_in_the_directory_does_not_let_a_second_emulator_in()
    {
        using var dir = new TempDir();
        using var first = StateHost.Open(dir.Path);
        foreach (var file in Directory.GetFiles(dir.Path).Where(f => !Path.GetFileName(f).StartsWith(SqliteStateFile.FileName, StringComparison.Ordinal)))
            File.Delete(file);
        File.Delete(Path.Combine(dir.Path, "lineage-emulator.lock")); // the lock file earlier versions relied on
        var e = Assert.Throws<EmulatorStartupException>(() => StateHost.Open(dir.Path));
        Assert.Contains("in use by another emulator", e.Message);
    }

    [Fact]
    public async Task A_read_only_directory_says_so_not_in_use()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        using var emulator = EmulatorProcess.Start(data, unprivileged: true);
        Assert.NotEqual(0, emulator.WaitExit());
        Assert.Contains($"data directory {data} is not writable", emulator.StandardError);
        Assert.DoesNotContain("in use", emulator.StandardError);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_read_only_database_stops_the_emulator_instead_of_failing_every_write()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        using (var host = StateHost.Open(data)) WriteArtifacts(host.Store, EmulatorFixture.NewAccount(), 1);
        var all = (UnixFileMode)0b111_111_111;
        File.SetUnixFileMode(dir.Path, all);
        File.SetUnixFileMode(data, all);
        var db = Path.Combine(data, SqliteStateFile.FileName);
        File.SetUnixFileMode(db, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var emulator = EmulatorProcess.Start(data, unprivileged: true);
        Assert.NotEqual(0, emulator.WaitExit());
        Assert.Contains($"{db} is read-only", emulator.StandardError);
        await Task.CompletedTask;
    }
}
