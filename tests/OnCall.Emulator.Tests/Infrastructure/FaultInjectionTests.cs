using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OnCall.Emulator.Tests.Infrastructure;

/// <summary>The faults that fire before a request is applied, on one emulator for the class.</summary>
public sealed class FaultInjectionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string Teams = "api-public/v1/team";

    private readonly EmulatorServer server = emulator.Reset();

    [Fact]
    public async Task Counted_server_errors_fire_the_armed_number_of_times()
    {
        using var client = VictorOpsHttp(server);
        var rule = server.Faults.ServerError("/api-public/v1/team", count: 2, statusCode: 502);

        using var first = await client.GetAsync(Teams);
        using var second = await client.GetAsync(Teams);
        using var third = await client.GetAsync(Teams);

        Assert.Equal(HttpStatusCode.BadGateway, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(2, rule.Hits);
        Assert.Equal("ServerError", server.Requests[0].Fault);
        Assert.Equal(502, server.Requests[0].StatusCode);
    }

    [Fact]
    public async Task A_share_of_server_errors_applies_only_to_matching_paths()
    {
        using var client = VictorOpsHttp(server);
        server.Faults.ServerErrorShare("/api-public/v1/team*", share: 1.0);
        server.Faults.ServerErrorShare("/api-public/v1/user*", share: 0.0);

        for (var i = 0; i < 3; i++)
        {
            using var failing = await client.GetAsync(Teams);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failing.StatusCode);
            using var fine = await client.GetAsync("api-public/v1/user");
            Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        }

        server.Faults.Clear();
        using var after = await client.GetAsync(Teams);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Too_many_requests_carries_retry_after_and_is_counted()
    {
        using var client = DatadogHttp(server);
        server.Faults.TooManyRequests("/api/v2/*", retryAfterSeconds: 7);

        using var response = await client.GetAsync("api/v2/on-call/schedules");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal("7", response.Headers.GetValues("X-RateLimit-Reset").Single());
        Assert.Equal("0", response.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.NotNull((await ReadJson(response))["errors"]);
        Assert.Equal(1, server.RateLimits.TooManyRequestsSent);
    }

    [Fact]
    public async Task VictorOps_throttling_403_has_its_message_and_is_counted()
    {
        using var client = VictorOpsHttp(server);
        server.Faults.ThrottleForbidden("/api-public/*", method: "GET");

        using var response = await client.GetAsync(Teams);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Too Many Requests", (await ReadJson(response))["message"]!.GetValue<string>());
        Assert.Equal(1, server.RateLimits.ThrottleForbiddenSent);
    }

    [Fact]
    public async Task Slow_answers_wait_before_answering()
    {
        using var client = ZStackHttp(server);
        server.Faults.Slow("/api/v1/oncall/schedules", TimeSpan.FromMilliseconds(400), count: 1);

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("api/v1/oncall/schedules");
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 350, $"answered after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Dropped_connections_fail_the_request_and_are_recorded()
    {
        using var client = VictorOpsHttp(server);
        server.Faults.DropConnection("/api-public/v1/incidents");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("api-public/v1/incidents"));

        var recorded = Assert.Single(server.Requests);
        Assert.True(recorded.Aborted);
        Assert.Equal("DropConnection", recorded.Fault);
        using var retry = await client.GetAsync("api-public/v1/incidents");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
    }

    [Fact]
    public async Task Malformed_bodies_are_not_json()
    {
        using var client = VictorOpsHttp(server);
        server.Faults.MalformedBody("/api-public/v1/team");

        using var response = await client.GetAsync(Teams);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(text));
    }

    [Fact]
    public async Task Truncated_bodies_are_cut_in_half()
    {
        using var client = VictorOpsHttp(server);
        var whole = await client.GetStringAsync(Teams);
        server.Faults.TruncatedBody("/api-public/v1/team");

        var cut = await client.GetStringAsync(Teams);

        Assert.Equal(whole.Length / 2, cut.Length);
        Assert.StartsWith(cut, whole, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(cut));
    }

    [Fact]
    public async Task Faults_come_before_authentication()
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseUri };
        server.Faults.ServerError("*");

        using var response = await anonymous.GetAsync(Teams);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    // An answer a day away: a dispose that waited for it would not return before the test's timeout.
    [Fact(Timeout = 60_000)]
    public async Task Disposing_does_not_wait_for_a_slow_answer()
    {
        var own = await EmulatorServer.StartAsync();
        using var client = VictorOpsHttp(own);
        own.Faults.Slow("*", TimeSpan.FromDays(1));
        var mark = own.LastRequestId;
        var pending = client.GetAsync("api-public/v1/team");
        await own.WaitForArrivalAsync(r => r.Id > mark, TimeSpan.FromSeconds(30));

        await own.DisposeAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => pending);
    }
}
