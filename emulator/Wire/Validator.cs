using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LineageEmulator.Wire;

/// <summary>Implemented by every generated shape: checks the model's constraints.</summary>
public interface IShape
{
    void Validate(Validator v, string? prefix);
}

/// <summary>Implemented by generated REST inputs that carry members in the query string.</summary>
public interface IQueryBound
{
    void BindQuery(Func<string, string?> query);
}

/// <summary>
/// Collects constraint failures in the wording of AWS's Coral validator, e.g.
/// <c>Value 'x' at 'artifactType' failed to satisfy constraint: Member must satisfy enum value set: [A, B]</c>.
/// </summary>
public sealed class Validator
{
    private readonly List<Failure> failures = [];

    /// <summary>Which kind of model constraint a value failed.</summary>
    public enum Constraint { Missing, Length, Enum, Pattern, Range, Count, Other }

    /// <summary>One failure: where, which constraint, the value that failed it (null for a missing one), and Coral's sentence.</summary>
    public readonly record struct Failure(string Path, Constraint Constraint, object? Value, string Message)
    {
        public bool IsMissing => Constraint == Constraint.Missing;
    }

    public IReadOnlyList<Failure> Failures => failures;

    public string Member(string? prefix, string name) => prefix is null ? name : prefix + "." + name;

    public string ListItem(string path, int index) =>
        path + "." + (index + 1).ToString(CultureInfo.InvariantCulture) + ".member";

    public string MapValue(string path, string key) => path + "." + key + ".value";

    public void Null(string path) =>
        failures.Add(new(path, Constraint.Missing, null, $"Value null at '{path}' failed to satisfy constraint: Member must not be null"));

    public void MinLength(string path, string value, int min)
    {
        if (value.Length < min) Fail(path, Constraint.Length, value, $"Member must have length greater than or equal to {min}");
    }

    public void MaxLength(string path, string value, int max)
    {
        if (value.Length > max) Fail(path, Constraint.Length, value, $"Member must have length less than or equal to {max}");
    }

    public void Enum(string path, string value, IReadOnlySet<string> allowed)
    {
        if (!allowed.Contains(value))
            Fail(path, Constraint.Enum, value, "Member must satisfy enum value set: [" + string.Join(", ", allowed) + "]");
    }

    public void Pattern(string path, string value, Regex regex, string pattern)
    {
        if (!regex.IsMatch(value)) Fail(path, Constraint.Pattern, value, "Member must satisfy regular expression pattern: " + pattern);
    }

    public void Min(string path, double value, double min)
    {
        if (value < min) Fail(path, Constraint.Range, value, $"Member must have value greater than or equal to {Number(min)}");
    }

    public void Max(string path, double value, double max)
    {
        if (value > max) Fail(path, Constraint.Range, value, $"Member must have value less than or equal to {Number(max)}");
    }

    public void MinCount<T>(string path, IReadOnlyCollection<T> value, int min)
    {
        if (value.Count < min) Fail(path, Constraint.Count, value, $"Member must have length greater than or equal to {min}");
    }

    public void MaxCount<T>(string path, IReadOnlyCollection<T> value, int max)
    {
        if (value.Count > max) Fail(path, Constraint.Count, value, $"Member must have length less than or equal to {max}");
    }

    /// <summary>A check the model cannot express (e.g. "one of two members"), reported like the others.</summary>
    public void Fail(string path, string renderedValue, string constraint) =>
        failures.Add(new(path, Constraint.Other, null, Sentence(renderedValue, path, constraint)));

    private void Fail(string path, Constraint kind, object value, string constraint) =>
        failures.Add(new(path, kind, value, Sentence(Render(value), path, constraint)));

    // Coral leaves the value out entirely when it is not printable (see Render).
    private static string Sentence(string renderedValue, string path, string constraint) =>
        (renderedValue.Length == 0 ? "Value" : "Value " + renderedValue) + $" at '{path}' failed to satisfy constraint: {constraint}";

    /// <summary>The Coral summary: "1 validation error detected: a" or "2 validation errors detected: a; b".</summary>
    public string Summary()
    {
        var n = failures.Count;
        var head = n == 1 ? "1 validation error detected: " : $"{n} validation errors detected: ";
        return head + string.Join("; ", failures.Select(f => f.Message));
    }

    /// <summary>
    /// The value as Coral quotes it, or "" when it holds a structure: AWS then leaves the value out
    /// ("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    /// as IAM answers a 51-tag list), never printing a structure's internal type name.
    /// </summary>
    public static string Render(object? value) =>
        value is null ? "null" : HoldsStructure(value) ? "" : "'" + Plain(value) + "'";

    private static bool HoldsStructure(object value) => value switch
    {
        IShape => true,
        string => false,
        IDictionary map => map.Values.Cast<object?>().Any(v => v is not null && HoldsStructure(v)),
        IEnumerable list => list.Cast<object?>().Any(v => v is not null && HoldsStructure(v)),
        _ => false,
    };

    private static string Number(double d) => d.ToString(CultureInfo.InvariantCulture);

    // Java's toString of the value, which is what Coral prints.
    private static string Plain(object value)
    {
        switch (value)
        {
            case string s:
                return s;
            case double d:
                return Number(d);
            case IDictionary map:
            {
                var sb = new StringBuilder("{");
                var first = true;
                foreach (DictionaryEntry e in map)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    sb.Append(e.Key).Append('=').Append(e.Value is null ? "null" : Plain(e.Value));
                }
                return sb.Append('}').ToString();
            }
            case IEnumerable list:
                return "[" + string.Join(", ", list.Cast<object?>().Select(o => o is null ? "null" : Plain(o))) + "]";
            default:
                return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }
    }
}
