using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OnCall.Engine.Rotations;

/// <summary>Request bodies written field by field, so the order and shape are exactly the vendor's.</summary>
internal static class RotationJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>UTC with a Z, milliseconds only when there are any (as the recorded Datadog requests have them).</summary>
    public static string Utc(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return utc.ToString(utc.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>UTC with a Z, whole seconds (ZStack's examples).</summary>
    public static string UtcSeconds(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
