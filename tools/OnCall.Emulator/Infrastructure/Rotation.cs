using System;

namespace OnCall.Emulator.Infrastructure;

/// <summary>
/// Shift boundaries of a rotation. Whole-day shifts keep their wall-clock hand-over time in the rotation's zone across
/// daylight-saving changes, as the vendors' schedulers do; other lengths are plain elapsed time.
/// </summary>
internal readonly record struct Rotation(DateTimeOffset Start, TimeSpan Length, TimeZoneInfo Zone)
{
    private bool WholeDays => Length.Ticks % TimeSpan.TicksPerDay == 0;

    public DateTimeOffset ShiftStart(long index)
    {
        if (!WholeDays)
        {
            return Start + (Length * index);
        }

        var local = TimeZoneInfo.ConvertTime(Start, Zone).DateTime.AddDays(Length.TotalDays * index);
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);

        // A hand-over inside a spring-forward gap happens at the first valid instant after it.
        while (Zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(30);
        }

        return new DateTimeOffset(unspecified, Zone.GetUtcOffset(unspecified));
    }

    public long IndexAt(DateTimeOffset at)
    {
        var index = (long)Math.Floor((at - Start) / Length);
        while (ShiftStart(index) > at)
        {
            index--;
        }

        while (ShiftStart(index + 1) <= at)
        {
            index++;
        }

        return index;
    }
}
