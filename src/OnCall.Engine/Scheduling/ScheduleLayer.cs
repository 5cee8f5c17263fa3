using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// One layer of a layered schedule (Datadog): a rotation, cut by weekly restrictions in the rotation's
/// time zone, active from its effective date until its end date.
/// </summary>
internal sealed class ScheduleLayer
{
    private readonly TimeRestriction[] restrictions;
    private readonly TimeRestriction[] restrictionsInWeekOrder;

    public ScheduleLayer(string name, ShiftRotation rotation, IEnumerable<TimeRestriction>? restrictions = null, DateTimeOffset? effectiveDate = null, DateTimeOffset? endDate = null)
    {
        Rotation = rotation ?? throw ScheduleErrors.Invalid(ScheduleErrors.InvalidLayer, "A layer needs a rotation.");
        if (effectiveDate.HasValue && endDate.HasValue && endDate.Value <= effectiveDate.Value)
        {
            throw ScheduleErrors.Invalid(
                ScheduleErrors.InvalidLayer,
                string.Format(CultureInfo.InvariantCulture, "The layer '{0}' ends ({1}) before it becomes effective ({2}).", name, ScheduleErrors.Format(endDate.Value), ScheduleErrors.Format(effectiveDate.Value)));
        }

        Name = string.IsNullOrWhiteSpace(name) ? rotation.Name ?? string.Empty : name;
        this.restrictions = (restrictions ?? Enumerable.Empty<TimeRestriction>()).ToArray();
        if (this.restrictions.Any(r => r is null))
        {
            throw ScheduleErrors.Invalid(ScheduleErrors.InvalidRestriction, string.Format(CultureInfo.InvariantCulture, "The layer '{0}' has an empty restriction.", Name));
        }

        restrictionsInWeekOrder = this.restrictions.OrderBy(r => r.StartMinuteOfWeek).ToArray();
        EffectiveDate = effectiveDate;
        EndDate = endDate;
        ActiveFrom = ShiftRotation.Max(rotation.StartInstant, effectiveDate.HasValue ? Instant.FromDateTimeOffset(effectiveDate.Value) : Instant.MinValue);
        ActiveUntil = ShiftRotation.Min(rotation.EndInstant, endDate.HasValue ? Instant.FromDateTimeOffset(endDate.Value) : Instant.MaxValue);
    }

    public string Name { get; }

    public ShiftRotation Rotation { get; }

    /// <summary>Empty: the layer applies around the clock.</summary>
    public IReadOnlyList<TimeRestriction> Restrictions => restrictions;

    public DateTimeOffset? EffectiveDate { get; }

    public DateTimeOffset? EndDate { get; }

    internal Instant ActiveFrom { get; }

    internal Instant ActiveUntil { get; }

    /// <summary>The layer's pieces in [from, to), sorted and disjoint.</summary>
    internal LayerPieces Segments(Instant from, Instant to) => Segments(from, to, null);

    /// <summary>As above, into <paramref name="reuse"/> (emptied first) when one is given: renders keep their arrays.</summary>
    internal LayerPieces Segments(Instant from, Instant to, LayerPieces? reuse)
    {
        from = ShiftRotation.Max(from, ActiveFrom);
        to = ShiftRotation.Min(to, ActiveUntil);
        if (from >= to)
        {
            return Fresh(reuse, 0);
        }

        var cursor = new ZoneCursor(Rotation.Zone);
        List<Interval>? allowed = null;
        if (restrictions.Length > 0)
        {
            allowed = allowedScratch ?? new List<Interval>(restrictionsInWeekOrder.Length * 54);
            allowedScratch = null;
            allowed.Clear();
            AllowedIntervals(from, to, cursor, allowed);
        }

        // Sized up front: a year of pieces would otherwise be copied through several doublings.
        var result = Fresh(reuse, (int)Math.Min(1 << 20, Rotation.EstimateShiftCount(from, to) + (allowed?.Count ?? 0) + 2));
        var next = 0;
        var fromTicks = from.ToUnixTimeTicks();
        var toTicks = to.ToUnixTimeTicks();
        var k = Rotation.IndexAt(from);
        var shiftStart = Rotation.HandoffTicks(k, cursor);
        while (shiftStart < toTicks)
        {
            var following = Rotation.HandoffTicks(k + 1, cursor);
            var start = Math.Max(shiftStart, fromTicks);
            var end = Math.Min(following, toTicks);
            var user = Rotation.MemberAt(k);
            var turn = k;
            shiftStart = following;
            k++;
            if (allowed is null)
            {
                result.Add(start, end, user, turn);
                continue;
            }

            // Both lists are sorted, so the allowed intervals are walked once for the whole window.
            while (next < allowed.Count && allowed[next].End <= start)
            {
                next++;
            }

            for (var i = next; i < allowed.Count && allowed[i].Start < end; i++)
            {
                var pieceStart = Math.Max(start, allowed[i].Start);
                var pieceEnd = Math.Min(end, allowed[i].End);
                if (pieceStart < pieceEnd)
                {
                    result.Add(pieceStart, pieceEnd, user, turn);
                }
            }
        }

        // Kept for this thread's next render unless a long window made it big.
        if (allowed is not null && allowed.Capacity <= LayerPieces.KeptCapacity)
        {
            allowedScratch = allowed;
        }

        return result;
    }

