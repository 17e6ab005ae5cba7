namespace LineageEmulator.State.Persistence;

/// <summary>A problem that stops the emulator from starting, with a message meant for the person starting it.</summary>
public sealed class EmulatorStartupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Where the state lives for the process lifetime: in memory (the default) or in a data directory,
/// whose lock file and database it holds open until disposed.
/// </summary>
public sealed class StateHost : IDisposable
{
    /// <summary>How long a write waits for a database file another program holds before it fails with a 500.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(2);

    private readonly DirectoryLock? dirLock;

    private StateHost(IStateBackend backend, DirectoryLock? dirLock)
    {
        Backend = backend;
        this.dirLock = dirLock;
        Store = new Store(backend);
        backend.Load(Store);
    }

    public Store Store { get; }

    /// <summary>The backend the state lives in: it loaded the store and commits every transaction.</summary>
    public IStateBackend Backend { get; }

    /// <summary>
    /// Opens the backend the options choose: in memory without a data directory, SQLite in it otherwise
    /// (a new backend is one more case here and one <see cref="IStateBackend"/>).
    /// </summary>
    public static StateHost Open(string? dataDirectory)
    {
        if (dataDirectory is null) return new StateHost(new InMemoryBackend(), null);

        var dir = Path.GetFullPath(dataDirectory);
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EmulatorStartupException($"cannot create data directory {dir}: {e.Message}", e);
        }
        var dirLock = DirectoryLock.Take(dir);
        var dbPath = Path.Combine(dir, SqliteStateFile.FileName);
        SqliteStateFile? file = null;
        try
        {
            DataFiles.CheckWritable(dir, dbPath);
            DataFiles.CheckNotDamaged(dbPath);
            file = SqliteStateFile.Open(dbPath, BusyTimeout);
            file.CheckIntegrity();
            return new StateHost(file, dirLock);
        }
        catch (Exception e)
        {
            file?.Dispose();
            dirLock.Dispose();
            if (e is EmulatorStartupException) throw;
            throw new EmulatorStartupException($"cannot load state from {dbPath}: {e.Message}", e);
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
            Backend.Dispose();
            dirLock?.Dispose();
        }
    }
}
