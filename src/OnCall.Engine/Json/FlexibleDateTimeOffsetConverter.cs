using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OnCall.Engine.Json;

/// <summary>
/// Reads a time given as an ISO-8601 string, epoch milliseconds or epoch seconds (VictorOps uses
/// all three); writes ISO-8601 with offset.
/// </summary>
internal sealed class FlexibleDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    // Epoch numbers below this are seconds: 1e11 seconds is the year 5138, 1e11 ms is 1973.
    private const long SecondsMillisecondsBoundary = 100_000_000_000;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeParsing.ReadTime(ref reader) ?? throw new JsonException("A time was expected, and null was found.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));

    // The epoch range DateTimeOffset can hold (years 0001 to 9999), in milliseconds.
    private static readonly double MinEpochMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly double MaxEpochMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>An epoch number as a time; null when it is no time at all (NaN, infinite, beyond year 9999).</summary>
    internal static DateTimeOffset? FromEpoch(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return null;
        }

        var ms = Math.Round(Math.Abs(value) < SecondsMillisecondsBoundary ? value * 1000d : value);
        return ms < MinEpochMilliseconds || ms > MaxEpochMilliseconds ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
    }
}

/// <summary>The nullable twin of <see cref="FlexibleDateTimeOffsetConverter"/>; empty strings read as null.</summary>
internal sealed class FlexibleNullableDateTimeOffsetConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeParsing.ReadTime(ref reader);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStringValue(value.Value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
    }
}

/// <summary>Tolerant time parsing shared by the converters and by code that reads raw JSON.</summary>
internal static class TimeParsing
{
    internal static DateTimeOffset? ReadTime(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                // A number beyond double (1e400) or beyond year 9999 is no time: a JSON error, which the
                // readers report as a malformed answer, never an overflow.
                return reader.TryGetDouble(out var number) && FlexibleDateTimeOffsetConverter.FromEpoch(number) is { } time
                    ? time
                    : throw new JsonException("A time was expected, and a number that is no time was found.");
            case JsonTokenType.String:
                var text = reader.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                return Parse(text!) ?? throw new JsonException($"'{text}' is not a time this module understands (ISO-8601 or epoch).");
            default:
                throw new JsonException($"A time was expected, and {reader.TokenType} was found.");
        }
    }

    /// <summary>
    /// Parses ISO-8601 (with or without offset; none means UTC) or an epoch number in a string; null
    /// for text that is no time, "99999999999999999999" (far beyond year 9999) included.
    /// </summary>
    public static DateTimeOffset? Parse(string text)
    {
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            return FlexibleDateTimeOffsetConverter.FromEpoch(epoch);
        }

        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            return parsed;
        }

        // VictorOps documents yyyy-MM-dd'T'HH:mm:ssZ with Z as an RFC 822 offset (+0000).
        if (DateTimeOffset.TryParseExact(trimmed, "yyyy-MM-dd'T'HH:mm:sszzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed)
            || DateTimeOffset.TryParseExact(trimmed, "yyyy-MM-dd'T'HH:mm:ss.FFFzzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed))
        {
            return parsed;
        }

        return null;
    }

    /// <summary>
    /// A time as the vendors take it in a query or a body: UTC, whole seconds, with a Z, so no '+' needs
    /// escaping (Datadog, vendor-apis.md C.2; ZStack's examples; VictorOps' documented form).
    /// </summary>
    public static string FormatUtc(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads a time out of a raw JSON value of any of the accepted shapes.</summary>
    public static DateTimeOffset? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.TryGetDouble(out var number) ? FlexibleDateTimeOffsetConverter.FromEpoch(number) : null,
        JsonValueKind.String => string.IsNullOrWhiteSpace(element.GetString()) ? null : Parse(element.GetString()!),
        _ => null,
    };
}
