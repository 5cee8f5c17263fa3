using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// Shifts as an RFC 5545 iCalendar file (Export-OnCallCalendar): one VEVENT per shift, a VTIMEZONE per
/// zone used, built from the tz database for the range the shifts cover.
/// </summary>
/// <remarks>
/// Written by hand because Ical.Net does not restore for netstandard2.0. UIDs are a hash of provider,
/// connection, schedule, team, user and start, so importing a newer export of the same shifts updates the
/// events instead of duplicating them.
/// </remarks>
public static class IcsCalendarWriter
{
    private const int MaxLineOctets = 75;
    private const string LocalFormat = "yyyyMMdd'T'HHmmss";

    /// <summary>The whole calendar as text (CRLF line ends).</summary>
    public static string ToText(IEnumerable<Shift> shifts, CalendarExportOptions? options = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, shifts, options);
        return writer.ToString();
    }

    /// <summary>Writes the calendar to a file as UTF-8 without a byte order mark.</summary>
    public static void WriteFile(string path, IEnumerable<Shift> shifts, CalendarExportOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        Write(writer, shifts, options);
    }

    public static void Write(TextWriter writer, IEnumerable<Shift> shifts, CalendarExportOptions? options = null)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        options ??= new CalendarExportOptions();
        var explicitZone = options.UseUtc || string.IsNullOrWhiteSpace(options.TimeZone) ? null : ScheduleTimeZones.Resolve(options.TimeZone);
        var events = (shifts ?? Enumerable.Empty<Shift>())
            .Where(s => s is not null && s.End > s.Start)
            .Select(s => (Shift: s, Zone: options.UseUtc ? null : explicitZone ?? ZoneOf(s)))
            .OrderBy(e => e.Shift.Start)
            .ToList();
        var stamp = FormatUtc(Instant.FromDateTimeOffset(options.Timestamp ?? DateTimeOffset.UtcNow));

        var output = new ContentLineWriter(writer);
        output.Line("BEGIN:VCALENDAR");
        output.Line("VERSION:2.0");
        output.Line("PRODID:" + options.ProductId);
        output.Line("CALSCALE:GREGORIAN");
        output.Line("METHOD:PUBLISH");
        if (!string.IsNullOrWhiteSpace(options.CalendarName))
        {
            output.Line("X-WR-CALNAME:" + EscapeText(options.CalendarName!));
        }

        foreach (var zoneGroup in events.Where(e => e.Zone is not null).GroupBy(e => e.Zone!.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var zone = zoneGroup.First().Zone!;
            var from = zoneGroup.Min(e => Instant.FromDateTimeOffset(e.Shift.Start));
            var to = zoneGroup.Max(e => Instant.FromDateTimeOffset(e.Shift.End));
            WriteTimeZone(output, zone, from, to);
        }

        foreach (var (shift, zone) in events)
        {
            output.Line("BEGIN:VEVENT");
            output.Line("UID:" + UidFor(shift));
            output.Line("DTSTAMP:" + stamp);
            output.Line(DateProperty("DTSTART", Instant.FromDateTimeOffset(shift.Start), zone));
            output.Line(DateProperty("DTEND", Instant.FromDateTimeOffset(shift.End), zone));
            output.Line("SUMMARY:" + EscapeText(Summary(shift)));
            output.Line("DESCRIPTION:" + EscapeText(Description(shift)));
            output.Line("TRANSP:TRANSPARENT");
            output.Line("END:VEVENT");
        }

        output.Line("END:VCALENDAR");
    }

    /// <summary>The stable UID of a shift's event: the same shift always gets the same UID.</summary>
    public static string UidFor(Shift shift)
    {
        if (shift is null)
        {
            throw new ArgumentNullException(nameof(shift));
        }

        var key = string.Join(
            "\u001f",
            "oncall-shift",
            shift.Provider.ToString(),
            shift.Connection ?? string.Empty,
            shift.ScheduleId ?? shift.Schedule ?? string.Empty,
            shift.Team ?? string.Empty,
            shift.User ?? string.Empty,
            shift.Start.UtcTicks.ToString(CultureInfo.InvariantCulture));
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(key));
        var hex = new StringBuilder(40);
        for (var i = 0; i < 16; i++)
        {
            hex.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
        }

        return hex.Append("@oncall").ToString();
    }

    /// <summary>"On call: alice (team ops)"; the schedule stands in when there is no team.</summary>
    public static string Summary(Shift shift)
    {
        if (shift is null)
        {
            throw new ArgumentNullException(nameof(shift));
        }

        var context = shift.Team is not null ? " (team " + shift.Team + ")"
            : shift.Schedule is not null ? " (schedule " + shift.Schedule + ")"
            : string.Empty;
        return "On call: " + shift.User + context;
    }

    /// <summary>RFC 5545 TEXT escaping: backslash, semicolon, comma and line breaks.</summary>
    public static string EscapeText(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case ';': builder.Append("\\;"); break;
                case ',': builder.Append("\\,"); break;
                case '\r':
                    builder.Append("\\n");
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n': builder.Append("\\n"); break;
                default:
                    // Other control characters are not allowed in TEXT; they carry nothing a reader needs.
                    if (c >= ' ' || c == '\t')
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static string Description(Shift shift)
    {
        var lines = new List<string>();
        if (shift.Schedule is not null)
        {
            lines.Add("Schedule: " + shift.Schedule);
        }

        if (shift.Rotation is not null)
        {
            lines.Add("Rotation: " + shift.Rotation);
        }

        if (shift.IsOverride)
        {
            lines.Add("Override" + (shift.OriginalUser is null ? string.Empty : " for " + shift.OriginalUser));
        }

        lines.Add("Provider: " + shift.Provider.ToString() + (string.IsNullOrEmpty(shift.Connection) ? string.Empty : " (connection " + shift.Connection + ")"));
        return string.Join("\n", lines);
    }

    private static DateTimeZone? ZoneOf(Shift shift) =>
        !string.IsNullOrWhiteSpace(shift.TimeZone) && ScheduleTimeZones.IsKnown(shift.TimeZone) ? ScheduleTimeZones.Resolve(shift.TimeZone) : null;

    private static string DateProperty(string name, Instant instant, DateTimeZone? zone)
    {
        if (zone is null)
        {
            return name + ":" + FormatUtc(instant);
        }

        // A local time that occurs twice (fall-back) means its first occurrence to a reader; the second
        // occurrence can only be written unambiguously in UTC.
        var local = instant.InZone(zone).LocalDateTime;
        var mapping = zone.MapLocal(local);
        if (mapping.Count == 2 && mapping.Last().ToInstant() == instant)
        {
            return name + ":" + FormatUtc(instant);
        }

        return name + ";TZID=" + zone.Id + ":" + local.ToString(LocalFormat, CultureInfo.InvariantCulture);
    }

    private static string FormatUtc(Instant instant) =>
        instant.InUtc().LocalDateTime.ToString(LocalFormat, CultureInfo.InvariantCulture) + "Z";

    private static void WriteTimeZone(ContentLineWriter output, DateTimeZone zone, Instant from, Instant to)
    {
        output.Line("BEGIN:VTIMEZONE");
        output.Line("TZID:" + zone.Id);
        var intervals = zone.GetZoneIntervals(from, to > from ? to : from + Duration.FromTicks(1)).ToList();
        foreach (var interval in intervals)
        {
            var previous = interval.HasStart && interval.Start != Instant.MinValue
                ? zone.GetZoneInterval(interval.Start - Duration.Epsilon).WallOffset
                : interval.WallOffset;
            var onset = interval.HasStart && interval.Start != Instant.MinValue
                ? interval.Start.WithOffset(previous).LocalDateTime
                : new LocalDateTime(1970, 1, 1, 0, 0);
            var kind = interval.Savings != Offset.Zero ? "DAYLIGHT" : "STANDARD";
            output.Line("BEGIN:" + kind);
            output.Line("DTSTART:" + onset.ToString(LocalFormat, CultureInfo.InvariantCulture));
            output.Line("TZOFFSETFROM:" + FormatOffset(previous));
            output.Line("TZOFFSETTO:" + FormatOffset(interval.WallOffset));
            if (!string.IsNullOrEmpty(interval.Name))
            {
                output.Line("TZNAME:" + EscapeText(interval.Name));
            }

            output.Line("END:" + kind);
        }

        output.Line("END:VTIMEZONE");
    }

    private static string FormatOffset(Offset offset)
    {
        var seconds = offset.Seconds;
        var sign = seconds < 0 ? "-" : "+";
        seconds = Math.Abs(seconds);
        var text = sign + (seconds / 3600).ToString("00", CultureInfo.InvariantCulture) + (seconds / 60 % 60).ToString("00", CultureInfo.InvariantCulture);
        return seconds % 60 == 0 ? text : text + (seconds % 60).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>Writes content lines with CRLF ends, folded at 75 octets without splitting a UTF-8 sequence.</summary>
    private sealed class ContentLineWriter
    {
        private readonly TextWriter writer;

        public ContentLineWriter(TextWriter writer)
        {
            this.writer = writer;
        }

        public void Line(string line)
        {
            var octets = 0;
            var limit = MaxLineOctets;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                var isPair = char.IsHighSurrogate(c) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]);
                var size = isPair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
                if (octets + size > limit)
                {
                    // A continuation line starts with one space, which counts towards its 75 octets.
                    writer.Write("\r\n ");
                    octets = 1;
                }

                writer.Write(c);
                if (isPair)
                {
                    writer.Write(line[++i]);
                }

                octets += size;
            }

            writer.Write("\r\n");
        }
    }
}
