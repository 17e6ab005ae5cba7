namespace LineageEmulator.State.Persistence;

/// <summary>A problem that stops the emulator from starting, with a message meant for the person starting it.</summary>
public sealed class EmulatorStartupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Where the state lives for the process lifetime: in memory (the default) or in a data directory,
/// whose lock file and database it holds open until disposed.
/// </summary>
public sealed class StateHost : IDisposable
{
    public const string LockFileName = "lineage-emulator.lock";

    /// <summary>How long a write waits for a database file another program holds before it fails with a 500.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(2);

    private readonly FileStream? lockFile;
    private readonly SqliteStateFile? file;

    private StateHost(Store store, FileStream? lockFile, SqliteStateFile? file)
    {
        Store = store;
        this.lockFile = lockFile;
        this.file = file;
    }

    public Store Store { get; }

    /// <summary>"memory" or "sqlite".</summary>
    public string Mode => file is null ? "memory" : "sqlite";

    /// <summary>The database file, when persistent.</summary>
    public string? DatabasePath => file?.Path;

    public static StateHost Open(string? dataDirectory)
    {
        if (dataDirectory is null) return new StateHost(new Store(), null, null);

        var dir = Path.GetFullPath(dataDirectory);
        var lockFile = Lock(dir);
        var dbPath = Path.Combine(dir, SqliteStateFile.FileName);
        SqliteStateFile? file = null;
        try
        {
            file = SqliteStateFile.Open(dbPath, BusyTimeout);
            var store = new Store(file);
            file.Load(store);
            return new StateHost(store, lockFile, file);
        }
        catch (Exception e)
        {
            file?.Dispose();
            lockFile.Dispose();
            throw new EmulatorStartupException($"cannot load state from {dbPath}: {e.Message}", e);
        }
    }

    /// <summary>
    /// One emulator per data directory: two writers would each believe their memory is the state. The lock
    /// (an exclusive open of the lock file) is held until exit and released by the OS even on kill -9.
    /// </summary>
    private static FileStream Lock(string dir)
    {
        var path = Path.Combine(dir, LockFileName);
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EmulatorStartupException($"cannot create data directory {dir}: {e.Message}", e);
        }
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new EmulatorStartupException($"data directory {dir} is not writable: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new EmulatorStartupException(
                $"data directory {dir} is in use by another emulator (cannot lock {path}); stop it or choose another --data-dir", e);
        }
    }

    private readonly Lock disposing = new();
    private bool disposed;

    /// <summary>Closes the database (checkpointing the WAL), then releases the directory. A second call waits for the first.</summary>
    public void Dispose()
    {
        lock (disposing)
        {
            if (disposed) return;
            disposed = true;
            file?.Dispose();
            lockFile?.Dispose();
        }
    }
}
