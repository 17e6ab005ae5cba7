namespace LineageEmulator.Tests.Infrastructure;

/// <summary>
/// A clock that stands still until a test moves it, so anything the emulator computes from time (statuses,
/// association delays, signature ages) is exact. Requests may read it from other threads.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = start;

    public ManualClock() : this(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)) { }

    public DateTimeOffset Now
    {
        get { lock (gate) return now; }
        set { lock (gate) now = value; }
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by)
    {
        lock (gate) now += by;
    }
}
