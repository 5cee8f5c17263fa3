using OnCall.Emulator;
using OnCall.Engine.Providers;
using OnCall.Engine.Providers.Datadog;
using OnCall.Engine.Providers.ZStack;
using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers;

/// <summary>
/// Reads that are independent of each other are in flight together and written in the order of the list: the
/// first item's answer is held back by the emulator until every other item's request has arrived, which can only
/// happen when they were sent without waiting for it, and yet the first item is still written first.
/// </summary>
public sealed class FanOutReadTests
{
    private static readonly DateTimeOffset Winter = new(2026, 2, 11, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Datadog_escalation_policies_are_read_together_and_written_in_list_order()
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = new ManualClock(Winter) });
        await using var _s = server;
        using var context = ProviderTestKit.Datadog(server);
        var client = Assert.IsType<DatadogClient>(context.ProviderClient);
        var ids = Enumerable.Range(0, 6).Select(i => "p" + i).ToList();
        using var gate = new FirstWaitsForTheRest(ids);
        server.On("GET", "/api/v2/on-call/escalation-policies", request => new CannedAnswer(200, request.Q("page[number]") == "0"
            ? "{\"data\":[" + string.Join(",", ids.Select(id => "{\"id\":\"" + id + "\",\"type\":\"policies\"}")) + "]}"
            : "{\"data\":[]}"));
        server.On("GET", "/api/v2/on-call/escalation-policies/*", request =>
        {
            var id = request.Path.Split('/').Last();
            gate.Arrive(id);
            return new CannedAnswer(200, "{\"data\":{\"id\":\"" + id + "\",\"type\":\"policies\",\"attributes\":{\"name\":\"policy " + id + "\"}}}");
        });
        var sink = new RecordingSink();

        await client.GetEscalationPoliciesAsync(new EscalationPolicyQuery(), sink, CancellationToken.None);

        Assert.True(gate.FirstSawTheRest, "the other policies were not asked for while the first was outstanding");
        Assert.Equal(ids, sink.Of<EscalationPolicy>().Select(p => p.Id));
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task Datadog_escalation_policies_are_read_without_waiting_for_the_team_list_when_no_team_is_asked_for()
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = new ManualClock(Winter) });
        await using var _s = server;
        using var context = ProviderTestKit.Datadog(server);
        var client = Assert.IsType<DatadogClient>(context.ProviderClient);
        using var policyRead = new ManualResetEventSlim();
        var policyReadBeforeTeamList = false;
        server.On("GET", "/api/v2/team", request =>
        {
            if (request.Q("page[number]") is null or "0")
            {
                // The team list is answered only once a policy has been asked for (or after 10 s, and the test fails).
                policyReadBeforeTeamList = policyRead.Wait(TimeSpan.FromSeconds(10));
                return new CannedAnswer(200, "{\"data\":[{\"id\":\"t1\",\"type\":\"team\",\"attributes\":{\"name\":\"Team One\",\"handle\":\"team-one\"}}]}");
            }

            return new CannedAnswer(200, "{\"data\":[]}");
        });
        server.On("GET", "/api/v2/on-call/escalation-policies", request => new CannedAnswer(200, request.Q("page[number]") is null or "0"
            ? "{\"data\":[{\"id\":\"p0\",\"type\":\"policies\",\"relationships\":{\"teams\":{\"data\":[{\"id\":\"t1\",\"type\":\"teams\"}]}}}]}"
            : "{\"data\":[]}"));
        server.On("GET", "/api/v2/on-call/escalation-policies/*", _ =>
        {
            policyRead.Set();
            return new CannedAnswer(200, "{\"data\":{\"id\":\"p0\",\"type\":\"policies\",\"attributes\":{\"name\":\"policy p0\"},\"relationships\":{\"teams\":{\"data\":[{\"id\":\"t1\",\"type\":\"teams\"}]}}}}");
        });
        var sink = new RecordingSink();

        await client.GetEscalationPoliciesAsync(new EscalationPolicyQuery(), sink, CancellationToken.None);

        Assert.True(policyReadBeforeTeamList, "the policy was not asked for until the team list was answered");
        var policy = Assert.Single(sink.Of<EscalationPolicy>());
        Assert.Empty(sink.Errors);

        // The answer does not include its team: the team list, read alongside, names it.
        Assert.Equal("Team One", policy.Team);
    }

    [Fact]
    public async Task Datadog_on_call_by_schedule_reads_the_schedules_together_and_writes_them_in_the_order_asked()
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = new ManualClock(Winter) });
        await using var _s = server;
        using var context = ProviderTestKit.Datadog(server);
        var client = Assert.IsType<DatadogClient>(context.ProviderClient);
        var ids = Enumerable.Range(0, 5).Select(i => $"5c3e9b10-0000-4000-8000-{i:D12}").ToList();
        using var gate = new FirstWaitsForTheRest(ids);
        server.On("GET", "/api/v2/on-call/schedules/*/responders", request =>
        {
            var id = request.Path.Split('/')[^2];
            gate.Arrive(id);
            return new CannedAnswer(200,
                "{\"data\":{\"id\":\"r\",\"type\":\"schedule_responders\",\"relationships\":{\"responders\":{\"data\":[{\"id\":\"c\",\"type\":\"responders\"}]}}},"
                + "\"included\":[{\"id\":\"c\",\"type\":\"responders\",\"attributes\":{\"position\":\"current\"},\"relationships\":{\"shifts\":{\"data\":[{\"id\":\"s\",\"type\":\"shifts\"}]}}},"
                + "{\"id\":\"s\",\"type\":\"shifts\",\"attributes\":{\"start\":\"2026-02-11T00:00:00Z\",\"end\":\"2026-02-12T00:00:00Z\"},\"relationships\":{\"user\":{\"data\":{\"id\":\"u-" + id + "\",\"type\":\"users\"}}}},"
                + "{\"id\":\"u-" + id + "\",\"type\":\"users\",\"attributes\":{\"name\":\"User " + id + "\",\"email\":\"u@example.com\"}}]}");
        });
        var sink = new RecordingSink();

        await client.GetOnCallUsersAsync(new OnCallUserQuery { Schedules = ids }, sink, CancellationToken.None);

        Assert.True(gate.FirstSawTheRest, "the other schedules were not asked for while the first was outstanding");
        Assert.Equal(ids, sink.Of<OnCallUser>().Select(u => u.ScheduleId));
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task ZStack_current_shifts_are_read_together_and_written_in_schedule_order()
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = new ManualClock(Winter) });
        await using var _s = server;
        using var context = ProviderTestKit.ZStack(server, "ops.bot");
        var client = Assert.IsType<ZStackClient>(context.ProviderClient);
        var ids = (await client.ListSchedulesAsync(new RecordingSink(), CancellationToken.None)).Select(s => s.Uuid).ToList();
        Assert.True(ids.Count >= 2);
        using var gate = new FirstWaitsForTheRest(ids);
        server.On("GET", "/api/v1/oncall/schedules/*/current-shift", request =>
        {
            var id = request.Path.Split('/')[^2];
            gate.Arrive(id);
            return new CannedAnswer(200, "{\"userId\":\"u-" + id + "\",\"userName\":\"User " + id + "\",\"isOverride\":false,\"startTime\":\"2026-02-11T00:00:00Z\",\"endTime\":\"2026-02-12T00:00:00Z\"}");
        });
        var sink = new RecordingSink();

        await client.GetOnCallUsersAsync(new OnCallUserQuery(), sink, CancellationToken.None);

        Assert.True(gate.FirstSawTheRest, "the other schedules' shifts were not asked for while the first was outstanding");
        Assert.Equal(ids.Select(id => "u-" + id), sink.Of<OnCallUser>().Select(u => u.UserId));
        Assert.Empty(sink.Errors);
    }

    /// <summary>The first item's request waits (at most 10 s) until the request of every other item has arrived.</summary>
    private sealed class FirstWaitsForTheRest : IDisposable
    {
        private readonly string _first;
        private readonly int _others;
        private readonly ManualResetEventSlim _restIn = new();
        private int _arrived;

        public FirstWaitsForTheRest(IReadOnlyList<string> items)
        {
            _first = items[0];
            _others = items.Count - 1;
        }

        public bool FirstSawTheRest { get; private set; }

        public void Dispose() => _restIn.Dispose();

        public void Arrive(string item)
        {
            if (item == _first)
            {
                FirstSawTheRest = _restIn.Wait(TimeSpan.FromSeconds(10));
            }
            else if (Interlocked.Increment(ref _arrived) == _others)
            {
                _restIn.Set();
            }
        }
    }
}