    // The allowed intervals of the render running on this thread, kept between renders (a year of a daily
    // restriction is a few hundred of them).
    [ThreadStatic]
    private static List<Interval>? allowedScratch;

    private LayerPieces Fresh(LayerPieces? reuse, int capacity)
    {
        if (reuse is null)
        {
            return new LayerPieces(Name, capacity);
        }

        reuse.Reset(Name, capacity);
        return reuse;
    }

    /// <summary>The member of this layer on call at the instant, or null. Evaluated on its own, without rendering.</summary>
    internal string? MemberAt(Instant instant)
    {
        if (instant < ActiveFrom || instant >= ActiveUntil)
        {
            return null;
        }

        if (restrictions.Length > 0 && !IsAllowed(instant))
        {
            return null;
        }

        return Rotation.MemberAt(Rotation.IndexAt(instant));
    }

    private bool IsAllowed(Instant instant)
    {
        var zone = Rotation.Zone;
        var monday = MondayOf(instant.InZone(zone).Date);

        // An occurrence filed under the previous week can run into this one (Friday to Monday, or a wrap).
        for (var week = -1; week <= 0; week++)
        {
            var weekStart = monday.PlusWeeks(week).AtMidnight();
            foreach (var restriction in restrictions)
            {
                restriction.Occurrence(weekStart, zone, out var start, out var end);
                if (start <= instant && instant < end)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void AllowedIntervals(Instant from, Instant to, ZoneCursor cursor, List<Interval> merged)
    {
        // Occurrences come out in start order: the restrictions are walked in week order, weeks one after
        // another, and local-to-instant resolution keeps order. So overlapping ones merge as they come.
        var monday = MondayOf(cursor.LocalAt(from).Date).PlusWeeks(-1);
        var mondayTicks = ZoneCursor.LocalTicks(monday.AtMidnight());
        var fromTicks = from.ToUnixTimeTicks();
        var toTicks = to.ToUnixTimeTicks();
        while (true)
        {
            if (cursor.ResolveTicks(mondayTicks) >= toTicks)
            {
                break;
            }

            foreach (var restriction in restrictionsInWeekOrder)
            {
                restriction.Occurrence(mondayTicks, cursor, out var startTicks, out var endTicks);
                startTicks = Math.Max(startTicks, fromTicks);
                endTicks = Math.Min(endTicks, toTicks);
                if (startTicks >= endTicks)
                {
                    continue;
                }

                var last = merged.Count - 1;
                if (last >= 0 && merged[last].End >= startTicks)
                {
                    merged[last] = new Interval(merged[last].Start, Math.Max(merged[last].End, endTicks));
                }
                else
                {
                    merged.Add(new Interval(startTicks, endTicks));
                }
            }

            // The date moves on too, so a window at the calendar's end fails as NodaTime fails there.
            monday = monday.PlusWeeks(1);
            mondayTicks += 7 * NodaConstants.TicksPerDay;
        }
    }

    private static LocalDate MondayOf(LocalDate date) => date.PlusDays(1 - (int)date.DayOfWeek);

    private readonly struct Interval
    {
        public Interval(long start, long end)
        {
            Start = start;
            End = end;
        }

        // Unix ticks, like the pieces they cut.
        public long Start { get; }

        public long End { get; }
    }
}
