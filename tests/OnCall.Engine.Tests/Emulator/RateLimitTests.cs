using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using OnCall.Emulator;
using static OnCall.Engine.Tests.Emulator.EmulatorTestClient;

namespace OnCall.Engine.Tests.Emulator;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Limits_are_off_by_default()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = VictorOpsHttp(server);
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync("api-public/v1/team");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, server.RateLimits.TooManyRequestsSent);
    }

    [Fact]
    public async Task VictorOps_allows_two_requests_per_second_per_endpoint()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = clock });
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

        clock.Advance(TimeSpan.FromMilliseconds(999));
        using var stillLimited = await client.GetAsync("api-public/v1/team");
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLimited.StatusCode);
        clock.Advance(TimeSpan.FromMilliseconds(2));
        using var later = await client.GetAsync("api-public/v1/team");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task VictorOps_endpoint_shape_groups_different_ids()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = new ManualClock(DateTimeOffset.UtcNow) });
        server.RateLimits.VictorOps = true;
        using var client = VictorOpsHttp(server);

        // A cold first request can take most of a second on a loaded machine; warm up on another shape.
        using var warm = await client.GetAsync("api-public/v1/user");
        using var a = await client.GetAsync("api-public/v1/team/team-platformops00001");
        using var b = await client.GetAsync("api-public/v1/team/team-databasesre00002");
        using var c = await client.GetAsync("api-public/v1/team/team-platformops00001");

        Assert.Equal(HttpStatusCode.TooManyRequests, c.StatusCode);
    }

    [Fact]
    public async Task Reporting_allows_one_call_a_minute_by_default()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = clock });
        server.RateLimits.VictorOpsReporting = true;
        using var client = VictorOpsHttp(server);

        using var first = await client.GetAsync("api-reporting/v2/incidents");
        clock.Advance(TimeSpan.FromSeconds(20));
        using var second = await client.GetAsync("api-reporting/v2/incidents");
        clock.Advance(TimeSpan.FromSeconds(40));
        using var third = await client.GetAsync("api-reporting/v2/incidents");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(40), second.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Reporting_interval_is_configurable_for_fast_tests()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ReportingInterval = TimeSpan.FromMilliseconds(200) });
        server.RateLimits.VictorOpsReporting = true;
        using var client = VictorOpsHttp(server);

        using var first = await client.GetAsync("api-reporting/v2/incidents");
        await Task.Delay(250);
        using var second = await client.GetAsync("api-reporting/v2/incidents");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(200), server.RateLimits.ReportingInterval);
    }

    [Fact]
    public async Task Datadog_sends_rate_limit_headers_and_429_when_spent()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { TimeProvider = new ManualClock(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)) });
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
