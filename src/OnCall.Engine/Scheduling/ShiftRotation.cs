using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// Members taking turns: shift k starts at the k-th handoff after <see cref="Start"/> and belongs to
/// member k modulo the member count. Nobody is on call before the start or from the end on.
/// </summary>
/// <remarks>
/// Calendar lengths hand off at the start's local time of day in <see cref="TimeZone"/>. When that local
/// time does not exist (it falls in a spring-forward gap) the handoff moves forward by the gap; when it
/// exists twice (fall-back) the earlier occurrence is used.
/// </remarks>
internal sealed class ShiftRotation
{
    /// <summary>
    /// A member slot with nobody in it (Datadog allows one): it keeps the rotation's rhythm, and its turns
    /// are nobody's. Rendered shifts of it are dropped before anyone sees them; it cannot collide with a
    /// real e-mail, handle or id.
    /// </summary>
    public const string EmptySlot = "\u2205 (nobody)";

    private readonly string[] members;
    private readonly DateTimeZone zone;
    private readonly Instant startInstant;
    private readonly Instant endInstant;
    private readonly LocalDateTime startLocal;
    private readonly long startLocalTicks;
    private readonly Duration fixedDuration;
    private readonly int calendarDays;

    public ShiftRotation(DateTimeOffset start, ShiftLength length, IEnumerable<string> members, string timeZone, DateTimeOffset? end = null, string? name = null)
    {
        Length = length ?? throw ScheduleErrors.Invalid(ScheduleErrors.InvalidShiftLength, "A rotation needs a shift length.");
        this.members = (members ?? Enumerable.Empty<string>()).ToArray();
        if (this.members.Length == 0)
        {
            throw ScheduleErrors.Invalid(ScheduleErrors.NoMembers, string.Format(CultureInfo.InvariantCulture, "The rotation '{0}' has no members: add at least one person.", name ?? "(unnamed)"));
        }

        if (this.members.Any(string.IsNullOrWhiteSpace))
        {
            throw ScheduleErrors.Invalid(ScheduleErrors.InvalidMember, string.Format(CultureInfo.InvariantCulture, "The rotation '{0}' has an empty member name.", name ?? "(unnamed)"));
        }

        zone = ScheduleTimeZones.Resolve(timeZone);
        if (end.HasValue && end.Value <= start)
        {
            throw ScheduleErrors.Invalid(
                ScheduleErrors.InvalidWindow,
                string.Format(CultureInfo.InvariantCulture, "The rotation ends ({0}) before it starts ({1}).", ScheduleErrors.Format(end.Value), ScheduleErrors.Format(start)));
        }

        Start = start;
        End = end;
        Name = name;
        TimeZone = zone.Id;
        startInstant = Instant.FromDateTimeOffset(start);
        endInstant = end.HasValue ? Instant.FromDateTimeOffset(end.Value) : Instant.MaxValue;
        startLocal = startInstant.InZone(zone).LocalDateTime;
        startLocalTicks = ZoneCursor.LocalTicks(startLocal);
        fixedDuration = length.ElapsedDuration;
        calendarDays = length.CalendarDays;
    }

    public string? Name { get; }

    /// <summary>Whether a rendered user is <see cref="EmptySlot"/>, that is nobody.</summary>
    public static bool IsEmptySlot(string? user) => string.Equals(user, EmptySlot, StringComparison.Ordinal);

    /// <summary>The first handoff: member 0 starts here.</summary>
    public DateTimeOffset Start { get; }

    public ShiftLength Length { get; }

    public IReadOnlyList<string> Members => members;

    /// <summary>The IANA id, as the tz database spells it.</summary>
    public string TimeZone { get; }

    /// <summary>Null when the rotation runs forever.</summary>
    public DateTimeOffset? End { get; }

    internal DateTimeZone Zone => zone;

    internal Instant StartInstant => startInstant;

    internal Instant EndInstant => endInstant;

