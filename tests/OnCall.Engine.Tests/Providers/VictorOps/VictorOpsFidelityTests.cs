using System.Text.Json;
using OnCall.Emulator;
using OnCall.Emulator.VictorOps;
using OnCall.Engine.Connections;
using OnCall.Engine.Http;
using OnCall.Engine.Providers;
using OnCall.Engine.Providers.VictorOps;
using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers.VictorOps;

/// <summary>
/// Where VictorOps documents something the client used to miss (issue 10): the past from the on-call log, its pace,
/// acceptOverlap on assignments, the documented incident target types, and the "today" daysSkip counts from.
/// Each test runs against the emulator on a clock of its own, so "today" is known.
/// </summary>
public sealed class VictorOpsFidelityTests
{
    // A Wednesday afternoon (UTC); today began at 2026-03-11T00:00Z.
    private static readonly DateTimeOffset Now = new(2026, 3, 11, 15, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Today = new(2026, 3, 11, 0, 0, 0, TimeSpan.Zero);
    private const string Primary = "pol-platformops00001";

    private static async Task<(EmulatorServer Server, VictorOpsClient Client)> StartAsync(bool pacing = false)
    {
        var clock = new ManualClock(Now);
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = clock });
        return (server, VictorOpsTestClient.Create(server, clock: clock, pacing: pacing));
    }

    private static string? Scheduled(EmulatorServer server, DateTimeOffset at)
    {
        lock (server.State.Sync)
        {
            var vo = server.State.VictorOps;
            return vo.ScheduledAt(vo.Policy(Primary)!, at);
        }
    }

    [Fact]
    public async Task A_window_reaching_into_the_past_reads_the_log_then_the_schedule_as_one_stream()
    {
        var (server, client) = await StartAsync();
        await using var running = server;
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 3, 13, 0, 0, 0, TimeSpan.Zero);
        var sink = new RecordingSink();

        await client.GetShiftsAsync(new ScheduleQuery { Teams = new[] { "Platform Ops" }, Policies = new[] { Primary }, Start = start, End = end }, sink, CancellationToken.None);

        Assert.Empty(sink.Errors);
        var shifts = sink.Of<Shift>().OrderBy(s => s.Start).ToList();

        // Weekly hand-offs at Monday 09:00 New York: 14:00Z before the DST change of 8 March, 13:00Z after it.
        Assert.Equal(
            new[] { (start, new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero)), (new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero)), (new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero), end) },
            shifts.Select(s => (s.Start.ToUniversalTime(), s.End.ToUniversalTime())).ToArray());
        Assert.All(shifts, s => Assert.Equal(Scheduled(server, s.Start.AddMinutes(1)), s.User));
        Assert.All(shifts, s => Assert.Equal("Platform Ops", s.Team));
        Assert.Equal(0, shifts.Single(s => s.End == end).Step);

        var log = Assert.Single(server.Calls("GET", "/api-reporting/v1/team/team-platformops00001/oncall/log"));
        Assert.Equal("2026-03-02T00:00:00Z", log.Q("start"));
        Assert.Equal("2026-03-11T00:00:00Z", log.Q("end"));
        var schedule = Assert.Single(server.Calls("GET", "/api-public/v2/team/team-platformops00001/oncall/schedule"));
        Assert.Equal("0", schedule.Q("daysSkip"));
    }

    [Fact]
    public async Task Merge_joins_one_persons_daily_turns_from_the_log_and_the_schedule_into_one_shift()
    {
        var (server, client) = await StartAsync();
        await using var running = server;
        lock (server.State.Sync)
        {
            // Database Daily (08:00 Berlin, 07:00Z in March) with one member: every turn is Bob's.
            var daily = server.State.VictorOps.Rotation("rtg-databasesre00002")!;
            daily.Members.Clear();
            daily.Members.Add(DemoPeople.Bob);
        }

        var start = new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 3, 14, 0, 0, 0, TimeSpan.Zero);
        var query = new ScheduleQuery { Teams = new[] { "Database SRE" }, Start = start, End = end };
        var perTurn = new RecordingSink();
        var merged = new RecordingSink();

        await client.GetShiftsAsync(query, perTurn, CancellationToken.None);
        query.Merge = true;
        await client.GetShiftsAsync(query, merged, CancellationToken.None);

        // Without -Merge: a shift per turn, three from the log, the one across today joined at the seam, three more.
        Assert.Empty(perTurn.Errors);
        var turns = perTurn.Of<Shift>().Select(s => (s.Start.ToUniversalTime(), s.End.ToUniversalTime())).ToArray();
        Assert.Equal(7, turns.Length);
        Assert.Equal((start, start.AddHours(7)), turns[0]);
        Assert.Equal((Today.AddDays(-1).AddHours(7), Today.AddHours(7)), turns[3]);
        Assert.Equal((Today.AddDays(2).AddHours(7), end), turns[^1]);

        // With it: one shift over the window, which takes the rotation the schedule API names (the log names none).
        Assert.Empty(merged.Errors);
        var shift = Assert.Single(merged.Of<Shift>());
        Assert.Equal((start, end), (shift.Start, shift.End));
        Assert.Equal((DemoPeople.Bob, "Database Daily", "Database SRE", "pol-databasesre00002", false), (shift.User, shift.Rotation, shift.Team, shift.ScheduleId, shift.IsOverride));
        Assert.NotEmpty(server.Calls("GET", "/api-reporting/v1/team/team-databasesre00002/oncall/log"));
    }

    [Fact]
    public async Task Merge_keeps_an_override_apart_and_joins_only_touching_shifts_of_one_person()
    {
        var (server, client) = await StartAsync();
        await using var running = server;
        var cover = new DateTimeOffset(2026, 3, 12, 12, 0, 0, TimeSpan.Zero);
        lock (server.State.Sync)
        {
            var vo = server.State.VictorOps;
            var daily = vo.Rotation("rtg-databasesre00002")!;
            daily.Members.Clear();
            daily.Members.Add(DemoPeople.Bob);
            vo.Takes.Add(new VoTake { PolicySlug = "pol-databasesre00002", FromUser = DemoPeople.Bob, ToUser = DemoPeople.Carol, Start = cover, End = cover.AddHours(4) });
        }

        var sink = new RecordingSink();
        await client.GetShiftsAsync(new ScheduleQuery { Teams = new[] { "Database SRE" }, Start = Today, End = Today.AddDays(3), Merge = true }, sink, CancellationToken.None);

        Assert.Empty(sink.Errors);
        Assert.Equal(
            new[] { $"{DemoPeople.Bob} 0-36", $"{DemoPeople.Carol} 36-40 ({DemoPeople.Bob})", $"{DemoPeople.Bob} 40-72" },
            sink.Of<Shift>().Select(s => $"{s.User} {(s.Start - Today).TotalHours:0}-{(s.End - Today).TotalHours:0}{(s.IsOverride ? " (" + s.OriginalUser + ")" : string.Empty)}").ToArray());
    }

    [Fact]
    public async Task A_window_wholly_in_the_past_reads_only_the_log_in_month_calls()
    {
        var (server, client) = await StartAsync();
        await using var running = server;
        var sink = new RecordingSink();

        await client.GetShiftsAsync(new ScheduleQuery { Teams = new[] { "Platform Ops" }, Policies = new[] { Primary }, Start = new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero) }, sink, CancellationToken.None);

        // Eight whole weeks, one shift each, although the second call cut one of them at its seam.
        var shifts = sink.Of<Shift>();
        Assert.Equal(8, shifts.Count);
        Assert.All(shifts, s => Assert.Equal(TimeSpan.FromDays(7), s.End - s.Start));
        Assert.Equal(2, server.Calls("GET", "/api-reporting/v1/team/").Count);
        Assert.Empty(server.Calls("GET", "/api-public/v2/team/"));
    }

    [Fact]
    public async Task On_call_at_a_past_instant_comes_from_the_log()
    {
        var (server, client) = await StartAsync();
        await using var running = server;
        var at = new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero);
        var sink = new RecordingSink();

        await client.GetOnCallUsersAsync(new OnCallUserQuery { Teams = new[] { "Platform Ops" }, Policies = new[] { Primary }, At = at }, sink, CancellationToken.None);

        var user = Assert.Single(sink.Of<OnCallUser>());
        Assert.Equal(Scheduled(server, at), user.User);
        Assert.Equal(user.User, user.UserId);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero), user.Start);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero), user.End);
        Assert.Equal(Primary, user.PolicyId);
        Assert.NotEmpty(server.Calls("GET", "/api-reporting/v1/team/team-platformops00001/oncall/log"));
        Assert.Empty(server.Calls("GET", "/api-public/v2/team/"));
        Assert.Contains(sink.Verbose, v => v.Contains("on-call logs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_later_escalation_step_in_the_past_is_refused_before_any_request()
    {
        var (server, client) = await StartAsync();
        await using var running = server;

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.GetShiftsAsync(new ScheduleQuery { Teams = new[] { "Platform Ops" }, Step = 1, Start = Today.AddDays(-3), End = Today.AddDays(2) }, new RecordingSink(), CancellationToken.None));

        Assert.Equal("PastStepUnavailable", error.Reason);
        Assert.Equal(OnCallErrorKind.InvalidArgument, error.Kind);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_log_is_paced_at_its_documented_limit_and_says_so()
    {
        var profile = new VictorOpsProfile("id", SecretText.FromString("key-0123456789"));
        var first = profile.PaceFor(new ApiRequest("GET", "/api-reporting/v1/team/team-a/oncall/log"))!;
        var second = profile.PaceFor(new ApiRequest("GET", "/api-reporting/v1/team/team-b/oncall/log"))!;
        Assert.Equal(first.Key, second.Key);
        Assert.True(first.Interval >= TimeSpan.FromSeconds(1), "60 calls a minute at most");
        Assert.True(first.Interval < VictorOpsProfile.ReportingInterval, "not the incidents API's one a minute");

        var (server, client) = await StartAsync(pacing: true);
        await using var running = server;
        var sink = new RecordingSink();
        await client.GetShiftsAsync(new ScheduleQuery { Teams = new[] { "Platform Ops" }, Start = Today.AddDays(-2), End = Today }, sink, CancellationToken.None);
        Assert.Contains(sink.Verbose, v => v.Contains("60 calls a minute", StringComparison.Ordinal) && v.Contains("one every 1.01 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DaysSkip_counts_from_midnight_UTC_in_client_and_emulator()
    {
        var (server, client) = await StartAsync();
        await using var running = server;
        var sink = new RecordingSink();

        // Today's morning, which is before now: the schedule API's day 0, not the past.
        await client.GetShiftsAsync(new ScheduleQuery { Teams = new[] { "Platform Ops" }, Policies = new[] { Primary }, Start = Today, End = Today.AddHours(12) }, sink, CancellationToken.None);

        var shift = Assert.Single(sink.Of<Shift>());
        Assert.Equal(Today, shift.Start);
        Assert.Equal(Today.AddHours(12), shift.End);
        Assert.Equal(Scheduled(server, Today), shift.User);
        Assert.Empty(server.Calls("GET", "/api-reporting/"));
    }

    [Fact]
    public async Task An_assignment_over_the_covering_users_own_absence_needs_AcceptOverlap()
    {
        var (server, client) = await StartAsync();
        await using var running = server;
        var start = new DateTimeOffset(2026, 3, 20, 10, 0, 0, TimeSpan.Zero);
        lock (server.State.Sync)
        {
            server.State.VictorOps.Overrides.Add(new VoOverride { PublicId = "absent01", Username = "john.smith", Timezone = "Etc/UTC", Start = start.AddDays(-1), End = start.AddDays(1) });
        }

        var refused = new RecordingSink();
        await client.SetOverrideAsync(new OverrideRequest { User = "john.smith", OriginalUser = "alice.nguyen", Policy = Primary, Start = start, End = start.AddHours(2) }, refused, CancellationToken.None);
        var accepted = new RecordingSink();
        await client.SetOverrideAsync(new OverrideRequest { User = "john.smith", OriginalUser = "alice.nguyen", Policy = Primary, Start = start, End = start.AddHours(2), AcceptOverlap = true }, accepted, CancellationToken.None);

        Assert.Equal("AssignmentFailed", Assert.Single(refused.Errors).Reason);
        Assert.Empty(accepted.Errors);
        Assert.Contains(Assert.Single(accepted.Of<Override>()).Assignments, a => a.Policy == Primary && a.User == "john.smith");
        var puts = server.Calls("PUT", "/api-public/v1/overrides/").Select(p => JsonDocument.Parse(p.Body).RootElement).ToList();
        Assert.False(puts[0].TryGetProperty("acceptOverlap", out _));
        Assert.True(puts[^1].GetProperty("acceptOverlap").GetBoolean());
    }

    [Theory]
    [InlineData("Team:team-platformops00001")]
    [InlineData("RotationGroup:rtg-platformops00001")]
    [InlineData("team-platformops00001")]
    [InlineData("Schedule:x")]
    public async Task Incident_targets_are_users_and_escalation_policies_only(string target)
    {
        var (server, client) = await StartAsync();
        await using var running = server;

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.NewIncidentAsync(new NewIncidentRequest { Title = "Disk full", Targets = new[] { "User:jane.doe@example.com", target } }, new RecordingSink(), CancellationToken.None));

        Assert.Equal("InvalidTarget", error.Reason);
        Assert.Equal(target, error.Target);
        Assert.Contains("User", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}
