using System.Management.Automation;
using OnCall.Emulator;
using OnCall.Emulator.VictorOps;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>VictorOps as documented (issue 10), end to end: the past from the on-call log, acceptOverlap, target types.</summary>
public sealed class VictorOpsFidelityTests : IClassFixture<VictorOpsFidelityFixture>
{
    private const string Primary = "pol-platformops00001";

    private readonly SessionFixture _emulator;
    private readonly PowerShellSession _session;

    public VictorOpsFidelityTests(VictorOpsFidelityFixture emulator)
    {
        _emulator = emulator;
        _session = emulator.Fresh();
    }

    private static DateTimeOffset Time(PSObject o, string property) => (DateTimeOffset)o.Properties[property].Value;

    private string? Scheduled(DateTimeOffset at)
    {
        lock (_emulator.Server.State.Sync)
        {
            var vo = _emulator.Server.State.VictorOps;
            return vo.ScheduledAt(vo.Policy(Primary)!, at);
        }
    }

    [Fact]
    public void A_schedule_from_the_past_is_one_stream_from_the_log_and_the_schedule_API()
    {
        _emulator.Server.ClearRequests();
        var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);

        var result = _session.Run("Get-OnCallSchedule -Team 'Platform Ops' -Start $args[1] -Days 12 -Verbose | Where-Object ScheduleId -eq $args[0]", Primary, today.AddDays(-9));

        Assert.Empty(result.AllErrors);
        var shifts = result.Output.OrderBy(s => Time(s, "Start")).ToList();
        Assert.Equal(today.AddDays(-9), Time(shifts[0], "Start"));
        Assert.Equal(today.AddDays(3), Time(shifts[^1], "End"));
        for (var i = 1; i < shifts.Count; i++)
        {
            Assert.Equal(Time(shifts[i - 1], "End"), Time(shifts[i], "Start"));
        }

