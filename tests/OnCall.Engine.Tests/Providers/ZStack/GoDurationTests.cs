using OnCall.Engine.Providers.ZStack;

namespace OnCall.Engine.Tests.Providers.ZStack;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("168h", 168 * 60)]
    [InlineData("24h", 24 * 60)]
    [InlineData("90m", 90)]
    [InlineData("1h30m", 90)]
    [InlineData("1.5h", 90)]
    [InlineData("2h0m0s", 120)]
    [InlineData("+45m", 45)]
    public void Parses_go_durations(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), GoDuration.TryParse(text));

    [Fact]
    public void Parses_small_units_and_zero()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(300), GoDuration.TryParse("300ms"));
        Assert.Equal(TimeSpan.FromSeconds(1.5), GoDuration.TryParse("1s500ms"));
        Assert.Equal(TimeSpan.FromTicks(15), GoDuration.TryParse("1us500ns"));
        Assert.Equal(TimeSpan.Zero, GoDuration.TryParse("0"));
        Assert.Equal(TimeSpan.FromHours(-1), GoDuration.TryParse("-1h"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("1d")]
    [InlineData("one day")]
    [InlineData("1h30")]
    [InlineData("1 h")]
    [InlineData("1..5h")]
    [InlineData("168H")]
    public void Rejects_what_go_rejects(string? text) => Assert.Null(GoDuration.TryParse(text));

    [Fact]
    public void Parse_names_the_schedule_in_its_error()
    {
        var error = Assert.Throws<OnCallException>(() => GoDuration.Parse("weekly", "schedule 'Ops'"));
        Assert.Equal("InvalidShiftDuration", error.Reason);
        Assert.Contains("schedule 'Ops'", error.Message, StringComparison.Ordinal);
    }
}
