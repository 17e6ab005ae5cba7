using LineageEmulator.Authorization;
using LineageEmulator.Hosting;
using LineageEmulator.State;
using LineageEmulator.Wire;

namespace LineageEmulator.Operations;

/// <summary>Everything a handler may use besides its typed request. Handlers never see HttpContext.</summary>
public sealed class CallContext(Caller caller, string requestId, DateTimeOffset now, Store store, Transaction? tx,
    Authorizer authorizer, EmulatorOptions options)
{
    public Caller Caller { get; } = caller;
    public string RequestId { get; } = requestId;
    /// <summary>The request's time, to the millisecond, as AWS reports timestamps.</summary>
    public DateTimeOffset Now { get; } = now;
    public Store Store { get; } = store;
    public Authorizer Authorizer { get; } = authorizer;
    public EmulatorOptions Options { get; } = options;

    /// <summary>
    /// The caller's own account and region. A read never creates it: an account that has stored nothing reads
    /// an empty partition that is not kept, so made-up accounts and regions cost nothing.
    /// </summary>
    public Partition Home => tx is null
        ? Store.FindPartition(Caller.AccountId, Caller.Region) ?? Store.Detached(Caller.AccountId, Caller.Region)
        : Store.Partition(Caller.AccountId, Caller.Region);

    /// <summary>The transaction of a write operation; read operations have none.</summary>
    public Transaction Tx => tx ?? throw new InvalidOperationException("a read-only operation tried to change state");
}
