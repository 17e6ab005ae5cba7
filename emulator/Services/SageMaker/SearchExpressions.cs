using System.Globalization;
using System.Text.Json.Nodes;
using LineageEmulator.Model.SageMaker;

namespace LineageEmulator.Services.SageMaker;

/// <summary>
/// Search's boolean language, evaluated over resource documents: a resource as the wire shows it inside a
/// SearchRecord (the JSON of Experiment, Trial or TrialComponent). Property names are the documented dotted
/// paths into that document, optionally qualified by the record member ("TrialComponent.DisplayName").
/// Paths go through lists (Parents.TrialName matches any parent), through the key/value lists AWS treats
/// as maps (Tags.&lt;key&gt;, Metrics.&lt;name&gt;.Max), and a parameter value reads as its number or string
/// (Parameters.hp1, as the SDK's ExperimentAnalytics filters, or Parameters.hp1.NumberValue).
/// </summary>
public static class SearchExpressions
{
    /// <summary>"The maximum number of recursive SubExpressions, NestedFilters, and Filters ... is 50."</summary>
    public const int MaxElements = 50;

    /// <summary>The properties on which Contains may be used more than once (Filter.Operator's documentation).</summary>
    private static readonly string[] RepeatableContains =
    [
        "Experiment.DisplayName", "Experiment.ExperimentName", "Experiment.Tags",
        "Trial.DisplayName", "Trial.TrialName", "Trial.Tags",
        "TrialComponent.DisplayName", "TrialComponent.TrialComponentName", "TrialComponent.Tags",
        "TrialComponent.InputArtifacts", "TrialComponent.OutputArtifacts",
    ];

    /// <summary>
    /// Rejects what the model's constraints cannot say: an empty expression, too many elements, a missing or
    /// unusable Value, a nested filter on another property, a second Contains where only one is allowed.
    /// </summary>
    public static void Check(SearchExpression expression, string member)
    {
        var contains = 0;
        if (Count(expression, member, ref contains) > MaxElements)
            throw new ValidationException($"The SearchExpression has more than {MaxElements} SubExpressions, NestedFilters and Filters.");
        if (contains > 1) throw new ValidationException("'CONTAINS' operator usage limit of 1 exceeded.");
    }

    private static int Count(SearchExpression e, string member, ref int contains)
    {
        if (e.Filters is not { Count: > 0 } && e.NestedFilters is not { Count: > 0 } && e.SubExpressions is not { Count: > 0 })
            throw new ValidationException("A SearchExpression must contain at least one subexpression, filter, or nested filter.");
        var n = 0;
        foreach (var f in e.Filters ?? []) n += CheckFilter(f, member, ref contains);
        foreach (var nested in e.NestedFilters ?? [])
        {
            n++;
            var list = Qualified(nested.NestedPropertyName!, member);
            foreach (var f in nested.Filters ?? [])
            {
                if (!Qualified(f.Name!, member).StartsWith(list + ".", StringComparison.Ordinal))
                    throw new ValidationException($"Nested filter property '{f.Name}' must be a property of '{nested.NestedPropertyName}'.");
                n += CheckFilter(f, member, ref contains);
            }
        }
        foreach (var sub in e.SubExpressions ?? []) n += 1 + Count(sub, member, ref contains);
        return n;
    }

    private static int CheckFilter(Filter f, string member, ref int contains)
    {
        var op = f.Operator ?? OperatorValues.Equals_;
        if (op is OperatorValues.Exists or OperatorValues.NotExists) return 1;
        if (f.Value is null) throw new ValidationException($"Filter on '{f.Name}' with operator {op} requires a Value.");
        if (IsOrdering(op) && Number(f.Value) is null)
            throw new ValidationException($"Value '{f.Value}' of the {op} filter on '{f.Name}' must be a number or a timestamp (YYYY-mm-ddTHH:MM:SS).");
        if (op == OperatorValues.Contains)
        {
            var name = Qualified(f.Name!, member);
            if (!RepeatableContains.Any(p => name == p || name.StartsWith(p + ".", StringComparison.Ordinal))) contains++;
        }
        return 1;
    }

    /// <summary>Whether a document satisfies the expression; Operator defaults to And.</summary>
    public static bool Matches(JsonNode document, SearchExpression e, string member)
    {
        var conditions = (e.Filters ?? []).Select(f => (Func<bool>)(() => Test(document, f, member)))
            .Concat((e.NestedFilters ?? []).Select(n => (Func<bool>)(() => TestNested(document, n, member))))
            .Concat((e.SubExpressions ?? []).Select(s => (Func<bool>)(() => Matches(document, s, member))));
        return e.Operator == BooleanOperatorValues.Or ? conditions.Any(c => c()) : conditions.All(c => c());
    }

    /// <summary>"A nested filter is satisfied if a single object in the list satisfies all Boolean expressions."</summary>
    private static bool TestNested(JsonNode document, NestedFilters nested, string member)
    {
        var list = Qualified(nested.NestedPropertyName!, member);
        var elements = Resolve(document, list, member).SelectMany(n => n is JsonArray a ? a.Where(x => x is not null)! : [n]);
        return elements.Any(element => (nested.Filters ?? []).All(f =>
            Test(element!, new Filter { Name = Qualified(f.Name!, member)[(list.Length + 1)..], Operator = f.Operator, Value = f.Value }, null)));
    }

