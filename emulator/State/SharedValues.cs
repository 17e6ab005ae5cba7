using System.Collections.Concurrent;
using LineageEmulator.Model.SageMaker;

namespace LineageEmulator.State;

/// <summary>
/// Values that many rows repeat, kept once: the identity of the caller on every row it writes, entity and
/// association types, owner accounts. Rows are immutable, so sharing one instance among them is invisible to
/// clients and to the on-disk format. Clients choose these values, so the pools are bounded: past the bound a
/// value is just not shared.
/// </summary>
public static class SharedValues
{
    private const int MaxEach = 65_536;
    private static readonly ConcurrentDictionary<string, string> Strings = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(string Arn, string PrincipalId), UserContext> Identities = new();

    /// <summary>The shared instance of a short, often repeated string (a type name, an account id).</summary>
    public static string? Of(string? value) =>
        value is null ? null
        : Strings.TryGetValue(value, out var shared) ? shared
        : Strings.Count < MaxEach ? Strings.GetOrAdd(value, value)
        : value;

    /// <summary>How SageMaker records an IAM identity in CreatedBy/LastModifiedBy, one instance per principal.</summary>
    public static UserContext Identity(string principalArn, string principalId)
    {
        if (Identities.TryGetValue((principalArn, principalId), out var shared)) return shared;
        var made = new UserContext { IamIdentity = new IamIdentity { Arn = principalArn, PrincipalId = Of(principalId) } };
        return Identities.Count < MaxEach ? Identities.GetOrAdd((principalArn, principalId), made) : made;
    }
}
