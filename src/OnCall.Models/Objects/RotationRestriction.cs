using System;
using System.Globalization;
using System.Linq;

namespace OnCall;

/// <summary>
/// A weekly window of local time in which a rotation applies, for example Monday 09:00 to Friday 17:00
/// (one continuous window, as Datadog reads it). An end at or before the start runs into the next week.
/// Made from text ("Monday 09:00 - Friday 17:00"), from a hashtable, or with the constructor.
/// </summary>
public sealed class RotationRestriction : IEquatable<RotationRestriction>
{
    private static readonly string[] Separators = { " - ", "-", " to " };
    private static readonly char[] Space = { ' ' };
    private static readonly string[] TimeFormats = { "h\\:mm", "hh\\:mm", "h\\:mm\\:ss", "hh\\:mm\\:ss" };

    public RotationRestriction()
    {
    }

    public RotationRestriction(DayOfWeek startDay, TimeSpan startTime, DayOfWeek endDay, TimeSpan endTime)
    {
        StartDay = startDay;
        StartTime = startTime;
        EndDay = endDay;
        EndTime = endTime;
    }

    public DayOfWeek StartDay { get; set; }

    public TimeSpan StartTime { get; set; }

    public DayOfWeek EndDay { get; set; }

    public TimeSpan EndTime { get; set; }

    /// <summary>"Monday 09:00 - Friday 17:00" (also "mon 9:00-fri 17:00:00", or "to" between the ends).</summary>
    public static RotationRestriction Parse(string text)
    {
        var value = (text ?? string.Empty).Trim();
        foreach (var separator in Separators)
        {
            var at = value.IndexOf(separator, StringComparison.OrdinalIgnoreCase);
            if (at > 0 && TryEnd(value.Substring(0, at), out var startDay, out var startTime) && TryEnd(value.Substring(at + separator.Length), out var endDay, out var endTime))
            {
                return new RotationRestriction(startDay, startTime, endDay, endTime);
            }
        }

        throw new FormatException(string.Format(CultureInfo.InvariantCulture, "'{0}' is not a weekly window: write it as 'Monday 09:00 - Friday 17:00'.", text));
    }

    public bool Equals(RotationRestriction? other) =>
        other is not null && other.StartDay == StartDay && other.StartTime == StartTime && other.EndDay == EndDay && other.EndTime == EndTime;

    public override bool Equals(object? obj) => Equals(obj as RotationRestriction);

    public override int GetHashCode() => ((int)StartDay * 7) + (int)EndDay + StartTime.GetHashCode() ^ EndTime.GetHashCode();

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} {1:hh\\:mm} - {2} {3:hh\\:mm}", StartDay, StartTime, EndDay, EndTime);

    private static bool TryEnd(string text, out DayOfWeek day, out TimeSpan time)
    {
        day = DayOfWeek.Sunday;
        time = TimeSpan.Zero;
        var parts = text.Trim().Split(Space, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return false;
        }

        var name = parts[0].ToLowerInvariant();
        var match = Enum.GetValues(typeof(DayOfWeek)).Cast<DayOfWeek>()
            .Where(d => name.Length >= 3 && d.ToString().StartsWith(name, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (match.Count != 1)
        {
            return false;
        }

        day = match[0];
        return TimeSpan.TryParseExact(parts[1], TimeFormats, CultureInfo.InvariantCulture, out time)
            && time >= TimeSpan.Zero && time < TimeSpan.FromDays(1);
    }
}
