using System;
using NodaTime;
using NodaTime.TimeZones;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// Converts between local and instant time in one zone while walking forward through a window, keeping
/// the zone interval it last used: a year of shifts crosses two transitions, so nearly every conversion
/// is one subtraction instead of a tz database lookup. One cursor per render; not thread-safe.
/// </summary>
internal sealed class ZoneCursor
{
    // An ambiguous local time has its earlier occurrence in the previous interval, at most the offset
    // change (hours) before this interval's start; closer than this margin we let NodaTime decide.
    private static readonly Duration AmbiguityMargin = Duration.FromDays(2);
    private static readonly long AmbiguityMarginTicks = AmbiguityMargin.BclCompatibleTicks;

    private readonly DateTimeZone zone;
    private ZoneInterval? current;

    // The interval the tick-based conversion last used, as Unix ticks; empty until the first call.
    private long tickIntervalStart = long.MaxValue;
    private long tickIntervalEnd = long.MinValue;
    private long tickOffset;

    // The earliest instant of that interval that a local time resolves to without asking NodaTime (past the
    // ambiguity margin, see Resolve); long.MaxValue while the interval's offset is not whole minutes.
    private long tickResolveFrom = long.MaxValue;

    public ZoneCursor(DateTimeZone zone)
    {
        this.zone = zone;
    }

    /// <summary>
    /// Same answer as <c>local.InZoneLeniently(zone).ToInstant()</c>: a skipped time moves forward by the gap,
    /// a repeated time takes its earlier occurrence.
    /// </summary>
    public Instant Resolve(LocalDateTime local)
    {
        var interval = current;
        if (interval is not null)
        {
            var instant = local.WithOffset(interval.WallOffset).ToInstant();
            if (interval.Contains(instant) && (!interval.HasStart || instant - interval.Start >= AmbiguityMargin))
            {
                return instant;
            }
        }

        var resolved = local.InZoneLeniently(zone).ToInstant();
        Use(zone.GetZoneInterval(resolved));
        return resolved;
    }

    /// <summary>
    /// As <see cref="Resolve(LocalDateTime)"/> for a local time given as ticks since 1970-01-01T00:00 local,
    /// in ticks since the Unix epoch: while the interval holds, one subtraction.
    /// </summary>
    public long ResolveTicks(long localTicks)
    {
        if (tickOffset != long.MinValue)
        {
            var instant = localTicks - tickOffset;
            if (instant >= tickResolveFrom && instant < tickIntervalEnd)
            {
                return instant;
            }
        }

        return Resolve(Instant.FromUnixTimeTicks(localTicks).InUtc().LocalDateTime).ToUnixTimeTicks();
    }

    /// <summary>The local time as ticks since 1970-01-01T00:00 local, the unit <see cref="ResolveTicks"/> takes.</summary>
    public static long LocalTicks(LocalDateTime local) => local.InUtc().ToInstant().ToUnixTimeTicks();

    public Offset OffsetAt(Instant instant)
    {
        var interval = current;
        if (interval is null || !interval.Contains(instant))
        {
            interval = zone.GetZoneInterval(instant);
            Use(interval);
        }

        return interval.WallOffset;
    }

    public LocalDateTime LocalAt(Instant instant) => instant.WithOffset(OffsetAt(instant)).LocalDateTime;

    public DateTimeOffset ToDateTimeOffset(Instant instant)
    {
        var offset = OffsetAt(instant);
        if (offset.Seconds % 60 != 0)
        {
            // Local mean time before ~1900 has offsets in seconds, which DateTimeOffset cannot hold; NodaTime
            // knows how to round those.
            return instant.WithOffset(offset).ToDateTimeOffset();
        }

        // Straight from ticks: this runs twice per rendered shift.
        var offsetTicks = offset.Ticks;
        return new DateTimeOffset(UnixEpochTicks + instant.ToUnixTimeTicks() + offsetTicks, new TimeSpan(offsetTicks));
    }

    /// <summary>As <see cref="ToDateTimeOffset(Instant)"/> from Unix ticks, without leaving integers while the interval holds.</summary>
    public DateTimeOffset ToDateTimeOffset(long unixTicks)
    {
        if (unixTicks < tickIntervalStart || unixTicks >= tickIntervalEnd)
        {
            Use(zone.GetZoneInterval(Instant.FromUnixTimeTicks(unixTicks)));
        }

        if (tickOffset == long.MinValue)
        {
            return ToDateTimeOffset(Instant.FromUnixTimeTicks(unixTicks));
        }

        return new DateTimeOffset(UnixEpochTicks + unixTicks + tickOffset, new TimeSpan(tickOffset));
    }

    // Every conversion caches the interval it used, for all of them: the object and its bounds in ticks.
    private void Use(ZoneInterval interval)
    {
        current = interval;
        tickIntervalStart = interval.HasStart ? interval.Start.ToUnixTimeTicks() : long.MinValue;
        tickIntervalEnd = interval.HasEnd ? interval.End.ToUnixTimeTicks() : long.MaxValue;
        var wholeMinutes = interval.WallOffset.Seconds % 60 == 0;
        tickOffset = wholeMinutes ? interval.WallOffset.Ticks : long.MinValue;
        tickResolveFrom = !wholeMinutes ? long.MaxValue : interval.HasStart ? tickIntervalStart + AmbiguityMarginTicks : long.MinValue;
    }

    private static readonly long UnixEpochTicks = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
}