    private static bool Test(JsonNode document, Filter f, string? member)
    {
        var values = Resolve(document, f.Name!, member);
        // "If you specify a Value, but not an Operator, SageMaker uses the equals operator."
        var op = f.Operator ?? OperatorValues.Equals_;
        var value = f.Value!;
        return op switch
        {
            OperatorValues.Exists => values.Any(HasContent),
            OperatorValues.NotExists => !values.Any(HasContent),
            OperatorValues.Equals_ => values.Any(v => AreEqual(v, value)),
            OperatorValues.NotEquals => !values.Any(v => AreEqual(v, value)),
            // "one of the comma delimited strings in Value"
            OperatorValues.In => values.Any(v => value.Split(',').Any(item => AreEqual(v, item.Trim()))),
            OperatorValues.Contains => values.Any(v => ContainsText(v, value)),
            // Ordering is "not supported for text properties": only numbers and timestamps compare.
            _ => values.Any(v => Compare(v, value) is { } c && op switch
            {
                OperatorValues.GreaterThan => c > 0,
                OperatorValues.GreaterThanOrEqualTo => c >= 0,
                OperatorValues.LessThan => c < 0,
                _ => c <= 0,
            }),
        };
    }

    /// <summary>A property's sort key: numbers (and timestamps) in numeric order, then text in ordinal order.</summary>
    public static string? SortValue(JsonNode document, string property, string member)
    {
        foreach (var v in Resolve(document, property, member))
        {
            if (v is not JsonValue value) continue;
            if (value.TryGetValue<double>(out var d)) return "n" + Sortable(d);
            if (value.TryGetValue<string>(out var s)) return "s" + s;
            if (value.TryGetValue<bool>(out var b)) return "b" + (b ? "1" : "0");
        }
        return null;
    }

    /// <summary>Every value a property path reaches in a document (none when the property is absent).</summary>
    public static List<JsonNode> Resolve(JsonNode document, string property, string? member)
    {
        var found = new List<JsonNode>();
        var path = member is not null && property.StartsWith(member + ".", StringComparison.Ordinal) ? property[(member.Length + 1)..] : property;
        Walk(document, path.Split('.'), 0, found);
        return found;
    }

    private static string Qualified(string property, string member) =>
        property.StartsWith(member + ".", StringComparison.Ordinal) ? property : member + "." + property;

    private static void Walk(JsonNode? node, string[] parts, int i, List<JsonNode> found)
    {
        if (node is null) return;
        if (i == parts.Length)
        {
            found.Add(Unwrap(node));
            return;
        }
        // Keys may themselves contain dots ("sagemaker:pipeline.step" tags, "validation:auc" metrics are
        // fine either way): the longest key that exists wins.
        switch (node)
        {
            case JsonObject o:
                for (var j = parts.Length; j > i; j--)
                    if (o.TryGetPropertyValue(string.Join('.', parts, i, j - i), out var child))
                    {
                        Walk(child, parts, j, found);
                        return;
                    }
                return;
            case JsonArray a when KeyMember(a) is { } key:
                for (var j = parts.Length; j > i; j--)
                {
                    var name = string.Join('.', parts, i, j - i);
                    var matches = a.OfType<JsonObject>().Where(e => e[key] is JsonValue k && k.TryGetValue<string>(out var s) && s == name).ToList();
                    if (matches.Count == 0) continue;
                    foreach (var e in matches) Walk(key == "Key" ? e["Value"] : e, parts, j, found);
                    return;
                }
                return;
            case JsonArray a:
                foreach (var element in a) Walk(element, parts, i, found);
                return;
        }
    }

    /// <summary>Lists SageMaker searches as maps: tags by Key (to their Value), metrics by MetricName.</summary>
    private static string? KeyMember(JsonArray a) => a.FirstOrDefault() is JsonObject first
        ? first.ContainsKey("Key") && first.ContainsKey("Value") ? "Key" : first.ContainsKey("MetricName") ? "MetricName" : null
        : null;

    /// <summary>A trial component parameter reads as its value: {"NumberValue": 0.1} is 0.1.</summary>
    private static JsonNode Unwrap(JsonNode node) =>
        node is JsonObject { Count: 1 } o && (o["NumberValue"] ?? o["StringValue"]) is { } inner ? inner : node;

    private static bool HasContent(JsonNode v) => v switch
    {
        JsonArray a => a.Count > 0,
        JsonObject o => o.Count > 0,
        _ => true,
    };

    private static bool AreEqual(JsonNode v, string text)
    {
        if (v is not JsonValue value) return false;
        if (value.TryGetValue<string>(out var s)) return s == text;
        if (value.TryGetValue<bool>(out var b)) return bool.TryParse(text, out var t) && t == b;
        return Compare(v, text) == 0;
    }

    private static int? Compare(JsonNode v, string text) =>
        v is JsonValue value && value.TryGetValue<double>(out var d) && Number(text) is { } n ? d.CompareTo(n) : null;

    private static bool ContainsText(JsonNode v, string text) => v switch
    {
        JsonValue value => value.TryGetValue<string>(out var s) && s.Contains(text, StringComparison.Ordinal),
        JsonArray a => a.Any(e => e is not null && ContainsText(e, text)),
        JsonObject o => o.Any(p => p.Value is not null && ContainsText(p.Value, text)),
        _ => false,
    };

    /// <summary>A filter value as a number: a decimal, or an ISO 8601 time as epoch seconds (how timestamps travel).</summary>
    private static double? Number(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            return t.ToUnixTimeMilliseconds() / 1000.0;
        return null;
    }

    private static bool IsOrdering(string op) => op is OperatorValues.GreaterThan or OperatorValues.GreaterThanOrEqualTo
        or OperatorValues.LessThan or OperatorValues.LessThanOrEqualTo;

    // Order-preserving text for a double: flip the sign bit of positives, all bits of negatives.
    private static string Sortable(double d)
    {
        var bits = BitConverter.DoubleToInt64Bits(d);
        var u = bits < 0 ? ~(ulong)bits : (ulong)bits | 0x8000000000000000UL;
        return u.ToString("X16", CultureInfo.InvariantCulture);
    }
}
