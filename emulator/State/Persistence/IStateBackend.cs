namespace LineageEmulator.State.Persistence;

/// <summary>
/// Where the state lives between runs. A backend loads saved rows into a new store at start, makes each
/// transaction durable before it is acknowledged (<see cref="ICommitLog"/>), and describes itself for the
/// health endpoint. <see cref="StateHost.Open"/> chooses one from the options.
/// </summary>
public interface IStateBackend : ICommitLog, IDisposable
{
    /// <summary>The name health reports: "memory" or "sqlite".</summary>
    string Mode { get; }

    /// <summary>Where the state is kept (a file path), or null when it is kept nowhere.</summary>
    string? Location { get; }

    /// <summary>Puts every saved row into the store's tables; observers rebuild the indexes as rows arrive.</summary>
    void Load(Store store);
}

/// <summary>State kept in memory only: nothing to load, nothing to make durable, gone at exit.</summary>
public sealed class InMemoryBackend : IStateBackend
{
    public string Mode => "memory";
    public string? Location => null;
    public void Load(Store store) { }
    public void Commit(IReadOnlyList<Change> changes) { }
    public bool WaitsForDisk => false;
    public void Dispose() { }
}
