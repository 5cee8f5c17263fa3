using System.Globalization;
using OnCall.Emulator;
using OnCall.Engine.Providers;
using OnCall.Engine.Providers.Datadog;
using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers;

/// <summary>
/// A fan-out follows the budget the server announces and never goes over it: the server here enforces its
/// X-RateLimit budget as an even rate with a small burst (the strict reading the bench's stand-in uses) and
/// counts every 429 it sends. Sixty teams fanned out 32 at a time would overrun it at once without pacing.
/// </summary>
public sealed class FanOutBudgetTests
{
    [Fact]
    public async Task Datadog_on_call_for_every_team_stays_inside_an_even_rate_budget_without_a_429()
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        await using var _s = server;
        using var context = ProviderTestKit.Datadog(server);
        var client = Assert.IsType<DatadogClient>(context.ProviderClient);
        var budget = new EvenRateBudget(ratePerSecond: 100, burst: 10);
        var ids = Enumerable.Range(0, 60).Select(i => $"0b5c{i:x4}-54c3-4898-aabc-68d6fccbe20e").ToList();
        server.On("GET", "/api/v2/team", _ => budget.Answer(
            "{\"data\":[" + string.Join(",", ids.Select(id => "{\"id\":\"" + id + "\",\"type\":\"team\",\"attributes\":{\"name\":\"Team " + id[..8] + "\",\"handle\":\"t-" + id[..8] + "\"}}"))
            + "],\"meta\":{\"pagination\":{\"number\":0,\"size\":100,\"total\":" + ids.Count.ToString(CultureInfo.InvariantCulture) + "}}}"));
        server.On("GET", "/api/v2/on-call/teams/*/on-call", request =>
        {
            var id = request.Path.Split('/')[^2];
            return budget.Answer(
                "{\"data\":{\"id\":\"" + id + "-1\",\"type\":\"team_oncall_responders\",\"relationships\":{\"escalations\":{\"data\":[]},\"responders\":{\"data\":[{\"id\":\"u-" + id + "\",\"type\":\"users\"}]}}},"
                + "\"included\":[{\"id\":\"u-" + id + "\",\"type\":\"users\",\"attributes\":{\"email\":\"u@example.com\",\"name\":\"User " + id[..8] + "\",\"status\":\"active\"}}]}");
        });
        var sink = new RecordingSink();

        await client.GetOnCallUsersAsync(new OnCallUserQuery(), sink, CancellationToken.None);

        Assert.Equal(0, budget.Refused);
        Assert.Equal(61, budget.Admitted);
        Assert.Equal(ids.Select(id => "u-" + id), sink.Of<OnCallUser>().Select(u => u.UserId));
        Assert.Empty(sink.Errors);
    }

    /// <summary>
    /// Limit per second refilled evenly into a bucket that holds at most Burst calls; the headers say what is
    /// left (floored) and when the bucket is full again (whole seconds, as Datadog's are), named as one budget.
    /// </summary>
    private sealed class EvenRateBudget(int ratePerSecond, int burst)
    {
        private readonly Lock _sync = new();
        private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
        private double _tokens = burst;
        private double _last;

        public int Admitted { get; private set; }

        public int Refused { get; private set; }

        public CannedAnswer Answer(string body)
        {
            lock (_sync)
            {
                var now = System.Diagnostics.Stopwatch.GetElapsedTime(_started).TotalSeconds;
                _tokens = Math.Min(burst, _tokens + (now - _last) * ratePerSecond);
                _last = now;
                var admitted = _tokens >= 1;
                if (admitted)
                {
                    _tokens -= 1;
                    Admitted++;
                }
                else
                {
                    Refused++;
                }

                var headers = new Dictionary<string, string>
                {
                    ["X-RateLimit-Limit"] = ratePerSecond.ToString(CultureInfo.InvariantCulture),
                    ["X-RateLimit-Period"] = "1",
                    ["X-RateLimit-Remaining"] = Math.Floor(_tokens).ToString(CultureInfo.InvariantCulture),
                    ["X-RateLimit-Reset"] = Math.Ceiling((burst - _tokens) / ratePerSecond).ToString(CultureInfo.InvariantCulture),
                    ["X-RateLimit-Name"] = "oncall",
                };
                return admitted ? new CannedAnswer(200, body, headers) : new CannedAnswer(429, "{\"errors\":[\"Too many requests\"]}", headers);
            }
        }
    }
}
