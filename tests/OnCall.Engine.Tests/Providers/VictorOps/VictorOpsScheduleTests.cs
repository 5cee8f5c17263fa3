using OnCall.Emulator;
using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Providers;

using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers.VictorOps;

public sealed class VictorOpsScheduleTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly DateTimeOffset Today = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
    private const string TeamSlug = "team-Z3scfG2gh0qF3QsL";

    private static DateTimeOffset D(int day, int hour = 0) => Today.AddDays(day).AddHours(hour);

    [Fact]
    public async Task A_long_window_is_fetched_in_several_calls_and_stitched_without_gaps_or_duplicates()
    {
        var server = fixture.Fresh()
            .On("GET", "/api-public/v1/team", VictorOpsSamples.TeamList)
            .On("GET", "/api-public/v2/team/*/oncall/schedule", request => request.Q("daysSkip") switch
            {
                "2" => new CannedAnswer(200, ScheduleJson.Team("Example", TeamSlug, "Example", TeamSlug,
                    new[] { ("alice", D(1, 9), D(8, 9)), ("bob", D(8, 9), D(15, 9)), ("alice", D(15, 9), D(22, 9)), ("carol", D(22, 9), D(32)) },
                    new[] { ("bob", "zed", D(10), D(11)) })),
                "32" => new CannedAnswer(200, ScheduleJson.Team("Example", TeamSlug, "Example", TeamSlug,
                    new[] { ("carol", D(32), D(36, 9)), ("dave", D(36, 9), D(43, 9)), ("erin", D(43, 9), D(50, 9)) },
                    new[] { ("bob", "zed", D(10), D(11)) })),
                _ => new CannedAnswer(400, "{\"message\":\"unexpected daysSkip\"}"),
            });
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.GetShiftsAsync(new ScheduleQuery { Teams = new[] { "example" }, Start = D(2), End = D(45), Step = 1 }, sink, CancellationToken.None);

        var calls = server.Calls("GET", "/api-public/v2/team/");
        Assert.Equal(2, calls.Count);
        Assert.Equal(new[] { "2/30", "32/13" }, calls.Select(c => c.Q("daysSkip") + "/" + c.Q("daysForward")).ToArray());
        Assert.All(calls, c => Assert.Equal("1", c.Q("step")));
        Assert.All(calls, c => Assert.Equal("/api-public/v2/team/" + TeamSlug + "/oncall/schedule", c.Path));

        var shifts = sink.Of<Shift>();
        Assert.Equal(
            new[] { "alice 2.0-8.4", "bob 8.4-10.0", "zed 10.0-11.0 (bob)", "bob 11.0-15.4", "alice 15.4-22.4", "carol 22.4-36.4", "dave 36.4-43.4", "erin 43.4-45.0" },
            shifts.Select(s => $"{s.User} {(s.Start - Today).TotalDays:0.0}-{(s.End - Today).TotalDays:0.0}{(s.IsOverride ? " (" + s.OriginalUser + ")" : string.Empty)}").ToArray());
        for (var i = 1; i < shifts.Count; i++)
        {
            Assert.Equal(shifts[i - 1].End, shifts[i].Start); // no gap, no overlap
        }

        Assert.All(shifts, s => Assert.Equal("Example", s.Team));
        Assert.All(shifts, s => Assert.Equal(1, s.Step));
        Assert.All(shifts, s => Assert.Equal("vo-test", s.Connection));
        Assert.All(shifts, s => Assert.NotNull(s.Raw));
        Assert.Equal("Primary", shifts[0].Rotation);
    }

    [Theory]
    [InlineData(-3, 125)]
    [InlineData(100, 125)]
    public async Task A_window_the_API_cannot_reach_fails_before_any_request(int fromDay, int toDay)
    {
        var server = fixture.Fresh().On("GET", "/api-public/v1/team", VictorOpsSamples.TeamList);
        var client = VictorOpsTestClient.Create(server);

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.GetShiftsAsync(new ScheduleQuery { Teams = new[] { "Example" }, Start = D(fromDay), End = D(toDay) }, new RecordingSink(), CancellationToken.None));

        Assert.Equal("WindowOutOfReach", error.Reason);
        Assert.Equal(OnCallErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("daysSkip at most 90", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Times_given_as_epoch_milliseconds_read_like_ISO_strings()
    {
        var server = fixture.Fresh()
            .On("GET", "/api-public/v1/team", VictorOpsSamples.TeamList)
            .On("GET", "/api-public/v2/team/*/oncall/schedule", ScheduleJson.Team("Example", TeamSlug, "Example", TeamSlug, new[] { ("alice", D(1, 9), D(2, 9)) }, epochTimes: true));
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.GetShiftsAsync(new ScheduleQuery { Teams = new[] { TeamSlug }, Start = D(1), End = D(3) }, sink, CancellationToken.None);

        var shift = Assert.Single(sink.Of<Shift>());
        Assert.Equal(D(1, 9), shift.Start);
        Assert.Equal(D(2, 9), shift.End);
    }

    [Fact]
    public async Task A_user_schedule_keeps_the_at_sign_literal_in_the_path_and_keeps_that_users_shifts()
    {
        const string user = "jane.doe@example.com";
        var server = fixture.Fresh()
            .On("GET", "/api-public/v2/user/*/oncall/schedule", ScheduleJson.User(
                ScheduleJson.TeamObject("Example", TeamSlug, "Example", TeamSlug, new[] { (user, D(1), D(2)), ("bob", D(2), D(3)), (user, D(3), D(4)) })));
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.GetShiftsAsync(new ScheduleQuery { Users = new[] { user }, Start = D(0, 1), End = D(5) }, sink, CancellationToken.None);

        var call = Assert.Single(server.Requests);
        Assert.StartsWith("/api-public/v2/user/jane.doe@example.com/oncall/schedule?", call.RawTarget);
        Assert.DoesNotContain("%40", call.RawTarget);
        Assert.Equal(new[] { D(1), D(3) }, sink.Of<Shift>().Select(s => s.Start).ToArray());
    }

    [Fact]
    public async Task An_unknown_user_is_UserNotFound_with_suggestions_from_the_v1_user_list()
    {
        var server = fixture.Fresh()
            .On("GET", "/api-public/v2/user/*/oncall/schedule", "{\"message\":\"User not found\"}", 404)
            .On("GET", "/api-public/v1/user", "{\"users\":[[{\"username\":\"roman.kyrnis\",\"firstName\":\"Roman\"}],[{\"username\":\"alice\"}]]}");
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.GetShiftsAsync(new ScheduleQuery { Users = new[] { "roman.kyrnys" }, Start = D(0, 1), End = D(2) }, sink, CancellationToken.None);

        var error = Assert.Single(sink.Errors);
        Assert.Equal("UserNotFound", error.Reason);
        Assert.Equal(OnCallErrorKind.NotFound, error.Kind);
        Assert.Contains("'roman.kyrnys'", error.Message);
        Assert.Contains("'roman.kyrnis'", error.Message);
    }

    [Fact]
    public async Task An_unknown_team_is_TeamNotFound_and_sends_no_schedule_request()
    {
        var server = fixture.Fresh().On("GET", "/api-public/v1/team", VictorOpsSamples.TeamList);
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.GetShiftsAsync(new ScheduleQuery { Teams = new[] { "Exampel" }, Start = D(0, 1), End = D(2) }, sink, CancellationToken.None);

        var error = Assert.Single(sink.Errors);
        Assert.Equal("TeamNotFound", error.Reason);
        Assert.Contains("'Example'", error.Message);
        Assert.Empty(server.Calls("GET", "/api-public/v2/"));
    }

    [Fact]
    public async Task A_step_outside_0_to_3_is_refused()
    {
        var server = fixture.Fresh();
        var client = VictorOpsTestClient.Create(server);
        var error = await Assert.ThrowsAsync<OnCallException>(() => client.GetShiftsAsync(new ScheduleQuery { Teams = new[] { "x" }, Start = D(1), End = D(2), Step = 4 }, new RecordingSink(), CancellationToken.None));
        Assert.Equal("InvalidStep", error.Reason);
        Assert.Empty(server.Requests);
    }
}
