using System;
using System.Globalization;
using OnCall.Engine.Providers.ZStack;
using OnCall.Engine.Scheduling;

namespace OnCall.Engine.Rotations;

/// <summary>Shift lengths between the user's text, the vendors' shapes and the schedule engine.</summary>
internal static class RotationLength
{
    public const string InvalidShiftDuration = "InvalidShiftDuration";

    private static readonly string[] TimeSpanFormats = { "c", "g", "G" };

    /// <summary>
    /// A shift length typed by a person: a Go duration ("168h", "36h30m", ZStack's form) or a TimeSpan
    /// ("7.00:00:00"). Zero, negative and unreadable text are an InvalidShiftDuration error.
    /// </summary>
    public static TimeSpan Parse(string? text)
    {
        var value = (text ?? string.Empty).Trim();
        var parsed = GoDuration.TryParse(value);
        if (parsed is null && value.IndexOf(':') >= 0 && TimeSpan.TryParseExact(value, TimeSpanFormats, CultureInfo.InvariantCulture, out var span))
        {
            parsed = span;
        }

        if (parsed is not { } length)
        {
            throw Invalid(string.Format(CultureInfo.InvariantCulture, "The shift duration '{0}' is not a duration: write it as Go does, for example '168h', '24h' or '36h30m' (or as a TimeSpan such as '7.00:00:00').", text));
        }

        if (length <= TimeSpan.Zero)
        {
            throw Invalid(string.Format(CultureInfo.InvariantCulture, "The shift duration '{0}' is not valid: a shift must last longer than zero.", text));
        }

        return length;
    }

    /// <summary>The Go text of a length ("168h").</summary>
    public static string Text(TimeSpan length) => GoDurationFormat.Format(length);

    /// <summary>Datadog's {days, seconds}: whole days alone are calendar days, any seconds make an elapsed length.</summary>
    public static void FromDatadog(RotationLayer layer, long days, long seconds)
    {
        layer.IntervalDays = days;
        layer.IntervalSeconds = seconds;
        layer.ShiftLength = TimeSpan.FromDays(days) + TimeSpan.FromSeconds(seconds);
        layer.CalendarDays = days > 0 && seconds == 0;
    }

    /// <summary>
    /// The interval to send: as read while the length is unchanged, else whole days as days and anything else
    /// as days and the seconds left over (research-9 4.2: {days:1,seconds:300} is 24h5m).
    /// </summary>
    public static (long Days, long Seconds) ToDatadog(RotationLayer layer)
    {
        if (layer.IntervalDays is { } days && layer.IntervalSeconds is { } seconds
            && TimeSpan.FromDays(days) + TimeSpan.FromSeconds(seconds) == layer.ShiftLength)
        {
            return (days, seconds);
        }

        var wholeDays = layer.ShiftLength.Ticks / TimeSpan.TicksPerDay;
        var rest = (layer.ShiftLength - TimeSpan.FromDays(wholeDays)).Ticks / TimeSpan.TicksPerSecond;
        return (wholeDays, rest);
    }

    /// <summary>ZStack's rotationType for a length: 24h daily, 168h weekly, anything else custom (zstack.md:50, INFERRED).</summary>
    public static string ZStackType(TimeSpan length) =>
        length == TimeSpan.FromDays(1) ? "daily" : length == TimeSpan.FromDays(7) ? "weekly" : "custom";

    /// <summary>The shiftDuration to send: ZStack's own text while it still says the same length, else the Go text.</summary>
    public static string ToZStack(RotationLayer layer) =>
        layer.ShiftDuration is { } read && GoDuration.TryParse(read) == layer.ShiftLength ? read : Text(layer.ShiftLength);

    /// <summary>Whether ZStack hands this off at the same local time (daily and weekly whole days), as the module reads it.</summary>
    public static bool ZStackCalendar(string? rotationType, TimeSpan length)
    {
        var type = (rotationType ?? string.Empty).Trim().ToLowerInvariant();
        return length.Ticks % TimeSpan.TicksPerDay == 0 && length > TimeSpan.Zero && (type == "daily" || type == "weekly");
    }

    /// <summary>The schedule engine's length for a layer.</summary>
    public static ShiftLength ToEngine(RotationLayer layer) =>
        layer.CalendarDays && layer.ShiftLength.Ticks % TimeSpan.TicksPerDay == 0 && layer.ShiftLength > TimeSpan.Zero
            ? ShiftLength.Days(checked((int)(layer.ShiftLength.Ticks / TimeSpan.TicksPerDay)))
            : ShiftLength.FromDuration(layer.ShiftLength);

    internal static OnCallException Invalid(string message) =>
        new(OnCallErrorKind.InvalidArgument, InvalidShiftDuration, message);
}
