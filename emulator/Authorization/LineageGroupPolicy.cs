using System.Text;
using System.Text.Json;
using LineageEmulator.State;

namespace LineageEmulator.Authorization;

/// <summary>
/// The resource policy that RAM sharing produces on a lineage group: Allow statements naming every
/// principal the group is shared with now (<see cref="ShareGrants.Grants"/>), one statement per set of
/// actions a share's permission grants. GetLineageGroupPolicy and RAM's GetResourcePolicies both return it.
/// </summary>
public static class LineageGroupPolicy
{
    /// <summary>The policy of the owner's lineage group, or null while nobody has access.</summary>
    public static string? Build(Authorizer authorizer, Partition owner, DateTimeOffset now)
    {
        var grants = authorizer.Grants.Grants(owner, now);
        if (grants.Count == 0) return null;
        // A principal granted by several shares gets the union of their actions.
        var byPrincipal = grants.GroupBy(g => g.PrincipalArn, StringComparer.Ordinal)
            .Select(g => (Principal: g.Key, Actions: LineagePermissions.Actions.Where(a => g.Any(x => x.Actions.Contains(a))).ToList()));
        var statements = byPrincipal.GroupBy(p => string.Join(",", p.Actions), StringComparer.Ordinal)
            .Select(s => (Actions: s.First().Actions, Principals: s.Select(p => p.Principal).Order(StringComparer.Ordinal).ToList()))
            .OrderByDescending(s => s.Actions.Count).ThenBy(s => string.Join(",", s.Actions), StringComparer.Ordinal)
            .ToList();

        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("Version", "2012-10-17");
            w.WriteStartArray("Statement");
            var n = 0;
            foreach (var (actions, principals) in statements)
            {
                w.WriteStartObject();
                w.WriteString("Sid", actions.Count == LineagePermissions.Actions.Count ? "FullLineageAccess" : $"LineageAccess{++n}");
                w.WriteString("Effect", "Allow");
                w.WriteStartObject("Principal");
                w.WriteStartArray("AWS");
                foreach (var principal in principals) w.WriteStringValue(principal);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteStartArray("Action");
                foreach (var action in actions) w.WriteStringValue(action);
                w.WriteEndArray();
                w.WriteString("Resource", owner.DefaultLineageGroupArn);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
