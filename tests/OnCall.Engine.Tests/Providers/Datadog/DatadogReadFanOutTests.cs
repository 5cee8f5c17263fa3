using OnCall.Emulator;
using OnCall.Engine.Providers;
using OnCall.Engine.Providers.Datadog;
using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers.Datadog;

/// <summary>
/// Reads that do not depend on each other (one per team or per schedule) are in flight together and written
/// in the order of the teams or schedules. The server holds each read until all of them have arrived: a
/// client that reads one after another never gets them all there, and fails on the server's timeout.
/// </summary>
public sealed class DatadogReadFanOutTests
{
    [Fact]
    public async Task Team_members_of_every_team_are_read_together_and_written_team_by_team()
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        await using var _s = server;
        using var context = ProviderTestKit.Datadog(server);
        var client = Assert.IsType<DatadogClient>(context.ProviderClient);
        var teams = Teams(server);
        var gate = new ArrivalGate(teams.Count);
        server.On("GET", "/api/v2/team/*/memberships", request =>
        {
            gate.Arrive();
            var team = request.Path.Split('/')[^2];
            return new CannedAnswer(200,
                "{\"data\":[{\"id\":\"m-" + team + "\",\"type\":\"team_memberships\",\"attributes\":{\"role\":\"admin\"},\"relationships\":{\"user\":{\"data\":{\"id\":\"u-" + team + "\",\"type\":\"users\"}}}}],"
                + "\"included\":[{\"id\":\"u-" + team + "\",\"type\":\"users\",\"attributes\":{\"name\":\"Member " + team + "\",\"email\":\"m@example.com\",\"handle\":\"m\"}}],"
                + "\"links\":{\"next\":null}}");
        });
        var sink = new RecordingSink();

        await client.GetTeamMembersAsync(Array.Empty<string>(), sink, CancellationToken.None);

        Assert.Equal(teams.Count, gate.MostTogether);
        Assert.Equal(teams.Select(t => "u-" + t.Id), sink.Of<TeamMember>().Select(m => m.UserId));
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task Rotations_and_overrides_of_every_schedule_are_read_together_and_written_schedule_by_schedule()
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        await using var _s = server;
        using var context = ProviderTestKit.Datadog(server);
        var client = Assert.IsType<DatadogClient>(context.ProviderClient);
        List<string> schedules;
        lock (server.State.Sync)
        {
            schedules = server.State.Datadog.Schedules.Select(s => s.Id).ToList();
        }

        Assert.True(schedules.Count >= 2);
        var gate = new ArrivalGate(schedules.Count);
        server.On("GET", "/api/v2/on-call/schedules/*", request =>
        {
            gate.Arrive();
            var id = request.Path.Split('/')[^1];
            return new CannedAnswer(200,
                "{\"data\":{\"id\":\"" + id + "\",\"type\":\"schedules\",\"attributes\":{\"name\":\"S " + id + "\",\"time_zone\":\"UTC\"},\"relationships\":{\"layers\":{\"data\":[{\"id\":\"l-" + id + "\",\"type\":\"layers\"}]}}},"
                + "\"included\":[{\"id\":\"l-" + id + "\",\"type\":\"layers\",\"attributes\":{\"name\":\"L " + id + "\",\"effective_date\":\"2026-01-01T00:00:00Z\",\"rotation_start\":\"2026-01-01T00:00:00Z\",\"interval\":{\"days\":7,\"seconds\":0}},\"relationships\":{\"members\":{\"data\":[]}}}]}");
        });

        var rotations = new RecordingSink();
        await client.GetRotationsAsync(Array.Empty<string>(), Array.Empty<string>(), rotations, CancellationToken.None);

        Assert.Equal(schedules.Count, gate.MostTogether);
        Assert.Equal(schedules.Select(id => "L " + id), rotations.Of<Rotation>().Select(r => r.Name));
        Assert.Empty(rotations.Errors);

        gate.Reset();
        var overrides = new RecordingSink();
        await client.GetOverridesAsync(new OverrideQuery(), overrides, CancellationToken.None);

        Assert.Equal(schedules.Count, gate.MostTogether);
        Assert.Empty(overrides.Errors);
    }

    private static List<OnCall.Emulator.Datadog.DdTeam> Teams(EmulatorServer server)
    {
        lock (server.State.Sync)
        {
            var teams = server.State.Datadog.Teams.ToList();
            Assert.True(teams.Count >= 2);
            return teams;
        }
    }

    /// <summary>Holds each request until <c>expected</c> have arrived (at most 10 s), and counts how many were held together.</summary>
    private sealed class ArrivalGate(int expected)
    {
        private readonly object _sync = new();
        private TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;
        private int _held;

        public int MostTogether { get; private set; }

        public void Arrive()
        {
            TaskCompletionSource all;
            lock (_sync)
            {
                _held++;
                MostTogether = Math.Max(MostTogether, _held);
                all = _all;
                if (++_arrived == expected)
                {
                    all.TrySetResult();
                }
            }

            all.Task.Wait(TimeSpan.FromSeconds(10));
            lock (_sync)
            {
                _held--;
            }
        }

        public void Reset()
        {
            lock (_sync)
            {
                _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _arrived = 0;
                MostTogether = 0;
            }
        }
    }
}
