using OnCall.Emulator;
using OnCall.Emulator.ZStack;
using OnCall.Engine.Providers;
using OnCall.Engine.Providers.ZStack;
using OnCall.Engine.Scheduling;

using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers.ZStack;

public sealed class ZStackClientTests
{
    private static readonly DateTimeOffset Winter = new(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(EmulatorServer Server, ManualClock Clock, ZStackClient Client, Connections.ConnectionContext Context)> StartAsync(DateTimeOffset now, string? userName = "ops.bot")
    {
        var clock = new ManualClock(now);
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = clock });
        var context = ProviderTestKit.ZStack(server, userName);
        return (server, clock, Assert.IsType<ZStackClient>(context.ProviderClient), context);
    }

    [Fact]
    public async Task Validates_and_lists_rotations_in_member_order()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();

        await client.ValidateAsync(sink, CancellationToken.None);
        await client.GetRotationsAsync(Array.Empty<string>(), Array.Empty<string>(), sink, CancellationToken.None);

        var rotations = sink.Of<Rotation>().ToList();
        Assert.Equal(2, rotations.Count);
        var platform = rotations.Single(r => r.Id == ZStackState.PlatformScheduleUuid);
        Assert.Equal("Platform On-Call", platform.Name);
        Assert.Equal(new[] { "Jane Doe", "John Smith", "Alice Nguyen" }, platform.Members);
        Assert.Equal(TimeSpan.FromHours(168), platform.ShiftLength);
        Assert.Equal("America/New_York", platform.TimeZone);
        Assert.Equal("zs", platform.Connection);
        Assert.Equal(OnCallProvider.ZStack, platform.Provider);
        Assert.NotNull(platform.Raw);
    }

    [Fact]
    public void Daily_and_weekly_rotations_use_calendar_lengths()
    {
        static ZStackSchedule Parse(string type, string duration) => ZStackSchedule.FromJson(System.Text.Json.JsonDocument.Parse(
            "{\"uuid\":\"s\",\"name\":\"n\",\"timezone\":\"UTC\",\"rotationType\":\"" + type + "\",\"shiftDuration\":\"" + duration + "\",\"members\":[{\"userId\":\"u2\",\"order\":2},{\"userId\":\"u1\",\"userName\":\"One\",\"order\":1}],\"startDate\":\"2026-01-01T00:00:00Z\"}").RootElement);

        Assert.Equal(ShiftLength.Weeks(1), Parse("weekly", "168h").ShiftLength());
        Assert.Equal(ShiftLength.Days(1), Parse("daily", "24h").ShiftLength());
        Assert.Equal(ShiftLength.Days(2), Parse("daily", "48h").ShiftLength());
        Assert.Equal(ShiftLength.FromDuration(TimeSpan.FromHours(12)), Parse("custom", "12h").ShiftLength());
        Assert.Equal(ShiftLength.FromDuration(TimeSpan.FromMinutes(90)), Parse("daily", "1h30m").ShiftLength());
        Assert.Equal(new[] { "One", "u2" }, Parse("custom", "12h").Members.Select(m => m.UserName));
    }

    [Fact]
    public async Task Rendered_schedule_matches_the_current_shift_at_several_instants()
    {
        // Instants outside both DST periods (US and EU), at and around handoffs, and before the rotations start.
        var instants = new[]
        {
            new DateTimeOffset(2026, 1, 1, 6, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 12, 13, 59, 59, TimeSpan.Zero),
            new DateTimeOffset(2026, 1, 12, 14, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 2, 20, 3, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 31, 23, 59, 0, TimeSpan.Zero),
        };
        var (server, clock, client, context) = await StartAsync(instants[0]);
        await using var _s = server;
        using var _c = context;
        var schedules = await client.ListSchedulesAsync(new RecordingSink(), CancellationToken.None);
        var checkedShifts = 0;
        foreach (var at in instants)
        {
            clock.Now = at;
            var sink = new RecordingSink();
            await client.GetOnCallUsersAsync(new OnCallUserQuery(), sink, CancellationToken.None);
            Assert.Empty(sink.Errors);
            foreach (var schedule in schedules)
            {
                var definition = schedule.ToDefinition(OnCallProvider.ZStack, "zs")!;
                var rendered = definition.Render(at.AddDays(-8), at.AddDays(8)).FirstOrDefault(s => s.Start <= at && at < s.End);
                var vendor = sink.Of<OnCallUser>().SingleOrDefault(u => u.ScheduleId == schedule.Uuid);
                Assert.Equal(vendor?.User, rendered?.User);
                if (vendor is not null)
                {
                    Assert.Equal(vendor.Start, rendered!.Start);
                    Assert.Equal(vendor.End, rendered.End);
                    Assert.False(vendor.IsOverride);
                    checkedShifts++;
                }
            }
        }

        Assert.True(checkedShifts >= 10);
    }

    [Fact]
    public async Task Schedule_renders_shifts_over_a_window()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();
        var query = new ScheduleQuery { Schedules = new[] { "Platform*" }, Start = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2026, 1, 26, 14, 0, 0, TimeSpan.Zero) };

        await client.GetShiftsAsync(query, sink, CancellationToken.None);

        var shifts = sink.Of<Shift>().ToList();
        Assert.Equal(new[] { "Jane Doe", "John Smith", "Alice Nguyen" }, shifts.Select(s => s.User));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(-5)), shifts[0].Start);
        Assert.All(shifts, s => Assert.Equal(ZStackState.PlatformScheduleUuid, s.ScheduleId));
        Assert.All(shifts, s => Assert.Equal("Platform On-Call", s.Schedule));
    }

    [Fact]
    public async Task A_refused_key_ends_the_on_call_read_once_not_with_an_error_per_schedule()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        server.On("GET", "/api/v1/oncall/schedules/*/current-shift", _ => new CannedAnswer(401, "{\"error\":{\"code\":\"ID.1001\",\"description\":\"session expired\"}}"));
        var sink = new RecordingSink();

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.GetOnCallUsersAsync(new OnCallUserQuery { Schedules = new[] { ZStackState.PlatformScheduleUuid, ZStackState.DatabaseScheduleUuid } }, sink, CancellationToken.None));

        Assert.Equal(OnCallErrorKind.Authentication, error.Kind);
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task Unknown_schedule_is_a_not_found_error_naming_it()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();

        await client.GetOnCallUsersAsync(new OnCallUserQuery { Schedules = new[] { "sched-nope", "Database On-Call" } }, sink, CancellationToken.None);

        var error = Assert.Single(sink.Errors);
        Assert.Equal(OnCallErrorKind.NotFound, error.Kind);
        Assert.Contains("sched-nope", error.Message, StringComparison.Ordinal);
        Assert.Equal("sched-nope", error.Target);
        Assert.Equal("Database On-Call", Assert.Single(sink.Of<OnCallUser>()).Schedule);
    }

    [Fact]
    public async Task Override_is_created_and_shows_in_the_current_shift()
    {
        var (server, clock, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();
        var schedules = await client.ListSchedulesAsync(sink, CancellationToken.None);
        var platform = schedules.Single(s => s.Uuid == ZStackState.PlatformScheduleUuid);
        var scheduled = platform.ToDefinition(OnCallProvider.ZStack, "zs")!.WhoIsOnCall(Winter)!.User;

        await ProviderTestKit.Capability<IOverrideSource>(context).SetOverrideAsync(
            new OverrideRequest { Schedule = "Platform On-Call", User = "user-dave", Start = Winter.AddHours(-1), End = Winter.AddHours(3), Reason = "Annual leave" },
            sink,
            CancellationToken.None);

        var created = Assert.Single(sink.Of<Override>());
        Assert.StartsWith("ovrd-", created.Id, StringComparison.Ordinal);
        Assert.Equal(scheduled, created.OriginalUser);
        Assert.Equal(Winter.AddHours(3), created.End);
        var request = (await ProviderTestKit.SawAsync(server, r => r.Path == "/api/v1/oncall/overrides"))!;
        Assert.Contains("\"substituteUser\":\"user-dave\"", request.Body, StringComparison.Ordinal);
        Assert.Contains("\"startTime\":\"2026-02-10T11:00:00Z\"", request.Body, StringComparison.Ordinal);

        var now = new RecordingSink();
        await client.GetOnCallUsersAsync(new OnCallUserQuery { Schedules = new[] { ZStackState.PlatformScheduleUuid } }, now, CancellationToken.None);
        var user = Assert.Single(now.Of<OnCallUser>());
        Assert.True(user.IsOverride);
        Assert.Equal("user-dave", user.UserId);
        Assert.Equal(scheduled, user.OriginalUser);

        Assert.Equal(OnCallErrorKind.NotSupported, (await Assert.ThrowsAsync<OnCallException>(() =>
            ProviderTestKit.Capability<IOverrideSource>(context).GetOverridesAsync(new OverrideQuery(), sink, CancellationToken.None))).Kind);
    }

    [Fact]
    public async Task A_window_holding_now_carries_the_running_override()
    {
        // The client reads "now" from the emulator's clock, so any instant will do.
        var now = Winter;
        var (server, _, client, context) = await StartAsync(now);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();
        var schedule = (await client.ListSchedulesAsync(sink, CancellationToken.None)).Single(s => s.Uuid == ZStackState.DatabaseScheduleUuid);
        string original;
        var substitute = string.Empty;
        lock (server.State.Sync)
        {
            // The emulator's own member (it hands off on elapsed time, the engine on calendar days: they can differ
            // for an hour in summer), so the override applies there.
            var zs = server.State.ZStack;
            original = zs.ShiftAt(zs.Schedule(ZStackState.DatabaseScheduleUuid)!, now)!.Value.Member.UserId;
            substitute = original == "user-bob" ? "user-carol" : "user-bob";
            zs.Overrides.Add(new ZsOverride { Uuid = "ovrd-1", ScheduleUuid = schedule.Uuid, OriginalUser = original, SubstituteUser = substitute, StartTime = now.AddMinutes(-30), EndTime = now.AddMinutes(30) });
        }

        await client.GetShiftsAsync(new ScheduleQuery { Schedules = new[] { "Database On-Call" }, Start = now.AddHours(-2), End = now.AddHours(2) }, sink, CancellationToken.None);

        var covering = Assert.Single(sink.Of<Shift>(), s => s.IsOverride);
        Assert.Equal(schedule.FindMember(substitute)!.UserName, covering.User);
        Assert.NotNull(covering.OriginalUser);
        Assert.True(covering.Start <= now && now < covering.End);
        Assert.Contains(sink.Verbose, v => v.Contains("no list-overrides API", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Override_for_someone_outside_the_rotation_needs_the_original_user()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SetOverrideAsync(
            new OverrideRequest { Schedule = "sched-nope", User = "user-dave", Start = Winter, End = Winter.AddHours(1) }, new RecordingSink(), CancellationToken.None));
        Assert.Equal(OnCallErrorKind.NotFound, error.Kind);
        Assert.Contains("sched-nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_map_and_filter()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var open = new RecordingSink();
        await client.GetIncidentsAsync(new IncidentQuery(), open, CancellationToken.None);
        Assert.Equal(6, open.Of<Incident>().Count);
        Assert.DoesNotContain(open.Of<Incident>(), i => i.Status == IncidentStatus.Resolved);

        var firing = new RecordingSink();
        await client.GetIncidentsAsync(new IncidentQuery { Statuses = new[] { IncidentStatus.Triggered } }, firing, CancellationToken.None);
        Assert.Equal(4, firing.Of<Incident>().Count);
        Assert.NotNull(await ProviderTestKit.SawAsync(server, r => r.Path == "/api/v1/alerting/events" && r.QueryString.Contains("state=firing", StringComparison.Ordinal)));

        var byId = new RecordingSink();
        await client.GetIncidentsAsync(new IncidentQuery { Ids = new[] { "event-003", "event-nope" } }, byId, CancellationToken.None);
        var incident = Assert.Single(byId.Of<Incident>());
        Assert.Equal("event-003", incident.Id);
        Assert.Equal(IncidentStatus.Acknowledged, incident.Status);
        Assert.Equal("Disk Almost Full", incident.Title);
        Assert.Equal("res-000003", incident.Host);
        Assert.Equal("critical", incident.Severity);
        Assert.Equal("admin", incident.User);
        Assert.Equal(OnCallErrorKind.NotFound, Assert.Single(byId.Errors).Kind);
    }

    [Fact]
    public async Task Acknowledge_and_resolve_one_request_per_event_and_errors_per_id()
    {
        var (server, _, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();
        var actions = ProviderTestKit.Capability<IIncidentActions>(context);

        await actions.InvokeActionAsync(IncidentAction.Acknowledge, new[] { "event-001", "event-nope", "event-004", "event-002" }, new IncidentActionOptions { Message = "looking" }, sink, CancellationToken.None);

        Assert.Equal(new[] { "event-001", "event-002" }, sink.Of<IncidentActionResult>().Select(r => r.Id));
        Assert.All(sink.Of<IncidentActionResult>(), r => Assert.Equal("ops.bot", r.User));
        Assert.Equal(new object?[] { "event-nope", "event-004" }, sink.Errors.Select(e => e.Target));
        Assert.NotNull(await ProviderTestKit.SawAsync(server, r => r.Path == "/api/v1/alerting/events/event-001/acknowledge" && r.Body.Contains("\"acknowledgedBy\":\"ops.bot\"", StringComparison.Ordinal)));
        lock (server.State.Sync)
        {
            Assert.Equal("acknowledged", server.State.ZStack.Event("event-001")!.State);
        }

        var resolved = new RecordingSink();
        await actions.InvokeActionAsync(IncidentAction.Resolve, new[] { "event-001" }, new IncidentActionOptions { User = "jane" }, resolved, CancellationToken.None);
        Assert.Equal("Resolve", Assert.Single(resolved.Of<IncidentActionResult>()).Action);
        lock (server.State.Sync)
        {
            Assert.Equal("jane", server.State.ZStack.Event("event-001")!.ResolvedBy);
        }
    }

    [Fact]
    public async Task Acting_without_a_user_is_UserRequired_before_any_request()
    {
        var (server, _, client, context) = await StartAsync(Winter, userName: null);
        await using var _s = server;
        using var _c = context;
        server.ClearRequests();

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.InvokeActionAsync(IncidentAction.Acknowledge, new[] { "event-001" }, new IncidentActionOptions(), new RecordingSink(), CancellationToken.None));

        Assert.Equal("UserRequired", error.Reason);
        Assert.Empty(server.Requests);
    }
}