        // Weekly hand-offs at 09:00 New York: none at midnight UTC, where the log gives way to the schedule API.
        Assert.DoesNotContain(shifts, s => Time(s, "End") == today);
        Assert.All(shifts, s => Assert.Equal(Scheduled(Time(s, "Start").AddMinutes(1)), s.Properties["User"].Value));
        Assert.Contains(result.Verbose, v => v.Contains("on-call log", StringComparison.Ordinal) && v.Contains("one every 1.01 s", StringComparison.Ordinal));
        Assert.Contains(_emulator.Server.Requests, r => r.Path == "/api-reporting/v1/team/team-platformops00001/oncall/log");
    }

    [Fact]
    public void Merge_joins_one_persons_turns_from_the_log_and_the_schedule_API_into_one_shift()
    {
        List<string> members;
        lock (_emulator.Server.State.Sync)
        {
            // Database Daily with Bob alone: every daily turn, past (the log) and future (the schedule API), is his.
            var daily = _emulator.Server.State.VictorOps.Rotation("rtg-databasesre00002")!;
            members = daily.Members.ToList();
            daily.Members.Clear();
            daily.Members.Add(DemoPeople.Bob);
        }

        try
        {
            var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
            const string script = "Get-OnCallSchedule -Team 'Database SRE' -Start $args[0] -End $args[1]";

            var perTurn = _session.RunOk(script, today.AddDays(-3), today.AddDays(3));
            var merged = _session.RunOk(script + " -Merge", today.AddDays(-3), today.AddDays(3));

            Assert.True(perTurn.Count >= 6, "a shift per daily turn: " + perTurn.Count);
            var shift = Assert.Single(merged);
            Assert.Equal((today.AddDays(-3), today.AddDays(3)), (Time(shift, "Start"), Time(shift, "End")));
            Assert.Equal(DemoPeople.Bob, shift.Properties["User"].Value);
            Assert.Equal("Database Daily", shift.Properties["Rotation"].Value);
            Assert.Equal(
                perTurn.Sum(s => (Time(s, "End") - Time(s, "Start")).Ticks),
                (Time(shift, "End") - Time(shift, "Start")).Ticks);
        }
        finally
        {
            lock (_emulator.Server.State.Sync)
            {
                var daily = _emulator.Server.State.VictorOps.Rotation("rtg-databasesre00002")!;
                daily.Members.Clear();
                daily.Members.AddRange(members);
            }
        }
    }

    [Fact]
    public void Who_was_on_call_days_ago_comes_from_the_log()
    {
        var at = DateTimeOffset.UtcNow.Date.AddDays(-3).AddHours(12);

        var user = Assert.Single(_session.RunOk("Get-OnCallUser -Team 'Platform Ops' -Policy $args[0] -At $args[1]", Primary, new DateTimeOffset(at, TimeSpan.Zero)));

        Assert.Equal(Scheduled(new DateTimeOffset(at, TimeSpan.Zero)), user.Properties["User"].Value);
        Assert.True(Time(user, "Start") <= new DateTimeOffset(at, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("Team:team-platformops00001")]
    [InlineData("team-platformops00001")]
    public void A_team_target_is_refused_and_no_incident_is_opened(string target)
    {
        _emulator.Server.ClearRequests();

        var result = _session.Run("New-OnCallIncident -Title 'Disk full' -Target $args[0] -User jane.doe@example.com -Confirm:$false", target);

        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith("OnCall.VictorOps.InvalidTarget,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.DoesNotContain(_emulator.Server.Requests, r => r.Method == "POST");

        // The engine speaks of VictorOps; the way to the team's policies is the module's advice.
        Assert.DoesNotContain("Get-OnCall", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Get-OnCallEscalationPolicy -Team team-platformops00001", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void AcceptOverlap_assigns_over_the_covering_users_own_absence()
    {
        var start = DateTimeOffset.UtcNow.Date.AddDays(20);
        lock (_emulator.Server.State.Sync)
        {
            _emulator.Server.State.VictorOps.Overrides.Add(new VoOverride { PublicId = "absent99", Username = "john.smith", Timezone = "Etc/UTC", Start = start.AddDays(-1), End = start.AddDays(1) });
        }

        try
        {
            _emulator.Server.ClearRequests();
            var made = Assert.Single(_session.RunOk("Set-OnCallOverride -User john.smith -OriginalUser alice.nguyen -Policy $args[0] -Start $args[1] -End $args[2] -AcceptOverlap -Confirm:$false", Primary, new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(start.AddHours(2), TimeSpan.Zero)));

            Assert.Equal(1, _session.RunOk("@($args[0].Assignments | Where-Object User -eq 'john.smith').Count", made).Single().BaseObject);
            var put = Assert.Single(_emulator.Server.Requests, r => r.Method == "PUT");
            Assert.Contains("\"acceptOverlap\":true", put.Body, StringComparison.Ordinal);
        }
        finally
        {
            lock (_emulator.Server.State.Sync)
            {
                _emulator.Server.State.VictorOps.Overrides.RemoveAll(o => o.Username is "john.smith" or "alice.nguyen");
            }
        }
    }

    [Fact]
    public void AcceptOverlap_on_a_vendor_without_it_is_refused_before_any_request()
    {
        _emulator.Server.ClearRequests();

        var result = _session.Run("Set-OnCallOverride -Connection zs -Schedule 'Platform On-Call' -User 'John Smith' -Start '2030-01-01T00:00:00Z' -End '2030-01-01T04:00:00Z' -AcceptOverlap -Confirm:$false");

        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith("OnCall.Module.AcceptOverlapNotSupported,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(_emulator.Server.Requests);
    }

    [Fact]
    public void The_help_says_which_today_and_which_pace_the_module_assumes()
    {
        // Lines wrap wherever the host's width puts them: compare with every run of white space as one space.
        var help = System.Text.RegularExpressions.Regex.Replace(string.Join(" ", _session.RunOk("Get-Help Get-OnCallSchedule -Full | Out-String -Width 200").Select(o => o.ToString())), @"\s+", " ");

        Assert.Contains("00:00 UTC", help, StringComparison.Ordinal);
        Assert.Contains("on-call log", help, StringComparison.Ordinal);
        Assert.Contains("60 log calls a minute", help, StringComparison.Ordinal);
    }
}

public sealed class VictorOpsFidelityFixture : SessionFixture
{
    // The VictorOps connection paces as a user's would (the log's pace is part of what is tested); it is the default.
    protected override IEnumerable<string> Connections() => [ConnectZStack("zs"), ConnectVictorOps("vo")];
}
