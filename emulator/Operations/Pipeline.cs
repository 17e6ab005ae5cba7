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
    public object Execute(OperationTable table, IOperation op, object input, Caller caller, string requestId)
    {
        var validator = new Validator();
        op.Validate(input, validator);
        if (validator.Failures.Count > 0) throw table.ValidationError(validator);

        var now = Truncate(options.Clock.GetUtcNow());
        object Run(Transaction? tx)
        {
            foreach (var arn in op.Resources(input))
            {
                // A regional endpoint sees only its region: an ARN of another one names nothing here, whoever
                // owns it, for reads and writes alike (as QueryLineage's traversal already treats it).
                if (Arn.TryParse(arn, out var parsed) && parsed.Region != caller.Region) throw table.NotFound(arn);
                authorizer.Require(caller, op.Action, arn, now);
            }
            return op.Invoke(input, new CallContext(caller, requestId, now, store, tx, authorizer, options));
        }

        return op.Access == Access.Write ? store.Write(tx => Run(tx)) : store.Read(() => Run(null));
    }

    // AWS reports times to the millisecond; keeping only that much makes a stored time equal the one returned.
    private static DateTimeOffset Truncate(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());
}
