using OnCall.Emulator;
using OnCall.Emulator.Datadog;
using OnCall.Engine.Providers;
using OnCall.Engine.Providers.Datadog;


using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers.Datadog;

public sealed class DatadogClientTests
{
    private static readonly DateTimeOffset Winter = new(2026, 2, 11, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Jane = DemoPeople.Email(DemoPeople.Jane);

    private static async Task<(EmulatorServer Server, ManualClock Clock, DatadogClient Client, Connections.ConnectionContext Context)> StartAsync(DateTimeOffset now)
    {
        var clock = new ManualClock(now);
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = clock });
        var context = ProviderTestKit.Datadog(server);
        return (server, clock, Assert.IsType<DatadogClient>(context.ProviderClient), context);
    }

    [Fact]
    public async Task Validates_and_lists_teams()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();

        await client.ValidateAsync(sink, CancellationToken.None);
        await client.GetTeamsAsync(Array.Empty<string>(), sink, CancellationToken.None);
        await client.GetTeamsAsync(new[] { "platform-ops", "nope" }, sink, CancellationToken.None);

        var teams = sink.Of<Team>().ToList();
        Assert.Equal(3, teams.Count);
        Assert.Equal(DatadogState.PlatformTeamId, teams[2].Id);
        Assert.Equal("Platform Ops", teams[2].Name);
        Assert.Equal(4, teams[2].MemberCount);
        Assert.Equal("TeamNotFound", Assert.Single(sink.Errors).Reason);
        Assert.NotNull(await ProviderTestKit.SawAsync(server, r => r.Path == "/api/v2/team" && r.RawTarget.Contains("page%5Bsize%5D=1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Rendered_schedules_match_the_emulators_on_call_answer_at_several_instants()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();

        // Outside DST in both zones; around handoffs, restriction edges (Mon 08:00 - Fri 18:00 Berlin), before the start.
        var instants = new[]
        {
            new DateTimeOffset(2026, 1, 4, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 12, 13, 59, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 12, 14, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 2, 14, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 2, 16, 6, 59, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 2, 16, 7, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 2, 18, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 2, 20, 16, 59, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 2, 20, 17, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero),
        };
        var compared = 0;
        foreach (var id in new[] { DatadogState.PlatformScheduleId, DatadogState.DatabaseScheduleId })
        {
            var schedule = await client.GetScheduleAsync(id, sink, CancellationToken.None);
            var definition = schedule.ToDefinition("dd")!;
            foreach (var at in instants)
            {
                var vendor = await client.ScheduleRespondersAsync(id, schedule.Name, at, sink, CancellationToken.None);
                var rendered = definition.WhoIsOnCall(at);
                Assert.True(vendor.SingleOrDefault()?.User == rendered?.User, $"{schedule.Name} at {at:u}: Datadog {vendor.SingleOrDefault()?.User ?? "nobody"}, rendered {rendered?.User ?? "nobody"}");
                compared += vendor.Count;
            }
        }

        Assert.True(compared >= 12);
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task Schedule_shifts_include_overrides_and_round_trip_through_create_list_delete()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var overrides = ProviderTestKit.Capability<IOverrideSource>(context);
        var sink = new RecordingSink();
        var start = new DateTimeOffset(2026, 1, 14, 0, 0, 0, TimeSpan.Zero);

        await overrides.SetOverrideAsync(new OverrideRequest { Schedule = "Platform Primary", User = DemoPeople.Email(DemoPeople.Dave), Start = start, End = start.AddHours(6) }, sink, CancellationToken.None);
        var created = Assert.Single(sink.Of<Override>());
        Assert.True(Guid.TryParse(created.Id, out _));
        Assert.Equal("dave.kim@example.com", created.User);
        Assert.Equal("john.smith@example.com", created.OriginalUser);

        var shifts = new RecordingSink();
        await client.GetShiftsAsync(new ScheduleQuery { Schedules = new[] { DatadogState.PlatformScheduleId }, Start = new DateTimeOffset(2026, 1, 12, 14, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2026, 1, 26, 14, 0, 0, TimeSpan.Zero) }, shifts, CancellationToken.None);
        Assert.Equal(
            new[] { ("john.smith@example.com", false), ("dave.kim@example.com", true), ("john.smith@example.com", false), ("alice.nguyen@example.com", false) },
            shifts.Of<Shift>().Select(s => (s.User, s.IsOverride)));
        var replaced = shifts.Of<Shift>().Single(s => s.IsOverride);
        Assert.Equal("john.smith@example.com", replaced.OriginalUser);
        Assert.Equal(start, replaced.Start);
        Assert.Equal("Platform Primary", replaced.Schedule);
        Assert.NotNull(await ProviderTestKit.SawAsync(server, r => r.Path.EndsWith("/overrides", StringComparison.Ordinal) && r.RawTarget.Contains("filter%5Bstart%5D=2026-01-12T14%3A00%3A00Z", StringComparison.Ordinal)));

        var listed = new RecordingSink();
        await overrides.GetOverridesAsync(new OverrideQuery { Schedule = "Platform Primary", Start = start.AddDays(-1), End = start.AddDays(1) }, listed, CancellationToken.None);
        Assert.Equal(created.Id, Assert.Single(listed.Of<Override>()).Id);

        await overrides.RemoveOverrideAsync(new OverrideRemoval { Id = created.Id, Schedule = "Platform Primary" }, sink, CancellationToken.None);
        lock (server.State.Sync)
        {
            Assert.Empty(server.State.Datadog.Overrides);
        }

        await Assert.ThrowsAsync<OnCallException>(() => overrides.RemoveOverrideAsync(new OverrideRemoval { Id = created.Id, Schedule = DatadogState.PlatformScheduleId }, sink, CancellationToken.None));
    }

    [Fact]
    public async Task Unknown_schedule_is_a_not_found_error_naming_it()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();

        await client.GetShiftsAsync(new ScheduleQuery { Schedules = new[] { "No Such Schedule" }, Start = Winter, End = Winter.AddDays(1) }, sink, CancellationToken.None);
        await client.GetOnCallUsersAsync(new OnCallUserQuery { Schedules = new[] { "5c3e9b10-0000-4000-8000-00000000ffff" } }, sink, CancellationToken.None);

        Assert.Equal(2, sink.Errors.Count);
        Assert.All(sink.Errors, e => Assert.Equal(OnCallErrorKind.NotFound, e.Kind));
        Assert.Contains("No Such Schedule", sink.Errors.ElementAt(0).Message, StringComparison.Ordinal);
        Assert.Contains("5c3e9b10-0000-4000-8000-00000000ffff", sink.Errors.ElementAt(1).Message, StringComparison.Ordinal);
        Assert.Empty(sink.Of<Shift>());
    }

    [Fact]
    public async Task On_call_users_by_team_and_by_schedule()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();
        string expected;
        lock (server.State.Sync)
        {
            var dd = server.State.Datadog;
            expected = dd.User(dd.ShiftAt(dd.Schedule(DatadogState.PlatformScheduleId)!, Winter)!.Value.UserId)!.Email;
        }

        await client.GetOnCallUsersAsync(new OnCallUserQuery { Teams = new[] { "Platform Ops" } }, sink, CancellationToken.None);
        var byTeam = Assert.Single(sink.Of<OnCallUser>());
        Assert.Equal(expected, byTeam.User);
        Assert.Equal("Platform Ops", byTeam.Team);
        Assert.Equal(DatadogState.PlatformTeamId, byTeam.TeamId);
        Assert.NotNull(await ProviderTestKit.SawAsync(server, r => r.RawTarget.Contains("include=responders%2Cescalations.responders", StringComparison.Ordinal)));

        var at = new DateTimeOffset(2026, 1, 13, 0, 0, 0, TimeSpan.Zero);
        var bySchedule = new RecordingSink();
        await client.GetOnCallUsersAsync(new OnCallUserQuery { Schedules = new[] { "Platform Primary" }, At = at }, bySchedule, CancellationToken.None);
        var user = Assert.Single(bySchedule.Of<OnCallUser>());
        Assert.Equal("john.smith@example.com", user.User);
        Assert.Equal("Platform Primary", user.Schedule);
        Assert.Equal(new DateTimeOffset(2026, 1, 12, 14, 0, 0, TimeSpan.Zero), user.Start);
        Assert.NotNull(await ProviderTestKit.SawAsync(server, r => r.RawTarget.Contains("filter%5Bat_ts%5D=2026-01-13T00%3A00%3A00Z", StringComparison.Ordinal)));

        var byTeamAt = new RecordingSink();
        await client.GetOnCallUsersAsync(new OnCallUserQuery { Teams = new[] { "platform-ops" }, At = at }, byTeamAt, CancellationToken.None);
        var teamUser = Assert.Single(byTeamAt.Of<OnCallUser>());
        Assert.Equal("john.smith@example.com", teamUser.User);
        Assert.Equal("Platform Ops", teamUser.Team);
        Assert.Equal("Platform Primary", teamUser.Schedule);
    }

    [Fact]
    public async Task Rotations_are_one_per_layer()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();

        await client.GetRotationsAsync(new[] { "database-sre" }, Array.Empty<string>(), sink, CancellationToken.None);

        var rotation = Assert.Single(sink.Of<Rotation>());
        Assert.Equal("Business hours", rotation.Name);
        Assert.Equal("Database Business Hours", rotation.Schedule);
        Assert.Equal("Database SRE", rotation.Team);
        Assert.Equal(TimeSpan.FromDays(1), rotation.ShiftLength);
        Assert.Equal("Europe/Berlin", rotation.TimeZone);
        Assert.Equal(new[] { "bob.martin@example.com", "carol.white@example.com", "dave.kim@example.com" }, rotation.Members);
    }

    [Fact]
    public async Task Escalation_policies_with_readable_targets()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();

        await client.GetEscalationPoliciesAsync(new EscalationPolicyQuery { Teams = new[] { "platform-ops" } }, sink, CancellationToken.None);

        var policy = Assert.Single(sink.Of<EscalationPolicy>());
        Assert.Equal(DatadogState.PlatformPolicyId, policy.Id);
        Assert.Equal("Platform Ops", policy.Team);
        Assert.Equal(new[] { "schedule:Platform Primary" }, policy.Steps[0].Targets);
        Assert.Equal(15, policy.Steps[0].TimeoutMinutes);
        Assert.Equal(new[] { "team:Platform Ops" }, policy.Steps[1].Targets);
    }

    [Fact]
    public async Task Pages_go_to_the_paging_host_and_act_one_by_one()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        await using var paging = await EmulatorServer.StartAsync();
        context.Info.PagingUri = paging.BaseUri;
        var sink = new RecordingSink();

        await client.NewIncidentAsync(new NewIncidentRequest { Title = "Disk full", Description = "db-1", Targets = new[] { "team_handle:platform-ops" }, Tags = new[] { "service:db" }, Urgency = "low" }, sink, CancellationToken.None);

        var page = Assert.Single(sink.Of<Incident>());
        Assert.True(Guid.TryParse(page.Id, out _));
        Assert.Equal(IncidentStatus.Triggered, page.Status);
        Assert.DoesNotContain(server.Requests, r => r.Path.StartsWith("/api/v2/on-call/pages", StringComparison.Ordinal));
        var post = (await ProviderTestKit.SawAsync(paging, r => r.Path == "/api/v2/on-call/pages"))!;
        Assert.Contains("\"target\":{\"type\":\"team_handle\",\"identifier\":\"platform-ops\"}", post.Body, StringComparison.Ordinal);
        Assert.Contains("\"urgency\":\"low\"", post.Body, StringComparison.Ordinal);
        Assert.Contains("\"tags\":[\"service:db\"]", post.Body, StringComparison.Ordinal);

        paging.ClearRequests();
        var acted = new RecordingSink();
        var missing = Guid.NewGuid().ToString();
        await client.InvokeActionAsync(IncidentAction.Acknowledge, new[] { page.Id, "not-a-uuid", missing }, new IncidentActionOptions(), acted, CancellationToken.None);
        await client.InvokeActionAsync(IncidentAction.Escalate, new[] { page.Id }, new IncidentActionOptions(), acted, CancellationToken.None);
        await client.InvokeActionAsync(IncidentAction.Resolve, new[] { page.Id }, new IncidentActionOptions(), acted, CancellationToken.None);

        Assert.Equal(new[] { "Ack", "Escalate", "Resolve" }, acted.Of<IncidentActionResult>().Select(r => r.Action));
        Assert.All(acted.Of<IncidentActionResult>(), r => Assert.True(r.Accepted));
        Assert.Equal(new[] { ("InvalidPageId", (object?)"not-a-uuid"), ("PageNotFound", missing) }, acted.Errors.Select(e => (e.Reason, e.Target)));
        Assert.NotNull(await ProviderTestKit.SawAsync(paging, _ => true, count: 4));
        Assert.Equal(4, paging.Requests.Count);
        Assert.DoesNotContain(paging.Requests, r => r.Path.Contains("not-a-uuid", StringComparison.Ordinal));
        lock (paging.State.Sync)
        {
            var stored = paging.State.Datadog.Pages.Single();
            Assert.Equal("resolved", stored.Status);
            Assert.Equal(1, stored.EscalationLevel);
        }

        Assert.Equal(OnCallErrorKind.NotSupported, (await Assert.ThrowsAsync<OnCallException>(() => client.InvokeActionAsync(IncidentAction.Reroute, new[] { page.Id }, new IncidentActionOptions(), acted, CancellationToken.None))).Kind);
    }

    [Fact]
    public async Task Listing_pages_is_not_supported_and_says_why()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;

        var list = await Assert.ThrowsAsync<OnCallException>(() => client.GetIncidentsAsync(new IncidentQuery(), new RecordingSink(), CancellationToken.None));
        var byId = await Assert.ThrowsAsync<OnCallException>(() => client.GetIncidentsAsync(new IncidentQuery { Ids = new[] { Guid.NewGuid().ToString() } }, new RecordingSink(), CancellationToken.None));

        Assert.Equal(OnCallErrorKind.NotSupported, list.Kind);
        Assert.Contains("no API that lists pages", list.Message, StringComparison.Ordinal);
        Assert.Contains("by id", byId.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_target_forms()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();
        var janeId = DatadogState.UserId(DemoPeople.Jane);

        Assert.Equal(("team_handle", "ops"), await client.ParseTargetAsync("ops", sink, CancellationToken.None));
        Assert.Equal(("team_id", DatadogState.PlatformTeamId), await client.ParseTargetAsync("team_id:" + DatadogState.PlatformTeamId, sink, CancellationToken.None));
        Assert.Equal(("user_id", janeId), await client.ParseTargetAsync("user_id:" + janeId, sink, CancellationToken.None));
        Assert.Equal(("user_id", janeId), await client.ParseTargetAsync("user:" + Jane, sink, CancellationToken.None));
        await Assert.ThrowsAsync<OnCallException>(() => client.ParseTargetAsync("pager:x", sink, CancellationToken.None));
    }
}