    /// <summary>
    /// The rotation's raw shifts that meet the window, in order, whole: not clipped to the window (only to the
    /// rotation's own start and end) and not merged, so a one-member rotation still shows each handoff.
    /// Use <see cref="ScheduleDefinition.Render"/> for the exact shifts of a window.
    /// </summary>
    public IReadOnlyList<Shift> GetShifts(DateTimeOffset windowStart, DateTimeOffset windowEnd, bool allowLongWindow = false)
    {
        RenderWindow.Validate(windowStart, windowEnd, allowLongWindow);
        var from = Max(Instant.FromDateTimeOffset(windowStart), startInstant);
        var to = Min(Instant.FromDateTimeOffset(windowEnd), endInstant);
        var result = new List<Shift>();
        if (from >= to)
        {
            return result;
        }

        var cursor = new ZoneCursor(zone);
        var k = IndexAt(from);
        var shiftStart = HandoffAt(k, cursor);
        while (shiftStart < to)
        {
            var next = HandoffAt(k + 1, cursor);
            var shiftEnd = Min(next, endInstant);
            result.Add(new Shift
            {
                User = MemberAt(k),
                Rotation = Name,
                Start = cursor.ToDateTimeOffset(shiftStart),
                End = cursor.ToDateTimeOffset(shiftEnd),
                TimeZone = TimeZone,
            });
            shiftStart = next;
            k++;
        }

        return result;
    }

    internal string MemberAt(long shiftIndex)
    {
        var slot = shiftIndex % members.Length;
        return members[slot < 0 ? slot + members.Length : slot];
    }

    /// <summary>The instant shift <paramref name="shiftIndex"/> begins.</summary>
    internal Instant HandoffAt(long shiftIndex) => HandoffAt(shiftIndex, null);

    /// <summary>As <see cref="HandoffAt(long)"/>, resolving local times through a render's cursor.</summary>
    internal Instant HandoffAt(long shiftIndex, ZoneCursor? cursor)
    {
        if (shiftIndex == 0)
        {
            return startInstant;
        }

        if (calendarDays == 0)
        {
            return startInstant + (fixedDuration * shiftIndex);
        }

        var local = startLocal.PlusDays(checked((int)(shiftIndex * calendarDays)));
        return cursor is null ? local.InZoneLeniently(zone).ToInstant() : cursor.Resolve(local);
    }

    /// <summary>
    /// As <see cref="HandoffAt(long, ZoneCursor)"/> in Unix ticks: a render's hand-offs, where a calendar
    /// hand-off is local tick arithmetic and one subtraction while the cursor's zone interval holds.
    /// </summary>
    internal long HandoffTicks(long shiftIndex, ZoneCursor cursor)
    {
        if (calendarDays == 0 || shiftIndex == 0)
        {
            return HandoffAt(shiftIndex, cursor).ToUnixTimeTicks();
        }

        var days = checked((int)(shiftIndex * calendarDays));

        // Within NodaTime's calendar range (about ten thousand years either side) the ticks cannot overflow;
        // beyond it NodaTime's own arithmetic gives its own answer (or error).
        if (days > MaximumTickDays || days < -MaximumTickDays)
        {
            return HandoffAt(shiftIndex, cursor).ToUnixTimeTicks();
        }

        return cursor.ResolveTicks(startLocalTicks + (days * NodaConstants.TicksPerDay));
    }

    private const int MaximumTickDays = 3_000_000;

    /// <summary>The index of the shift running at <paramref name="instant"/> (negative before the start).</summary>
    internal long IndexAt(Instant instant)
    {
        long guess;
        if (calendarDays == 0)
        {
            guess = FloorDivide((instant - startInstant).BclCompatibleTicks, fixedDuration.BclCompatibleTicks);
        }
        else
        {
            var localDate = instant.InZone(zone).Date;
            guess = FloorDivide(Period.DaysBetween(startLocal.Date, localDate), calendarDays);
        }

        // The guess is off by at most one around a handoff whose local time moved in a DST gap.
        while (HandoffAt(guess) > instant)
        {
            guess--;
        }

        while (HandoffAt(guess + 1) <= instant)
        {
            guess++;
        }

        return guess;
    }

    /// <summary>About how many handoffs fall in [from, to), for sizing lists.</summary>
    internal long EstimateShiftCount(Instant from, Instant to)
    {
        var length = calendarDays == 0 ? fixedDuration : Duration.FromDays(calendarDays);
        return ((to - from).BclCompatibleTicks / length.BclCompatibleTicks) + 2;
    }

    internal static Instant Max(Instant a, Instant b) => a > b ? a : b;

    internal static Instant Min(Instant a, Instant b) => a < b ? a : b;

    private static long FloorDivide(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }
}
