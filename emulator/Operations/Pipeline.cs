using LineageEmulator.Authorization;
using LineageEmulator.Hosting;
using LineageEmulator.State;
using LineageEmulator.Wire;

namespace LineageEmulator.Operations;

/// <summary>
/// The protocol-independent part of every call, in order: validate against the model, then, under the
/// store's lock, authorize every ARN the operation declares and run the handler. A write that throws
/// anywhere is undone, so a rejected or denied call changes nothing.
/// </summary>
public sealed class Pipeline(Store store, Authorizer authorizer, EmulatorOptions options)
{
    /// <summary>Completes once the answer is durable (see <see cref="Store.WriteAsync{T}"/>); the wire awaits it.</summary>
    public ValueTask<object> ExecuteAsync(OperationTable table, IOperation op, object input, Caller caller, string requestId) =>
        Run(table, op, input, caller, requestId, ctx => op.Invoke(input, ctx));

    /// <inheritdoc cref="ExecuteAsync"/>
    public object Execute(OperationTable table, IOperation op, object input, Caller caller, string requestId) =>
        Store.Wait(ExecuteAsync(table, op, input, caller, requestId));

    /// <summary>
    /// Validates and authorizes a read operation exactly as <see cref="Execute"/> does, then answers with
    /// <paramref name="read"/> instead of the operation's handler. The graph view asks QueryLineage's
    /// question as a chosen account and needs more of the answer than the wire shape carries.
    /// </summary>
    public T Read<T>(OperationTable table, IOperation op, object input, Caller caller, Func<CallContext, T> read) =>
        op.Access == Access.Read
            ? Store.Wait(Run(table, op, input, caller, RequestIds.New(), read))
            : throw new InvalidOperationException($"{op.Model.Name} writes; only read operations can be answered another way");

    private ValueTask<T> Run<T>(OperationTable table, IOperation op, object input, Caller caller, string requestId, Func<CallContext, T> body)
    {
        var validator = new Validator();
        op.Validate(input, validator);
        if (validator.Failures.Count > 0) throw table.ValidationError(validator);

        var now = Truncate(options.Clock.GetUtcNow());
        T Authorized(Transaction? tx)
        {
            foreach (var arn in op.Resources(input))
            {
                // A regional endpoint sees only its region: an ARN of another one names nothing here, whoever
                // owns it, for reads and writes alike (as QueryLineage's traversal already treats it).
                if (Arn.TryParse(arn, out var parsed) && parsed.Region != caller.Region) throw table.NotFound(arn);
                authorizer.Require(caller, op.Action, arn, now);
            }
            return body(new CallContext(caller, requestId, now, store, tx, authorizer, options));
        }

        return op.Access == Access.Write ? store.WriteAsync(tx => Authorized(tx)) : store.ReadAsync(() => Authorized(null));
    }

    // AWS reports times to the millisecond; keeping only that much makes a stored time equal the one returned.
    private static DateTimeOffset Truncate(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());
}
