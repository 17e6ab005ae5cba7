using System.Globalization;

namespace LineageEmulator.Wire;

/// <summary>Parses scalar REST members that arrive in the query string.</summary>
public static class QueryValues
{
    public static int? Int(string? raw, string name) =>
        raw is null ? null
        : int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
        : throw new SerializationException($"Value '{raw}' for query parameter '{name}' is not an integer");

    public static bool? Bool(string? raw, string name) =>
        raw is null ? null
        : bool.TryParse(raw, out var v) ? v
        : throw new SerializationException($"Value '{raw}' for query parameter '{name}' is not a boolean");
}
