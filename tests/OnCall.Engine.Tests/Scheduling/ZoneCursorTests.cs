using System;
using NodaTime;
using OnCall.Engine.Scheduling;

namespace OnCall.Engine.Tests.Scheduling;

public sealed class ZoneCursorTests
{
    [Theory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Australia/Sydney")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Kolkata")]
    [InlineData("America/Santiago")]
    public void The_cursor_resolves_every_local_time_exactly_as_the_lenient_resolver(string zoneId)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var cursor = new ZoneCursor(zone);

        // A second cursor that only ever resolves ticks, so its cache is the one that answers.
        var ticksCursor = new ZoneCursor(zone);
        var random = new Random(zoneId.Length);
        for (var local = new LocalDateTime(2025, 12, 1, 0, 0); local < new LocalDateTime(2027, 2, 1, 0, 0); local = local.PlusMinutes(15))
        {
            Assert.Equal(local.InZoneLeniently(zone).ToInstant(), cursor.Resolve(local));

            // Ahead first and then back, as a render does after a restriction that ends in the next week: a
            // repeated local time seen from the interval after it must still take its earlier occurrence.
            ticksCursor.ResolveTicks(ZoneCursor.LocalTicks(local.PlusHours(3)));
            Assert.Equal(local.InZoneLeniently(zone).ToInstant().ToUnixTimeTicks(), ticksCursor.ResolveTicks(ZoneCursor.LocalTicks(local)));

            // Jump back and forth now and then, as a render does when it starts a new week of restrictions.
            if (random.Next(50) == 0)
            {
                var other = local.PlusHours(random.Next(-200, 200));
                Assert.Equal(other.InZoneLeniently(zone).ToInstant(), cursor.Resolve(other));
                Assert.Equal(other.InZoneLeniently(zone).ToInstant().ToUnixTimeTicks(), ticksCursor.ResolveTicks(ZoneCursor.LocalTicks(other)));
            }

            var instant = local.InUtc().ToInstant();
            Assert.Equal(instant.InZone(zone).ToDateTimeOffset(), cursor.ToDateTimeOffset(instant));
            Assert.Equal(instant.InZone(zone).ToDateTimeOffset(), cursor.ToDateTimeOffset(instant.ToUnixTimeTicks()));
        }
    }
}
