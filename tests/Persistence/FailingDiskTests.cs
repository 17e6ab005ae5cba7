using System.Text.Json.Nodes;
using LineageEmulator.State;
using LineageEmulator.State.Persistence;
using LineageEmulator.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LineageEmulator.Tests.Persistence;

/// <summary>A write that cannot be made durable is a 500 InternalFailure and changes nothing: never a silent success.</summary>
public sealed class FailingDiskTests
{
    private sealed class FailingLog : ICommitLog
    {
        public void Commit(IReadOnlyList<Change> changes) => throw new IOException("No space left on device");
    }

    private static JsonObject NewArtifact() => new()
    {
        ["ArtifactType"] = "DataSet",
        ["Source"] = new JsonObject { ["SourceUri"] = "s3://b/" + Guid.NewGuid() },
    };

    [Fact]
    public async Task A_failing_commit_log_gives_InternalFailure_and_rolls_the_write_back()
    {
        using var dir = new TempDir();
        using var emulator = new PersistentEmulator(dir.Path);
        var account = EmulatorFixture.NewAccount();
        var sm = emulator.SageMaker(account);
        var arn = (await sm.Call("CreateArtifact", NewArtifact())).Ok()["ArtifactArn"]!.GetValue<string>();
        var before = StateExport.Of(emulator.Store);

        var real = emulator.Store.Log;
        emulator.Store.Log = new FailingLog();
        try
        {
            (await sm.Call("CreateArtifact", NewArtifact())).Error("InternalFailure", 500);
            (await sm.Call("UpdateArtifact", new JsonObject { ["ArtifactArn"] = arn, ["ArtifactName"] = "x" })).Error("InternalFailure", 500);
            (await sm.Call("DeleteArtifact", new JsonObject { ["ArtifactArn"] = arn })).Error("InternalFailure", 500);
            // A fresh account's first write would also create its default lineage group: that is undone too.
            (await emulator.SageMaker(EmulatorFixture.NewAccount()).Call("CreateArtifact", NewArtifact())).Error("InternalFailure", 500);
            Assert.Equal(before, StateExport.Of(emulator.Store));
        }
        finally
        {
            emulator.Store.Log = real;
        }
        (await sm.Call("DescribeArtifact", new JsonObject { ["ArtifactArn"] = arn })).Ok();
    }

    [Fact]
    public async Task A_database_locked_by_another_program_fails_the_write_and_the_file_keeps_the_old_state()
    {
        using var dir = new TempDir();
        var account = EmulatorFixture.NewAccount();
        string before;
        using (var emulator = new PersistentEmulator(dir.Path))
        {
            var sm = emulator.SageMaker(account);
            (await sm.Call("CreateArtifact", NewArtifact())).Ok();
            before = StateExport.Of(emulator.Store);

            // Another program takes SQLite's write lock and keeps it past the emulator's busy timeout.
            using (var other = new SqliteConnection($"Data Source={Path.Combine(dir.Path, SqliteStateFile.FileName)};Pooling=False"))
            {
                other.Open();
                using var hold = other.BeginTransaction(deferred: false);
                (await sm.Call("CreateArtifact", NewArtifact())).Error("InternalFailure", 500);
                Assert.Equal(before, StateExport.Of(emulator.Store));
            }
            (await sm.Call("CreateArtifact", NewArtifact())).Ok(); // works again once the file is free
            before = StateExport.Of(emulator.Store);
        }
        using var reopened = StateHost.Open(dir.Path);
        Assert.Equal(before, StateExport.Of(reopened.Store));
    }
}
