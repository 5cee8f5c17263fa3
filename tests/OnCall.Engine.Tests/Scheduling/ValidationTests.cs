using System;
using OnCall.Engine.Scheduling;
using static OnCall.Engine.Tests.Scheduling.ScheduleTestTime;

namespace OnCall.Engine.Tests.Scheduling;

public sealed class ValidationTests
{
    private static OnCallException Refused(Func<object> action)
    {
        var error = Assert.Throws<OnCallException>(action);
        Assert.Equal(OnCallErrorKind.InvalidArgument, error.Kind);
        return error;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(0.5)]
    public void Shift_lengths_under_a_minute_are_refused(double minutes)
    {
        Assert.Equal("InvalidShiftLength", Refused(() => ShiftLength.FromDuration(TimeSpan.FromMinutes(minutes))).Reason);
    }

    [Fact]
    public void Calendar_lengths_must_be_positive()
    {
        Assert.Equal("InvalidShiftLength", Refused(() => ShiftLength.Days(0)).Reason);
        Assert.Equal("InvalidShiftLength", Refused(() => ShiftLength.Weeks(-1)).Reason);
        Assert.Equal(TimeSpan.FromMinutes(1), ShiftLength.FromDuration(TimeSpan.FromMinutes(1)).FixedDuration);
    }

    [Fact]
    public void A_rotation_without_members_is_refused()
    {
        var error = Refused(() => new ShiftRotation(Utc(2026, 1, 1), ShiftLength.Days(1), Array.Empty<string>(), "UTC", name: "primary"));
        Assert.Equal("NoMembers", error.Reason);
        Assert.Contains("primary", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_zone_is_refused_naming_it_and_suggesting_close_ids()
    {
        var error = Refused(() => new ShiftRotation(Utc(2026, 1, 1), ShiftLength.Days(1), new[] { "a" }, "Europe/Berlim"));
        Assert.Equal("UnknownTimeZone", error.Reason);
        Assert.Equal("OnCall.Module.UnknownTimeZone", error.ErrorId);
        Assert.Contains("'Europe/Berlim'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Berlin", "Europe/Berlin")]
    [InlineData("W. Europe Standard Time", "Europe/Berlin")]
    [InlineData("Asia/Calcutta2", "Asia/Calcutta")]
    [InlineData("America/NewYork", "America/New_York")]
    public void Suggestions_find_the_meant_zone(string typed, string meant)
    {
        Assert.Contains(meant, ScheduleTimeZones.Suggest(typed));
    }

    [Fact]
    public void Zone_ids_are_matched_case_insensitively_and_normalised()
    {
        Assert.Equal("Australia/Sydney", ScheduleTimeZones.Normalize("australia/sydney"));
        Assert.True(ScheduleTimeZones.IsKnown("UTC"));
        Assert.False(ScheduleTimeZones.IsKnown("Mars/Olympus_Mons"));
        Assert.Equal("UnknownTimeZone", Refused(() => ScheduleTimeZones.Normalize("")).Reason);
    }

    [Fact]
    public void A_window_ending_before_it_starts_is_refused()
    {
        var schedule = ScheduleDefinition.FromRotation(new ShiftRotation(Utc(2026, 1, 1), ShiftLength.Days(1), new[] { "a" }, "UTC"));
        Assert.Equal("InvalidWindow", Refused(() => schedule.Render(Utc(2026, 2, 1), Utc(2026, 1, 1))).Reason);
        Assert.Empty(schedule.Render(Utc(2026, 2, 1), Utc(2026, 2, 1)));
    }

    [Fact]
    public void A_window_over_ten_years_needs_the_explicit_flag()
    {
        var schedule = ScheduleDefinition.FromRotation(new ShiftRotation(Utc(2026, 1, 1), ShiftLength.Weeks(1), new[] { "a", "b" }, "UTC"));
        Assert.Equal("WindowTooLong", Refused(() => schedule.Render(Utc(2026, 1, 1), Utc(2036, 1, 2))).Reason);
        Assert.NotEmpty(schedule.Render(Utc(2026, 1, 1), Utc(2036, 1, 1)));
        Assert.Equal(Utc(2046, 1, 1), schedule.Render(Utc(2026, 1, 1), Utc(2046, 1, 1), allowLongWindow: true)[^1].End);
    }

    [Fact]
    public void Overrides_and_layers_are_checked()
    {
        Assert.Equal("InvalidOverride", Refused(() => new ScheduleOverride("carol", Utc(2026, 1, 2), Utc(2026, 1, 1))).Reason);
        Assert.Equal("InvalidOverride", Refused(() => new ScheduleOverride(" ", Utc(2026, 1, 1), Utc(2026, 1, 2))).Reason);
        Assert.Equal("InvalidLayer", Refused(() => new ScheduleDefinition("UTC", Array.Empty<ScheduleLayer>())).Reason);
        Assert.Equal("UnknownTimeZone", Refused(() => new ScheduleDefinition("Nowhere", Array.Empty<ScheduleLayer>())).Reason);
    }

    [Fact]
    public void Datadog_intervals_map_whole_days_to_calendar_days()
    {
        Assert.Equal(7, ShiftLength.FromDatadogInterval(7, null).CalendarDays);
        Assert.Equal(TimeSpan.FromHours(36), ShiftLength.FromDatadogInterval(1, 43200).FixedDuration);
        Assert.Equal("InvalidShiftLength", Refused(() => ShiftLength.FromDatadogInterval(0, 0)).Reason);
    }
}
