using System;
using System.Collections.Generic;
using System.Linq;
using NodaTime;

namespace OnCall.Engine.Tests.Scheduling;

/// <summary>Local wall-clock times in a zone, the way the tests think about schedules.</summary>
internal static class ScheduleTestTime
{
    public static DateTimeOffset Local(string zone, int year, int month, int day, int hour = 0, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(DateTimeZoneProviders.Tzdb[zone]).ToDateTimeOffset();

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    public static TimeSpan OffsetAt(string zone, DateTimeOffset instant) =>
        DateTimeZoneProviders.Tzdb[zone].GetUtcOffset(Instant.FromDateTimeOffset(instant)).ToTimeSpan();

    public static string Describe(IEnumerable<Shift> shifts) =>
        string.Join(Environment.NewLine, shifts.Select(s => $"{s.User} {s.Start:O} {s.End:O} {(s.IsOverride ? "override for " + s.OriginalUser : string.Empty)}"));

    /// <summary>Every invariant a rendered list must hold whatever the schedule (<paramref name="merged"/>: rendered with merge).</summary>
    public static void AssertWellFormed(IReadOnlyList<Shift> shifts, DateTimeOffset windowStart, DateTimeOffset windowEnd, string zone, bool merged = false)
    {
        for (var i = 0; i < shifts.Count; i++)
        {
            var shift = shifts[i];
            Assert.True(shift.End > shift.Start, "zero-length or reversed shift: " + Describe(new[] { shift }));
            Assert.True(shift.Start >= windowStart && shift.End <= windowEnd, "shift outside the window: " + Describe(new[] { shift }));
            Assert.Equal(OffsetAt(zone, shift.Start), shift.Start.Offset);
            Assert.Equal(OffsetAt(zone, shift.End), shift.End.Offset);
            Assert.False(string.IsNullOrEmpty(shift.User));
            if (i > 0)
            {
                var previous = shifts[i - 1];
                Assert.True(previous.End <= shift.Start, "overlap: " + Describe(new[] { previous, shift }));
                var mergeable = previous.End == shift.Start && previous.User == shift.User && previous.IsOverride == shift.IsOverride;
                Assert.False(merged && mergeable, "unmerged neighbours: " + Describe(new[] { previous, shift }));
            }
        }
    }
}
