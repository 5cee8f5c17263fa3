using OnCall.Emulator.Datadog;
using OnCall.Emulator.ZStack;

namespace OnCall.Emulator.Tests;

/// <summary>The seeded organisation the three vendors share. One emulator for the class; each test sets its clock to the instant it reads.</summary>
public sealed class DemoOrganisationTests(ClockedEmulatorFixture emulator) : IClassFixture<ClockedEmulatorFixture>
{
    private readonly EmulatorServer server = emulator.Reset();

    [Theory]
    [InlineData("2026-01-06T12:00:00Z", "jane.doe@example.com")]
    [InlineData("2026-01-13T12:00:00Z", "john.smith")]
    [InlineData("2026-01-20T12:00:00Z", "alice.nguyen")]
    [InlineData("2026-01-27T12:00:00Z", "jane.doe@example.com")]
    public async Task The_three_vendors_agree_on_who_runs_the_platform(string at, string expected)
    {
        var now = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
        emulator.Clock.Set(now);
        using var vo = VictorOpsHttp(server);
        using var dd = DatadogHttp(server);
        using var zs = ZStackHttp(server);

        var current = await GetJson(vo, "api-public/v1/oncall/current");
        var voUser = current["teamsOnCall"]![0]!["oncallNow"]![0]!["users"]![0]!["onCalluser"]!["username"]!.GetValue<string>();
        var ddShift = await GetJson(dd, $"api/v2/on-call/schedules/{DatadogState.PlatformScheduleId}/on-call");
        var zsShift = await GetJson(zs, $"api/v1/oncall/schedules/{ZStackState.PlatformScheduleUuid}/current-shift");

        Assert.Equal(expected, voUser);
        Assert.Equal(DatadogState.UserId(expected), ddShift["data"]!["relationships"]!["user"]!["data"]!["id"]!.GetValue<string>());
        Assert.Equal(ZStackState.UserId(expected), zsShift["userId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Parallel_requests_are_all_recorded()
    {
        using var client = VictorOpsHttp(server);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.GetAsync("api-public/v1/incidents")));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.Equal(40, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal(200, r.StatusCode));
    }

    [Fact]
    public async Task Whole_day_shifts_keep_their_wall_clock_hand_over_across_daylight_saving()
    {
        // US clocks go forward on 2027-03-14; the weekly 09:00 New York hand-over moves from 14:00Z to 13:00Z, so at
        // 13:30Z on 2027-03-22 week 63 (jane) has begun; elapsed-time arithmetic would still show week 62 (alice).
        var now = new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero);
        emulator.Clock.Set(now);
        using var vo = VictorOpsHttp(server);
        using var dd = DatadogHttp(server);

        var schedule = await GetJson(vo, "api-public/v2/team/team-platformops00001/oncall/schedule?daysForward=30");
        var starts = schedule["schedules"]![0]!["schedule"]![0]!["rolls"]!.AsArray()
            .Where(r => r!["isRoll"]!.GetValue<bool>()).Select(r => r!["start"]!.GetValue<string>()).ToList();
        var ddShift = await GetJson(dd, $"api/v2/on-call/schedules/{DatadogState.PlatformScheduleId}/on-call?filter%5Bat_ts%5D=2027-03-22T13%3A30%3A00Z");

        Assert.Contains("2027-03-08T09:00:00-05:00", starts);
        Assert.Contains("2027-03-15T09:00:00-04:00", starts);
        Assert.All(starts, s => Assert.Contains("T09:00:00-0", s, StringComparison.Ordinal));
        Assert.Equal(DatadogState.UserId(DemoPeople.Jane), ddShift["data"]!["relationships"]!["user"]!["data"]!["id"]!.GetValue<string>());
    }
}
