namespace LineageEmulator.State.Persistence;

/// <summary>
/// Checks made on the data directory's files before the database is opened, so a damaged or unusable
/// directory stops the emulator with what is wrong and where, instead of starting empty or read-only and
/// failing every write later.
/// </summary>
public static class DataFiles
{
    public static string WalOf(string dbPath) => dbPath + "-wal";

    /// <summary>
    /// The directory must take new files (SQLite creates its log and index beside the database), and the
    /// database and its log, when they exist, must be writable: SQLite would otherwise open them read-only
    /// without a word.
    /// </summary>
    public static void CheckWritable(string dir, string dbPath)
    {
        var probe = Path.Combine(dir, $".lineage-write-probe-{Environment.ProcessId}");
        try
        {
            using (new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EmulatorStartupException($"data directory {dir} is not writable ({e.Message}); make it writable or choose another --data-dir", e);
        }
        foreach (var path in new[] { dbPath, WalOf(dbPath), dbPath + "-shm" })
        {
            if (!File.Exists(path)) continue;
            try
            {
                using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite)) { }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new EmulatorStartupException($"{path} is read-only ({e.Message}); make it writable or choose another --data-dir", e);
            }
        }
    }

    /// <summary>
    /// A database that is empty or missing while a non-empty write-ahead log sits beside it has lost its file
    /// (truncated, deleted or replaced): SQLite would start empty and discard the log's acknowledged writes.
    /// </summary>
    public static void CheckNotDamaged(string dbPath)
    {
        var wal = new FileInfo(WalOf(dbPath));
        if (!wal.Exists || wal.Length == 0) return;
        var db = new FileInfo(dbPath);
        if (!db.Exists || db.Length == 0)
            throw new EmulatorStartupException(
                $"{dbPath} is {(db.Exists ? "empty" : "missing")} but its write-ahead log {wal.FullName} holds {wal.Length} bytes of " +
                "acknowledged writes: the database file was truncated, deleted or replaced. Restore it from a backup, or move " +
                "both files away to start with empty state.");
    }
}
