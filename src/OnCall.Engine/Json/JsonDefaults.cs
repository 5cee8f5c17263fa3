using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OnCall.Engine.Json;

/// <summary>The one set of JSON options every vendor client uses.</summary>
internal static class JsonDefaults
{
    /// <summary>
    /// Case-insensitive (VictorOps spells onCallNow and oncallNow on different days), tolerant of
    /// numbers in strings, and of times as ISO strings or epoch numbers.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            // The DTOs' generated metadata first; anything else (request bodies, Read<T> of other types) by reflection.
            TypeInfoResolver = JsonTypeInfoResolver.Combine(EngineJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.Converters.Add(new FlexibleDateTimeOffsetConverter());
        options.Converters.Add(new FlexibleNullableDateTimeOffsetConverter());
        options.MakeReadOnly();
        return options;
    }
}
