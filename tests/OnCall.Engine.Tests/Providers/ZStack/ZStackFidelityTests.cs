using OnCall.Emulator;
using OnCall.Emulator.ZStack;
using OnCall.Engine.Providers;
using OnCall.Engine.Providers.ZStack;
using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers.ZStack;

/// <summary>
/// Where ZStack documents less than the client used to assume (issue 10): the "nobody on call" answer, the
/// paging of its lists, and the user id an override needs.
/// </summary>
public sealed class ZStackFidelityTests
{
    private static readonly DateTimeOffset Winter = new(2026, 2, 10, 12, 0, 0, TimeSpan.Zero);

    // Before both demo rotations start: the emulator has nobody on call for either.
    private static readonly DateTimeOffset BeforeRotations = new(2025, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(EmulatorServer Server, ZStackClient Client, Connections.ConnectionContext Context)> StartAsync(DateTimeOffset now)
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = new ManualClock(now) });
        var context = ProviderTestKit.ZStack(server);
        return (server, Assert.IsType<ZStackClient>(context.ProviderClient), context);
    }

    public static TheoryData<string?> NobodyBodies => new()
    {
        null,                                                       // the emulator's own answer: the same body as "no such schedule"
        string.Empty,
        "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"not found\"}}",
        "{\"code\":\"ShiftNotFound\"}",
        "<html><body>404 Not Found</body></html>",
    };

    [Theory]
    [MemberData(nameof(NobodyBodies))]
    public async Task Any_404_from_current_shift_of_a_schedule_that_exists_is_nobody_on_call(string? body)
    {
        var (server, client, context) = await StartAsync(BeforeRotations);
        await using var _s = server;
        using var _c = context;
        if (body is not null)
        {
            server.On("GET", "/api/v1/oncall/schedules/*/current-shift", body, 404);
        }

        var sink = new RecordingSink();
        await client.GetOnCallUsersAsync(new OnCallUserQuery { Schedules = new[] { "Platform On-Call" } }, sink, CancellationToken.None);

        Assert.Empty(sink.Errors);
        Assert.Empty(sink.Of<OnCallUser>());
        Assert.Contains(sink.Verbose, v => v.Contains("nobody is on call now", StringComparison.Ordinal));
        Assert.NotNull(await ProviderTestKit.SawAsync(server, r => r.Method == "GET" && r.Path == "/api/v1/oncall/schedules/" + ZStackState.PlatformScheduleUuid));
    }

    [Fact]
    public async Task A_404_from_current_shift_of_a_schedule_that_is_gone_is_ScheduleNotFound()
    {
        var (server, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var listed = "{\"items\":[{\"uuid\":\"sched-gone\",\"name\":\"Gone\",\"timezone\":\"UTC\",\"rotationType\":\"daily\",\"shiftDuration\":\"24h\",\"members\":[{\"userId\":\"user-jane\",\"userName\":\"Jane Doe\",\"order\":1}],\"startDate\":\"2026-01-01T00:00:00Z\"}],\"total\":1,\"limit\":200,\"offset\":0}";
        server.On("GET", "/api/v1/oncall/schedules", listed);

        var sink = new RecordingSink();
        await client.GetOnCallUsersAsync(new OnCallUserQuery(), sink, CancellationToken.None);

        var error = Assert.Single(sink.Errors);
        Assert.Equal("ScheduleNotFound", error.Reason);
        Assert.Empty(sink.Of<OnCallUser>());
    }

    [Fact]
    public async Task Lists_are_read_whole_when_the_server_caps_its_pages()
    {
        var (server, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        lock (server.State.Sync)
        {
            server.State.ZStack.Paging.MaxLimit = 3;
        }

        var schedules = await client.ListSchedulesAsync(new RecordingSink(), CancellationToken.None);
        var events = new RecordingSink();
        await client.GetIncidentsAsync(new IncidentQuery { History = true }, events, CancellationToken.None);

        Assert.Equal(new[] { ZStackState.PlatformScheduleUuid, ZStackState.DatabaseScheduleUuid }, schedules.Select(s => s.Uuid));
        Assert.Equal(8, events.Of<Incident>().Select(i => i.Id).Distinct().Count());
        Assert.Equal(8, events.Of<Incident>().Count);
        Assert.Equal(new[] { "0", "3", "6" }, server.Calls("GET", "/api/v1/alerting/events").Select(r => r.Q("offset")));
    }

    [Fact]
    public async Task A_short_page_without_a_total_ends_the_list()
    {
        var (server, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        lock (server.State.Sync)
        {
            server.State.ZStack.Paging.Envelope = false;
        }

        var events = new RecordingSink();
        await client.GetIncidentsAsync(new IncidentQuery { History = true }, events, CancellationToken.None);

        Assert.Equal(8, events.Of<Incident>().Count);
        Assert.Single(server.Calls("GET", "/api/v1/alerting/events"));
    }

    [Fact]
    public async Task A_server_that_ignores_offset_is_OffsetIgnored_not_a_loop_or_duplicates()
    {
        var (server, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        lock (server.State.Sync)
        {
            server.State.ZStack.Paging.MaxLimit = 1;
            server.State.ZStack.Paging.IgnoresOffset = true;
        }

        var listing = await Assert.ThrowsAsync<OnCallException>(() => client.ListSchedulesAsync(new RecordingSink(), CancellationToken.None));
        var events = new RecordingSink();
        var eventsError = await Assert.ThrowsAsync<OnCallException>(() => client.GetIncidentsAsync(new IncidentQuery { History = true }, events, CancellationToken.None));

        Assert.Equal("OffsetIgnored", listing.Reason);
        Assert.Equal(OnCallErrorKind.InvalidData, listing.Kind);
        Assert.Contains("offset", listing.Message, StringComparison.Ordinal);
        Assert.Equal("OffsetIgnored", eventsError.Reason);
        Assert.Equal(2, server.Calls("GET", "/api/v1/oncall/schedules").Count);
        Assert.Single(events.Of<Incident>());
    }

    [Fact]
    public async Task A_server_that_ignores_limit_and_offset_is_read_once()
    {
        var (server, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;

        // Every item in one answer, however many were asked for, with an envelope that says nothing more.
        var events = Enumerable.Range(1, 250).Select(i => "{\"uuid\":\"event-x" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\",\"state\":\"resolved\",\"notifiedAt\":\"2026-02-10T11:00:00Z\"}");
        server.On("GET", "/api/v1/alerting/events", "{\"items\":[" + string.Join(",", events) + "]}");

        var sink = new RecordingSink();
        await client.GetIncidentsAsync(new IncidentQuery { History = true }, sink, CancellationToken.None);

        Assert.Equal(250, sink.Of<Incident>().Count);
        Assert.Single(server.Calls("GET", "/api/v1/alerting/events"));
    }

    [Fact]
    public async Task An_override_substitute_named_by_name_is_sent_as_the_members_user_id()
    {
        var (server, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;
        var sink = new RecordingSink();

        // Dave is a member of the database rotation, not of the platform one: his id comes from there.
        await client.SetOverrideAsync(new OverrideRequest { Schedule = "Platform On-Call", User = "alice nguyen", Start = Winter, End = Winter.AddHours(2) }, sink, CancellationToken.None);
        await client.SetOverrideAsync(new OverrideRequest { Schedule = "Platform On-Call", User = "Dave Kim", Start = Winter.AddHours(3), End = Winter.AddHours(4) }, sink, CancellationToken.None);

        var bodies = server.Calls("POST", "/api/v1/oncall/overrides").Select(r => r.Body).ToList();
        Assert.Contains("\"substituteUser\":\"user-alice\"", bodies[0], StringComparison.Ordinal);
        Assert.Contains("\"substituteUser\":\"user-dave\"", bodies[1], StringComparison.Ordinal);
        Assert.Equal(new[] { "Alice Nguyen", "Dave Kim" }, sink.Of<Override>().Select(o => o.User));
    }

    [Fact]
    public async Task A_named_original_user_who_is_no_member_is_refused_not_replaced_by_whoever_is_scheduled()
    {
        var (server, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SetOverrideAsync(
            new OverrideRequest { Schedule = "Platform On-Call", User = "Dave Kim", OriginalUser = "john.smith", Start = Winter, End = Winter.AddHours(2) }, new RecordingSink(), CancellationToken.None));

        Assert.Equal("OriginalUserRequired", error.Reason);
        Assert.Contains("john.smith", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Calls("POST", "/api/v1/oncall/overrides"));
    }

    [Theory]
    [InlineData("Zed Nobody")]
    [InlineData("user-zed")]
    public async Task An_override_substitute_no_schedule_knows_is_refused_before_it_is_sent(string typed)
    {
        var (server, client, context) = await StartAsync(Winter);
        await using var _s = server;
        using var _c = context;

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SetOverrideAsync(
            new OverrideRequest { Schedule = "Platform On-Call", User = typed, Start = Winter, End = Winter.AddHours(2) }, new RecordingSink(), CancellationToken.None));

        Assert.Equal("SubstituteUserUnknown", error.Reason);
        Assert.Equal(OnCallErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(typed, error.Target);
        Assert.Contains("Jane Doe [user-jane]", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Calls("POST", "/api/v1/oncall/overrides"));
    }
}
