using System.Text;
using System.Text.Json;
using LineageEmulator.State;

namespace LineageEmulator.Authorization;

/// <summary>
/// The resource policy that RAM sharing produces on a lineage group: one Allow statement naming each
/// account that has accepted, for exactly the actions SageMaker lets other accounts perform.
/// GetLineageGroupPolicy and RAM's GetResourcePolicies both return this document.
/// </summary>
public static class LineageGroupPolicy
{
    /// <summary>The policy of the owner's lineage group, or null while no account has access.</summary>
    public static string? Build(Authorizer authorizer, Partition owner, DateTimeOffset now)
    {
        var accounts = authorizer.Grants.GrantedAccounts(owner, now);
        if (accounts.Count == 0) return null;

        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("Version", "2012-10-17");
            w.WriteStartArray("Statement");
            w.WriteStartObject();
            w.WriteString("Sid", "FullLineageAccess");
            w.WriteString("Effect", "Allow");
            w.WriteStartObject("Principal");
            w.WriteStartArray("AWS");
            foreach (var account in accounts) w.WriteStringValue($"arn:aws:iam::{account}:root");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("Action");
            foreach (var action in Authorizer.SharedActions) w.WriteStringValue(action);
            w.WriteEndArray();
            w.WriteString("Resource", owner.DefaultLineageGroupArn);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
