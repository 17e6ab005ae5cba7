using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LineageEmulator.Wire;

/// <summary>
/// AWS JSON protocols carry timestamps as epoch seconds. boto3 sends integers, JS v3 sends fractions,
/// some clients send strings; responses always go out as a number with milliseconds because JS v3
/// rejects ISO strings.
/// </summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset?>
{
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return FromSeconds(reader.GetDecimal());
            case JsonTokenType.String:
                var s = reader.GetString()!;
                if (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                    return FromSeconds(seconds);
                if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    return parsed.ToUniversalTime();
                throw new JsonException($"'{s}' is not a timestamp");
            default:
                throw new JsonException("expected a timestamp");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteNumberValue(ToSeconds(value.Value));
    }

    public static decimal ToSeconds(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 1000m;

    private static DateTimeOffset FromSeconds(decimal seconds)
    {
        try
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new JsonException("timestamp out of range");
        }
    }
}
