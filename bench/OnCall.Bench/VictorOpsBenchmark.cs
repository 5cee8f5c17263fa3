using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Emulator;
using OnCall.Emulator.VictorOps;
using OnCall.Engine.Connections;
using OnCall.Engine.Providers;
using OnCall.Engine.Providers.VictorOps;

namespace OnCall.Bench;

/// <summary>
/// The VictorOps benchmarks of issue 3, against the emulator: acknowledging many incidents (batched
/// versus one request each), and schedule calls paced under the published 2 requests a second.
/// </summary>
internal static class VictorOpsBenchmark
{
    private static readonly string[] PlatformTeam = { "team-platformops00001" };

    public static async Task<IReadOnlyList<Figure>> AckAsync(bool quick, TextWriter output)
    {
        var count = quick ? 1_000 : 10_000;
        var naiveSample = quick ? 200 : 1_000;
        await using var server = await EmulatorServer.StartAsync();
        var ids = Seed(server, count);

        // Batched, with client pacing on, as a user gets it.
        using var batched = Connect(server, pacing: true);
        server.ClearRequests();
        var watch = Stopwatch.StartNew();
        var sink = new CountingSink();
        await Actions(batched).InvokeActionAsync(IncidentAction.Acknowledge, ids, new IncidentActionOptions { User = DemoPeople.John }, sink, CancellationToken.None);
        watch.Stop();
        var batchedRequests = server.Requests.Count(r => r.Method == "PATCH");
        var batchedTime = watch.Elapsed;
        if (sink.Objects != count || sink.Errors != 0)
        {
            throw new InvalidOperationException($"victorops-ack: {sink.Objects} results and {sink.Errors} errors for {count} incidents");
        }

        // One request per incident, unpaced, over a sample; its paced cost is the published floor.
        var naiveIds = Seed(server, naiveSample);
        using var naive = Connect(server, pacing: false);
        server.ClearRequests();
        watch.Restart();
        foreach (var id in naiveIds)
        {
            await Actions(naive).InvokeActionAsync(IncidentAction.Acknowledge, new[] { id }, new IncidentActionOptions { User = DemoPeople.John }, new CountingSink(), CancellationToken.None);
        }

        watch.Stop();
        var perRequest = watch.Elapsed.TotalMilliseconds / naiveSample;
        var naiveUnpaced = TimeSpan.FromMilliseconds(perRequest * count);
        var naivePacedFloor = TimeSpan.FromSeconds(count / 2.0);
        var share = 100.0 * batchedRequests / count;

        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "acknowledge {0:N0} incidents", count));
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  batched:  {0} requests, {1:0.0} s (client pacing on)", batchedRequests, batchedTime.TotalSeconds));
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  naive:    {0:N0} requests, {1:0.0} s unpaced ({2:0.00} ms each over {3:N0}), at least {4:0} s at 2 requests/s", count, naiveUnpaced.TotalSeconds, perRequest, naiveSample, naivePacedFloor.TotalSeconds));
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  requests: {0:0.00}% of naive (target <= 1%): {1}", share, share <= 1.0 ? "PASS" : "FAIL"));
        return new[]
        {
            new Figure(string.Format(CultureInfo.InvariantCulture, "bulk ack, {0:N0} incidents (requests)", count), batchedRequests, string.Empty, count, "one per incident", "<= 0.01x", share <= 1.0),
        };
    }

    public static async Task<IReadOnlyList<Figure>> ScheduleAsync(bool quick, TextWriter output)
    {
        var calls = quick ? 10 : 60;
        await using var server = await EmulatorServer.StartAsync();
        server.RateLimits.VictorOps = true;
        using var connection = Connect(server, pacing: true);
        var schedules = (IScheduleSource)connection.ProviderClient;
        var now = DateTimeOffset.UtcNow;

        // The team list (for name resolution) is its own endpoint; fetch it once before timing.
        await schedules.GetShiftsAsync(new ScheduleQuery { Teams = PlatformTeam, Start = now, End = now.AddDays(7) }, new CountingSink(), CancellationToken.None);
        await Task.Delay(600);
        server.RateLimits.Reset();
        server.ClearRequests();

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            await schedules.GetShiftsAsync(new ScheduleQuery { Teams = PlatformTeam, Start = now, End = now.AddDays(7) }, new CountingSink(), CancellationToken.None);
        }

        watch.Stop();
        var scheduleRequests = server.Requests.Count(r => r.Path.EndsWith("/oncall/schedule", StringComparison.Ordinal));
        var floor = (scheduleRequests - 1) / 2.0;
        var over = (watch.Elapsed.TotalSeconds - floor) / floor * 100;
        var throttled = server.RateLimits.TooManyRequestsSent + server.RateLimits.ThrottleForbiddenSent;
        var pass = throttled == 0 && over <= 10;
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} schedule calls against an emulator enforcing 2 requests/s", calls));
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  schedule requests: {0}, wall time {1:0.00} s, floor {2:0.0} s, {3:0.0}% over (target <= 10%)", scheduleRequests, watch.Elapsed.TotalSeconds, floor, over));
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  429/403 throttled answers: {0} (target 0): {1}", throttled, pass ? "PASS" : "FAIL"));
        return new[]
        {
            new Figure(string.Format(CultureInfo.InvariantCulture, "{0} paced VictorOps schedule calls", calls), watch.Elapsed.TotalSeconds, "s", floor, "2/s floor", "<= 1.10x, no 429", pass),
        };
    }

    private static string[] Seed(EmulatorServer server, int count)
    {
        lock (server.State.Sync)
        {
            var incidents = server.State.VictorOps.Incidents;
            var first = incidents.Count == 0 ? 1 : incidents.Max(i => i.Number) + 1;
            for (var n = first; n < first + count; n++)
            {
                var incident = new VoIncident
                {
                    Number = n,
                    StartTime = DateTimeOffset.UtcNow.AddMinutes(-5),
                    EntityId = "bench-" + n.ToString(CultureInfo.InvariantCulture),
                    EntityDisplayName = "bench incident",
                    Service = "bench",
                    LastAlertId = "alert-" + n.ToString(CultureInfo.InvariantCulture),
                };
                incident.PagedUsers.Add(DemoPeople.John);
                incidents.Add(incident);
            }

            return Enumerable.Range(first, count).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
        }
    }

    private static ConnectionContext Connect(EmulatorServer server, bool pacing) => ProviderFactory.Create(new ConnectionSettings
    {
        Name = "bench",
        Provider = OnCallProvider.VictorOps,
        BaseUri = server.BaseUri,
        ApiId = DemoCredentials.VictorOpsApiId,
        ApiKey = SecretText.FromString(DemoCredentials.VictorOpsApiKey),
        UserName = DemoPeople.John,
        Pacing = pacing,
    });

    private static IIncidentActions Actions(ConnectionContext connection) => (IIncidentActions)connection.ProviderClient;

    private sealed class CountingSink : IOperationSink
    {
        private int _objects;
        private int _errors;

        public int Objects => _objects;

        public int Errors => _errors;

        public void WriteObject(object item) => Interlocked.Increment(ref _objects);

        public void WriteError(OnCallException error) => Interlocked.Increment(ref _errors);

        public void WriteWarning(string message) { }

        public void WriteVerbose(string message) { }

        public void WriteDebug(string message) { }

        public void WriteProgress(OperationProgress progress) { }
    }
}
