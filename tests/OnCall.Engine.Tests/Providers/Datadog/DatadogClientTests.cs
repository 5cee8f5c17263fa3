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
    public async Task Lists_are_read_whole_when_the_server_caps_pages_below_the_size_asked()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();
        var dd = server.State.Datadog;
        lock (server.State.Sync)
        {
            for (var i = 0; i < 23; i++)
            {
                var id = $"00000000-0000-4000-8000-{i:D12}";
                dd.Schedules.Add(new DdSchedule { Id = id, Name = $"extra {i:D2}", TimeZone = "UTC" });
                dd.Teams.Add(new DdTeam { Id = id, Name = $"team {i:D2}", Handle = $"team-{i:D2}" });
                dd.Policies.Add(new DdPolicy { Id = id, Name = $"policy {i:D2}" });
                dd.Overrides.Add(new DdOverride { Id = id, ScheduleId = DatadogState.PlatformScheduleId, UserId = DatadogState.UserId(DemoPeople.Jane), Start = Winter.AddHours(i), End = Winter.AddHours(i + 1) });
            }
        }

        var schedules = await client.ListSchedulesAsync(sink, CancellationToken.None);
        var teams = await client.ListTeamsAsync(null, sink, CancellationToken.None);
        var overrides = await client.ListOverridesAsync(await client.GetScheduleAsync(DatadogState.PlatformScheduleId, sink, CancellationToken.None), Winter, Winter.AddDays(2), sink, CancellationToken.None);
        await client.GetEscalationPoliciesAsync(new EscalationPolicyQuery(), sink, CancellationToken.None);

        Assert.Equal(dd.Schedules.Count, schedules.Select(s => s.Id).Distinct().Count());
        Assert.Equal(dd.Teams.Count, teams.Select(t => t.Id).Distinct().Count());
        Assert.Equal(23, overrides.Count(o => o.Id.StartsWith("00000000-", StringComparison.Ordinal)));
        Assert.Equal(dd.Policies.Count, sink.Of<EscalationPolicy>().Count);

        // Schedules follow meta.page.next_number and teams links.next: no request for an empty page. Policies have
        // neither, so an empty page ends them.
        Assert.Equal((dd.Schedules.Count + 6) / 7, server.Calls("GET", "/api/v2/on-call/schedules").Count(r => r.Path == "/api/v2/on-call/schedules"));
        Assert.Equal((dd.Policies.Count + 6) / 7 + 1, server.Calls("GET", "/api/v2/on-call/escalation-policies").Count(r => r.Path == "/api/v2/on-call/escalation-policies"));
        Assert.All(server.Calls("GET", "/api/v2/on-call/schedules").Where(r => r.Path == "/api/v2/on-call/schedules"), r => Assert.Equal("100", r.Q("page[size]")));
    }

    [Fact]
    public async Task A_server_that_ignores_the_page_number_is_an_error_or_a_warning_never_an_endless_list()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var full = string.Join(",", Enumerable.Range(0, 100).Select(i => "{\"id\":\"p" + i + "\",\"type\":\"policies\"}"));
        server.On("GET", "/api/v2/on-call/escalation-policies", "{\"data\":[" + full + "]}");

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.GetEscalationPoliciesAsync(new EscalationPolicyQuery(), new RecordingSink(), CancellationToken.None));

        Assert.Equal("PagingIgnored", error.Reason);
        Assert.Equal(2, server.Calls("GET", "/api/v2/on-call/escalation-policies").Count);

        // A short first page repeated: taken as the whole list, and said so.
        server.ClearRequests();
        server.On("GET", "/api/v2/on-call/escalation-policies", """{"data":[{"id":"p1","type":"policies","attributes":{"name":"one"}}]}""");
        server.On("GET", "/api/v2/on-call/escalation-policies/p1", """{"data":{"id":"p1","type":"policies","attributes":{"name":"one"}}}""");
        var sink = new RecordingSink();
        await client.GetEscalationPoliciesAsync(new EscalationPolicyQuery(), sink, CancellationToken.None);
        Assert.Single(sink.Of<EscalationPolicy>());
        Assert.Contains("ignored page[number]", Assert.Single(sink.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_responders_fall_back_to_the_schedules_on_call_user_at_the_time_asked()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();
        var at = new DateTimeOffset(2026, 2, 18, 12, 0, 0, TimeSpan.Zero);
        var expected = (await client.ScheduleRespondersAsync(DatadogState.PlatformScheduleId, "P", at, sink, CancellationToken.None)).Single();
        server.On("GET", "/api/v2/on-call/schedules/*/responders", """{"errors":["Not Found"]}""", 404);

        var users = await client.ScheduleRespondersAsync(DatadogState.PlatformScheduleId, "P", at, sink, CancellationToken.None);

        var user = Assert.Single(users);
        Assert.Equal((expected.UserId, expected.User, expected.End), (user.UserId, user.User, user.End));
        var fallback = server.Calls("GET", "/api/v2/on-call/schedules/" + DatadogState.PlatformScheduleId + "/on-call").Single();
        Assert.Equal("user", fallback.Q("include"));
        Assert.Equal(at, DateTimeOffset.Parse(fallback.Q("filter[at_ts]")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(sink.Verbose, v => v.Contains("asking its on-call user instead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_responders_answer_without_its_includes_falls_back_to_the_recorded_on_call_shape()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        const string scheduleId = "23545b48-fa23-4ea9-a331-3a38f81195cd";
        var responders = Cassette.Load("Scenario_Get_on-call_responders_for_a_schedule_returns_OK_response.yaml").Body("GET", "https://api.datadoghq.com/api/v2/on-call/schedules/" + scheduleId + "/responders");
        var onCall = Cassette.Load("Scenario_Get_scheduled_on-call_user_returns_OK_response.yaml").Body("GET", "https://api.datadoghq.com/api/v2/on-call/schedules/7f4eb086-4141-4f2a-ae4a-c0a06816672b/on-call");
        server.On("GET", "/api/v2/on-call/schedules/" + scheduleId + "/responders", responders);
        server.On("GET", "/api/v2/on-call/schedules/" + scheduleId + "/on-call", onCall);

        var user = Assert.Single(await client.ScheduleRespondersAsync(scheduleId, "S", null, new RecordingSink(), CancellationToken.None));

        Assert.Equal("42e2447f-d0ee-11f0-b246-f6a778e5e220", user.UserId);
        Assert.Equal(new DateTimeOffset(2025, 12, 5, 3, 50, 18, TimeSpan.FromHours(-5)), user.End);
        Assert.Equal("S", user.Schedule);

        // Nobody on call at the time asked: "data": null is no one, not an error.
        server.On("GET", "/api/v2/on-call/schedules/" + scheduleId + "/on-call", """{"data":null}""");
        Assert.Empty(await client.ScheduleRespondersAsync(scheduleId, "S", null, new RecordingSink(), CancellationToken.None));
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
        var byTeam = Assert.Single(sink.Of<OnCallUser>(), u => u.Step == 0);
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
        var teamUser = Assert.Single(byTeamAt.Of<OnCallUser>(), u => u.Step == 0);
        Assert.Equal("john.smith@example.com", teamUser.User);
        Assert.Equal("Platform Ops", teamUser.Team);
        Assert.Equal("Platform Primary", teamUser.Schedule);
    }

    [Fact]
    public async Task Team_on_call_numbers_the_first_step_0_and_escalations_from_1_now_and_at_other_times()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        string[] team;
        string scheduled;
        lock (server.State.Sync)
        {
            var dd = server.State.Datadog;
            team = dd.Team(DatadogState.DatabaseTeamId)!.MemberIds.ToArray();
            scheduled = dd.ShiftAt(dd.Schedule(DatadogState.DatabaseScheduleId)!, Winter)!.Value.UserId;
        }

        var now = new RecordingSink();
        await client.GetOnCallUsersAsync(new OnCallUserQuery { Teams = new[] { "database-sre" } }, now, CancellationToken.None);
        var live = now.Of<OnCallUser>().Select(u => (u.UserId, u.Step)).OrderBy(x => x.Step).ThenBy(x => x.UserId, StringComparer.Ordinal).ToList();

        // Step 0: the schedule's person (first policy step); step 1: the team round-robin step, not the first step again.
        Assert.Equal(
            new[] { (scheduled, (int?)0) }.Concat(team.OrderBy(x => x, StringComparer.Ordinal).Select(id => (id, (int?)1))),
            live.Select(x => (x.UserId!, x.Step)));

        // At the same moment assembled from the policy: the same people at the same steps.
        var at = new RecordingSink();
        await client.GetOnCallUsersAsync(new OnCallUserQuery { Teams = new[] { "database-sre" }, At = Winter }, at, CancellationToken.None);
        Assert.Equal(live, at.Of<OnCallUser>().Select(u => (u.UserId, u.Step)).OrderBy(x => x.Step).ThenBy(x => x.UserId, StringComparer.Ordinal).ToList());
        Assert.All(at.Of<OnCallUser>(), u => Assert.Equal(("Database SRE", DatadogState.DatabasePolicyId), (u.Team, u.PolicyId)));

        // A day later and a week earlier the steps are kept; step 0 follows the rotation.
        foreach (var when in new[] { Winter.AddDays(1), Winter.AddDays(-7) })
        {
            string expected;
            lock (server.State.Sync)
            {
                var dd = server.State.Datadog;
                expected = dd.ShiftAt(dd.Schedule(DatadogState.DatabaseScheduleId)!, when)!.Value.UserId;
            }

            var other = new RecordingSink();
            await client.GetOnCallUsersAsync(new OnCallUserQuery { Teams = new[] { "database-sre" }, At = when }, other, CancellationToken.None);
            Assert.Equal(expected, Assert.Single(other.Of<OnCallUser>(), u => u.Step == 0).UserId);
            Assert.Equal(team.Length, other.Of<OnCallUser>().Count(u => u.Step == 1));
        }
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
