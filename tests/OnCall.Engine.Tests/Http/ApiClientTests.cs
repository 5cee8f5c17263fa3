using System.Diagnostics;
using OnCall.Emulator;
using OnCall.Emulator.Datadog;
using OnCall.Engine.Http;

using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Http;

public sealed class ApiClientTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly ApiRequest Teams = new("GET", "/api-public/v1/team");

    private int Count(string method, string path) => fixture.Server.Requests.Count(r => r.Method == method && r.Path == path);

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_the_server_gave_even_for_a_POST()
    {
        fixture.Server.ClearRequests();
        var rule = fixture.Server.Faults.TooManyRequests("/api-public/v1/incidents", retryAfterSeconds: 1, count: 1, method: "POST");
        using var client = fixture.VictorOps();
        var sink = new RecordingSink();
        var create = new ApiRequest("POST", "/api-public/v1/incidents")
        {
            Body = new Dictionary<string, object?> { ["summary"] = "disk full", ["details"] = "d", ["userName"] = "john.smith", ["targets"] = new[] { new Dictionary<string, object?> { ["type"] = "User", ["slug"] = "john.smith" } } },
        };

        var watch = Stopwatch.StartNew();
        var response = await client.SendAsync(create, sink, CancellationToken.None);

        Assert.True(response.IsSuccess);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), "waited " + watch.Elapsed);
        Assert.Equal(1, rule.Hits);
        Assert.Equal(2, Count("POST", "/api-public/v1/incidents"));
        Assert.Contains(sink.Verbose, v => v.Contains("-> 429") && v.Contains("(attempt 1)"));
        Assert.Contains(sink.Verbose, v => v.Contains("-> 200") && v.Contains("(attempt 2)"));
    }

    [Fact]
    public async Task VictorOps_403_Too_Many_Requests_is_throttling_and_retried()
    {
        var rule = fixture.Server.Faults.ThrottleForbidden("/api-public/v1/team", count: 2);
        using var client = fixture.VictorOps();

        var response = await client.SendAsync(Teams, new RecordingSink(), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, response.Attempts);
        Assert.Equal(2, rule.Hits);
    }

    [Fact]
    public async Task The_retry_pipeline_is_built_only_when_an_answer_is_worth_retrying_and_retries_as_before()
    {
        using var client = fixture.VictorOps();

        var first = await client.SendAsync(Teams, new RecordingSink(), CancellationToken.None);

        Assert.Equal((200, 1), (first.StatusCode, first.Attempts));
        Assert.False(client.RetryPipelineBuilt);

        fixture.Server.Faults.ServerError("/api-public/v1/team", count: 1, statusCode: 503);
        var retried = await client.SendAsync(Teams, new RecordingSink(), CancellationToken.None);

        Assert.Equal((200, 2), (retried.StatusCode, retried.Attempts));
        Assert.True(client.RetryPipelineBuilt);
    }

    [Fact]
    public async Task A_5xx_is_retried_for_a_GET()
    {
        fixture.Server.Faults.ServerError("/api-public/v1/team", count: 2, statusCode: 503);
        using var client = fixture.VictorOps();

        var response = await client.SendAsync(Teams, new RecordingSink(), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(3, response.Attempts);
    }

    [Fact]
    public async Task A_5xx_on_a_create_is_reported_as_maybe_applied_and_never_sent_again()
    {
        fixture.Server.ClearRequests();
        fixture.Server.Faults.ServerError("/api-public/v1/overrides", count: 1, statusCode: 502, method: "POST");
        using var client = fixture.VictorOps();
        var create = new ApiRequest("POST", "/api-public/v1/overrides") { Body = "{\"username\":\"jdoe\",\"timezone\":\"UTC\",\"start\":\"2030-01-01T00:00:00Z\",\"end\":\"2030-01-02T00:00:00Z\"}" };

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(create, new RecordingSink(), CancellationToken.None));

        Assert.Equal(OnCallErrorKind.ServerError, error.Kind);
        Assert.True(error.MayHaveApplied);
        Assert.Contains("not sent again", error.Message);
        Assert.Equal(1, Count("POST", "/api-public/v1/overrides"));
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_for_a_GET_but_not_for_a_PATCH()
    {
        fixture.Server.ClearRequests();
        fixture.Server.Faults.DropConnection("/api-public/v1/team", count: 1, method: "GET");
        using var client = fixture.VictorOps();
        var response = await client.SendAsync(Teams, new RecordingSink(), CancellationToken.None);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, response.Attempts);

        fixture.Server.Faults.DropConnection("/api-public/v1/incidents/ack", count: 1);
        var ack = new ApiRequest("PATCH", "/api-public/v1/incidents/ack") { Body = "{\"userName\":\"jdoe\",\"incidentNames\":[\"1\"]}" };
        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(ack, new RecordingSink(), CancellationToken.None));
        Assert.Equal(OnCallErrorKind.Connection, error.Kind);
        Assert.True(error.MayHaveApplied);
        Assert.Equal(1, Count("PATCH", "/api-public/v1/incidents/ack"));
    }

    [Fact]
    public async Task A_slow_answer_times_out_per_request_with_a_clear_error()
    {
        fixture.Server.Faults.Slow("/api-public/v1/user", TimeSpan.FromSeconds(3), count: 5);
        using var client = fixture.VictorOps(retries: 1, timeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("GET", "/api-public/v1/user"), new RecordingSink(), CancellationToken.None));

        Assert.Equal(OnCallErrorKind.Timeout, error.Kind);
        Assert.Equal("Timeout", error.Reason);
        Assert.Contains("did not answer", error.Message);
    }

    [Fact]
    public async Task Cancellation_stops_a_request_in_flight_promptly()
    {
        // The answer would take a minute, and the call's own timeout is 10 s: only cancellation ends it as a cancellation.
        var slow = fixture.Server.Faults.Slow("/api-public/v1/policies", TimeSpan.FromMinutes(1), count: 1);
        using var client = fixture.VictorOps(retries: 0);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(new ApiRequest("GET", "/api-public/v1/policies"), new RecordingSink(), cancellation.Token));
        }
        finally
        {
            fixture.Server.Faults.Remove(slow);
        }
    }

    [Fact]
    public async Task A_malformed_body_is_invalid_data_not_a_crash()
    {
        fixture.Server.Faults.MalformedBody("/api-public/v1/incidents", count: 1, method: "GET");
        using var client = fixture.VictorOps();

        var response = await client.SendAsync(new ApiRequest("GET", "/api-public/v1/incidents"), new RecordingSink(), CancellationToken.None);
        var error = Assert.Throws<OnCallException>(() => response.ParseDocument());

        Assert.Equal(OnCallErrorKind.InvalidData, error.Kind);
        Assert.Equal("OnCall.VictorOps.MalformedResponse", error.ErrorId);
    }

    [Fact]
    public async Task A_wrong_key_is_an_auth_error_that_names_the_headers_and_never_shows_the_key()
    {
        using var client = fixture.VictorOps(key: "not-the-right-key-123");
        var sink = new RecordingSink();

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(Teams, sink, CancellationToken.None));

        Assert.Contains(error.Kind, new[] { OnCallErrorKind.Authentication, OnCallErrorKind.PermissionDenied });
        Assert.Contains("X-VO-Api-Key", error.RecommendedAction);
        var shown = error.Message + string.Join("\n", sink.Verbose) + string.Join("\n", sink.Debug);
        Assert.DoesNotContain("not-the-right-key-123", shown);
        Assert.Contains(sink.Debug, d => d.Contains("X-VO-Api-Key: ****"));
    }

    [Fact]
    public async Task Path_segments_cannot_change_which_endpoint_is_called()
    {
        fixture.Server.ClearRequests();
        using var client = fixture.VictorOps(retries: 0);
        var path = VendorProfile.Path(client.Profile, "/api-public/v1/team/{0}/members", "../../v1/user");

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("GET", path), new RecordingSink(), CancellationToken.None));

        Assert.Equal(OnCallErrorKind.NotFound, error.Kind);
        var seen = fixture.Server.Requests.Last();
        Assert.Equal("/api-public/v1/team/..%2F..%2Fv1%2Fuser/members", seen.RawTarget);
        Assert.DoesNotContain(fixture.Server.Requests, r => r.Path == "/api-public/v1/user");
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    public void Names_that_would_walk_the_path_are_refused_before_any_request(string segment)
    {
        var error = Assert.Throws<OnCallException>(() => ApiPath.EscapeSegment(segment, PathEscaping.KeepAt));
        Assert.Equal(OnCallErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("InvalidName", error.Reason);
    }

    [Theory]
    [InlineData("a b/c?d#e", "a%20b%2Fc%3Fd%23e")]
    [InlineData("jane.doe@example.com", "jane.doe@example.com")]
    public void VictorOps_segments_keep_at_literal_and_escape_everything_else(string segment, string expected) =>
        Assert.Equal(expected, ApiPath.EscapeSegment(segment, PathEscaping.KeepAt));

    [Fact]
    public void Strict_escaping_encodes_at()
    {
        Assert.Equal("jane.doe%40example.com", ApiPath.EscapeSegment("jane.doe@example.com", PathEscaping.Strict));
    }

    [Fact]
    public async Task Calls_to_one_endpoint_are_paced_under_the_published_limit_without_a_single_429()
    {
        fixture.Server.RateLimits.Reset();
        fixture.Server.RateLimits.VictorOps = true;
        try
        {
            using var client = fixture.VictorOps(pacing: true, retries: 0);

            // A cold first call (connection, JIT) is slow, and spacing counts from the answer: warm up elsewhere.
            await client.SendAsync(new ApiRequest("GET", "/api-public/v1/user"), new RecordingSink(), CancellationToken.None);
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 7).Select(_ => client.SendAsync(new ApiRequest("GET", "/api-public/v1/team"), new RecordingSink(), CancellationToken.None)));
            watch.Stop();

            // Six gaps of at least half a second (PacerTests states the exact spacing on a fake clock).
            Assert.Equal(0, fixture.Server.RateLimits.TooManyRequestsSent);
            Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2.9), "seven paced calls took only " + watch.Elapsed);
        }
        finally
        {
            fixture.Server.RateLimits.VictorOps = false;
        }
    }

    [Fact]
    public void One_endpoint_shape_shares_a_bucket_and_different_endpoints_do_not()
    {
        // That calls in separate buckets do not wait for each other is PacerTests' to state, on a fake clock.
        Assert.Equal(
            VictorOpsProfile.EndpointShape("/api-public/v2/team/team-a/oncall/schedule"),
            VictorOpsProfile.EndpointShape("/api-public/v2/team/team-b/oncall/schedule"));
        Assert.NotEqual(
            VictorOpsProfile.EndpointShape("/api-public/v1/team"),
            VictorOpsProfile.EndpointShape("/api-public/v1/incidents"));
    }

    [Fact]
    public void Reporting_calls_are_paced_at_one_a_minute()
    {
        var profile = new VictorOpsProfile("id", Connections.SecretText.FromString("k"));
        var rule = profile.PaceFor(new ApiRequest("GET", "/api-reporting/v2/incidents"))!;
        Assert.True(rule.Interval >= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Datadog_rate_limit_headers_hold_the_next_call_until_the_reset()
    {
        // Two calls per one-second window: five calls to a team the demo organisation has need three
        // windows, so the pacer must hold calls 3 and 5 until the announced reset. Without pacing the
        // third call is answered 429 (and retried), which is what this test must catch.
        fixture.Server.RateLimits.Reset();
        fixture.Server.RateLimits.Datadog = true;
        fixture.Server.RateLimits.DatadogLimit = 2;
        fixture.Server.RateLimits.DatadogPeriodSeconds = 1;
        try
        {
            using var client = fixture.Datadog(retries: 2);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 5; i++)
            {
                var response = await client.SendAsync(new ApiRequest("GET", $"/api/v2/on-call/teams/{DatadogState.PlatformTeamId}/on-call"), new RecordingSink(), CancellationToken.None);
                Assert.Equal(200, response.StatusCode);
                Assert.Equal(1, response.Attempts);
            }

            Assert.Equal(0, fixture.Server.RateLimits.TooManyRequestsSent);
            Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1), "five calls at two per second took only " + watch.Elapsed);
        }
        finally
        {
            fixture.Server.RateLimits.Datadog = false;
        }
    }
}
