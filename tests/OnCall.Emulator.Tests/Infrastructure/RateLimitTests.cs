using System.Net;

namespace OnCall.Emulator.Tests.Infrastructure;

/// <summary>The vendors' published limits, on one emulator for the class whose clock moves only when a test moves it.</summary>
public sealed class RateLimitTests(ClockedEmulatorFixture emulator) : IClassFixture<ClockedEmulatorFixture>
{
    private readonly EmulatorServer server = emulator.Reset();

    private ManualClock Clock => emulator.Clock;
    [Fact]
    public async Task Limits_are_off_by_default()
    {
        // A server of its own: the class's server has its switches turned off by every test's reset.
        await using var fresh = await EmulatorServer.StartAsync();
        using var client = VictorOpsHttp(fresh);
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync("api-public/v1/team");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, fresh.RateLimits.TooManyRequestsSent);
    }

    [Fact]
    public async Task VictorOps_allows_two_requests_per_second_per_endpoint()
    {
        server.RateLimits.VictorOps = true;
        using var client = VictorOpsHttp(server);

        using var first = await client.GetAsync("api-public/v1/team");
        using var second = await client.GetAsync("api-public/v1/team");
        using var third = await client.GetAsync("api-public/v1/team");
        using var otherEndpoint = await client.GetAsync("api-public/v1/user");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), third.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, otherEndpoint.StatusCode);
        Assert.Equal(1, server.RateLimits.TooManyRequestsSent);

        Clock.Advance(TimeSpan.FromMilliseconds(999));
        using var stillLimited = await client.GetAsync("api-public/v1/team");
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLimited.StatusCode);
        Clock.Advance(TimeSpan.FromMilliseconds(2));
        using var later = await client.GetAsync("api-public/v1/team");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task VictorOps_endpoint_shape_groups_different_ids()
    {
        server.RateLimits.VictorOps = true;
        using var client = VictorOpsHttp(server);

        using var a = await client.GetAsync("api-public/v1/team/team-platformops00001");
        using var b = await client.GetAsync("api-public/v1/team/team-databasesre00002");
        using var c = await client.GetAsync("api-public/v1/team/team-platformops00001");

        Assert.Equal(HttpStatusCode.TooManyRequests, c.StatusCode);
    }

    [Fact]
    public async Task Reporting_allows_one_call_a_minute_by_default()
    {
        server.RateLimits.VictorOpsReporting = true;
        using var client = VictorOpsHttp(server);

        using var first = await client.GetAsync("api-reporting/v2/incidents");
        Clock.Advance(TimeSpan.FromSeconds(20));
        using var second = await client.GetAsync("api-reporting/v2/incidents");
        Clock.Advance(TimeSpan.FromSeconds(40));
        using var third = await client.GetAsync("api-reporting/v2/incidents");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(40), second.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Reporting_interval_is_configurable_for_fast_tests()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        await using var fast = await EmulatorServer.StartAsync(new EmulatorOptions { ReportingInterval = TimeSpan.FromMilliseconds(200), TimeProvider = clock });
        fast.RateLimits.VictorOpsReporting = true;
        using var client = VictorOpsHttp(fast);

        using var first = await client.GetAsync("api-reporting/v2/incidents");
        clock.Advance(TimeSpan.FromMilliseconds(150));
        using var tooSoon = await client.GetAsync("api-reporting/v2/incidents");
        clock.Advance(TimeSpan.FromMilliseconds(100));
        using var second = await client.GetAsync("api-reporting/v2/incidents");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(200), fast.RateLimits.ReportingInterval);
    }

    [Fact]
    public async Task Datadog_sends_rate_limit_headers_and_429_when_spent()
    {
        Clock.Set(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        server.RateLimits.Datadog = true;
        server.RateLimits.DatadogLimit = 2;
        server.RateLimits.DatadogPeriodSeconds = 3600;
        using var client = DatadogHttp(server);

        using var first = await client.GetAsync("api/v2/on-call/schedules");
        using var second = await client.GetAsync("api/v2/on-call/schedules");
        using var third = await client.GetAsync("api/v2/on-call/schedules");

        Assert.Equal("2", first.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("3600", first.Headers.GetValues("X-RateLimit-Period").Single());
        Assert.Equal("1", first.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal("0", second.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.NotEmpty(first.Headers.GetValues("X-RateLimit-Name").Single());
        Assert.Equal("3600", third.Headers.GetValues("X-RateLimit-Reset").Single());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(1, server.RateLimits.TooManyRequestsSent);

        server.RateLimits.Reset();
        using var afterReset = await client.GetAsync("api/v2/on-call/schedules");
        Assert.Equal(HttpStatusCode.OK, afterReset.StatusCode);
    }
}
