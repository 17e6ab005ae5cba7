using System.Text.Json;
using LineageEmulator.Authorization;
using LineageEmulator.Model.Ram;

namespace LineageEmulator.Services.Ram;

/// <summary>
/// Reads a customer managed permission's policy template. RAM's model documentation for policyTemplate:
/// Effect must be ALLOW; Action lists actions the resource type supports; Condition is optional; the
/// template "can't include either the Resource or Principal elements", which RAM fills in itself.
/// </summary>
public static class PolicyTemplate
{
    /// <summary>The lineage actions the template grants, in the order of <see cref="LineagePermissions.Actions"/>.</summary>
    public static List<string> Actions(string template)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(template);
        }
        catch (JsonException)
        {
            throw Malformed("it is not a JSON document");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Malformed("it is not a JSON object");
            foreach (var member in root.EnumerateObject())
                if (member.Name is not ("Effect" or "Action" or "Condition"))
                    throw Malformed($"it has the element {member.Name}; a template has only Effect, Action and Condition");
            if (!root.TryGetProperty("Effect", out var effect) || effect.ValueKind != JsonValueKind.String
                || !string.Equals(effect.GetString(), "Allow", StringComparison.OrdinalIgnoreCase))
                throw Malformed("its Effect is not Allow");
            if (!root.TryGetProperty("Action", out var action)) throw Malformed("it has no Action");
            var listed = action.ValueKind switch
            {
                JsonValueKind.String => [action.GetString()!],
                JsonValueKind.Array when action.GetArrayLength() > 0 && action.EnumerateArray().All(a => a.ValueKind == JsonValueKind.String) =>
                    action.EnumerateArray().Select(a => a.GetString()!).ToList(),
                _ => throw Malformed("its Action is not an action or a list of actions"),
            };
            if (root.TryGetProperty("Condition", out var condition) && condition.ValueKind != JsonValueKind.Object)
                throw Malformed("its Condition is not an object");

            var granted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pattern in listed)
            {
                var matches = LineagePermissions.Actions.Where(a => Matches(pattern, a)).ToList();
                if (matches.Count == 0)
                    throw new InvalidPolicyException(
                        $"The action {pattern} is not supported by resource type {LineagePermissions.ResourceType}. " +
                        $"Supported actions: {string.Join(", ", LineagePermissions.Actions)}.");
                granted.UnionWith(matches);
            }
            return [.. LineagePermissions.Actions.Where(granted.Contains)];
        }
    }

    private static MalformedPolicyTemplateException Malformed(string why) => new($"The policy template is not valid: {why}.");

    /// <summary>IAM action matching: case-insensitive, with * for any run of characters and ? for one.</summary>
    private static bool Matches(string pattern, string action)
    {
        bool At(int p, int a)
        {
            if (p == pattern.Length) return a == action.Length;
            if (pattern[p] == '*') return At(p + 1, a) || (a < action.Length && At(p, a + 1));
            return a < action.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(action[a])) && At(p + 1, a + 1);
        }
        return At(0, 0);
    }
}
