namespace LineageEmulator.State;

/// <summary>
/// The state format, whatever holds it: rows keyed by (account, region, table, key), each row the JSON of its
/// table's record. Every backend and the export document write this format, so its version lives here.
/// </summary>
public static class StateFormat
{
    /// <summary>Raise it only with a migration for every backend (see SqliteStateFile.Migrate), never silently.</summary>
    public const int Version = 1;
}
