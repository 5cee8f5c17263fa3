using System.Diagnostics;
using System.Globalization;
using System.Net;
using OnCall.Emulator;
using OnCall.Engine.Connections;
using OnCall.Engine.Http;
using OnCall.Engine.Providers;
using OnCall.Engine.Providers.VictorOps;
using OnCall.Engine.Tests.TestSupport;
using OnCall.Engine.Tests.Providers.VictorOps;

namespace OnCall.Engine.Tests.Http;

/// <summary>The HTTP pipeline against answers and headers no server should send (issue 7, items 3, 4, 5, 7, 10, 11).</summary>
public sealed class PipelineSafetyTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string Key = "vo-secret-key-0123";

    private static ApiClient VictorOps(EmulatorServer server, string key = Key, int retries = 2, TimeSpan? timeout = null, TimeSpan? maxServerWait = null, IWebProxy? proxy = null) =>
        new(new VictorOpsProfile("stub-id-" + Guid.NewGuid().ToString("N"), SecretText.FromString(key)) { PacingEnabled = false }, server.BaseUri, new ApiClientOptions
        {
            MaxRetries = retries,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
            MaxServerWait = maxServerWait ?? TimeSpan.FromSeconds(60),
            Proxy = proxy,
        });

    private static ApiClient Datadog(EmulatorServer server, bool pacing = true) =>
        new(new DatadogProfile(SecretText.FromString("dd-key-" + Guid.NewGuid().ToString("N")), SecretText.FromString("dd-app-key-0123")) { PacingEnabled = pacing }, server.BaseUri, new ApiClientOptions
        {
            MaxRetries = 2,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            Timeout = TimeSpan.FromSeconds(5),
        });

    private static CannedAnswer Json(int status, string body, params (string Name, string Value)[] headers) =>
        new(status, body, headers.ToDictionary(h => h.Name, h => h.Value));

    // ---------------------------------------------------------------- item 3: keys

    [Theory]
    [InlineData(Key + "\n")]
    [InlineData(Key + "\r\n")]
    [InlineData("vo-secret\tkey-0123")]
    [InlineData(" " + Key)]
    [InlineData("vo-secret-ключ-0123")]
    public async Task A_key_no_header_can_carry_fails_before_sending_and_is_never_shown(string key)
    {
        var server = fixture.Fresh().On("GET", "/api-public/v1/team", "[]");
        using var client = VictorOps(server, key);

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("GET", "/api-public/v1/team"), new RecordingSink(), CancellationToken.None));

        Assert.Equal("OnCall.Module.InvalidKey", error.ErrorId);
        Assert.Empty(server.Requests);
        var shown = error.ToString() + error.RecommendedAction;
        foreach (var piece in new[] { key.Trim(), "vo-secret", "key-0123" })
        {
            Assert.DoesNotContain(piece, shown);
        }
    }

    [Fact]
    public async Task A_transport_failure_through_a_proxy_never_shows_the_proxy_password()
    {
        var server = fixture.Fresh();
        var proxy = new WebProxy("http://127.0.0.1:9/") { Credentials = new NetworkCredential("proxy-user", "proxy-secret-pass") };
        using var client = VictorOps(server, retries: 0, proxy: proxy);
        var sink = new RecordingSink();

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("GET", "/api-public/v1/team"), sink, CancellationToken.None));

        Assert.Equal(OnCallErrorKind.Connection, error.Kind);
        Assert.DoesNotContain("proxy-secret-pass", error + string.Join("\n", sink.Verbose) + string.Join("\n", sink.Debug));
    }

    [Fact]
    public async Task Anything_that_fails_while_a_request_is_built_is_an_OnCall_error_and_nothing_is_sent()
    {
        var server = fixture.Fresh().On("POST", "/api-public/v1/incidents", "{}");
        using var client = VictorOps(server);

        // System.Text.Json refuses to write an IntPtr: a body the pipeline cannot serialise.
        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("POST", "/api-public/v1/incidents") { Body = new Dictionary<string, object?> { ["p"] = IntPtr.Zero } }, new RecordingSink(), CancellationToken.None));

        Assert.Equal(OnCallErrorKind.InvalidArgument, error.Kind);
        Assert.False(error.MayHaveApplied);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Redaction_masks_a_key_and_every_recognisable_piece_of_it()
    {
        var server = fixture.Fresh();
        using var client = VictorOps(server, "first-half\nsecond-half");

        var text = client.Redact("value 'first-half\nsecond-half' is invalid; 'first-half' was cut at 'second-half'");

        Assert.DoesNotContain("first-half", text);
        Assert.DoesNotContain("second-half", text);
    }

    // ---------------------------------------------------------------- item 4: writes that may have been applied

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("{\"incidentNumber\": \"41")]
    [InlineData("{\"data\": [ <html>")]
    public async Task A_write_answered_2xx_with_an_unreadable_body_may_have_applied_and_says_what_to_check(string body)
    {
        var server = fixture.Fresh().On("POST", "/api-public/v1/incidents", body);
        using var client = VictorOps(server);
        var create = new ApiRequest("POST", "/api-public/v1/incidents") { Body = "{}", WhatToCheck = "check whether an incident 'x' was opened" };

        using var response = await client.SendAsync(create, new RecordingSink(), CancellationToken.None);
        var error = Assert.Throws<OnCallException>(() => response.RootElement);

        Assert.Equal("OnCall.VictorOps.MayHaveApplied", error.ErrorId);
        Assert.True(error.MayHaveApplied);
        Assert.Contains("check whether an incident 'x' was opened before repeating it", error.Message);
        Assert.Contains("check whether an incident 'x' was opened", error.RecommendedAction);
        Assert.DoesNotContain("retry", error.Message + error.RecommendedAction, StringComparison.OrdinalIgnoreCase);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_read_answered_with_an_unreadable_body_is_MalformedResponse_and_may_be_repeated()
    {
        var server = fixture.Fresh().On("GET", "/api-public/v1/incidents", "<html>login</html>");
        using var client = VictorOps(server);

        using var response = await client.SendAsync(new ApiRequest("GET", "/api-public/v1/incidents"), new RecordingSink(), CancellationToken.None);
        var error = Assert.Throws<OnCallException>(() => response.RequireArray("incidents"));

        Assert.Equal("OnCall.VictorOps.MalformedResponse", error.ErrorId);
        Assert.False(error.MayHaveApplied);
    }

    [Fact]
    public async Task A_list_with_an_item_that_is_not_an_object_is_MalformedResponse_naming_the_item()
    {
        var server = fixture.Fresh().On("GET", "/api-public/v1/incidents", "{\"incidents\":[{\"a\":1},{\"b\":2},7,{\"c\":3}]}");
        using var client = VictorOps(server);

        using var response = await client.SendAsync(new ApiRequest("GET", "/api-public/v1/incidents"), new RecordingSink(), CancellationToken.None);
        var error = Assert.Throws<OnCallException>(() => response.RequireObjects("incidents"));

        Assert.Equal("OnCall.VictorOps.MalformedResponse", error.ErrorId);
        Assert.Contains("an item of \"incidents\" is a number, not an object", error.Message);
    }

    [Theory]
    [InlineData("POST", 500)]
    [InlineData("POST", 502)]
    [InlineData("PATCH", 503)]
    [InlineData("PATCH", 504)]
    public async Task A_5xx_to_a_write_that_is_not_safe_to_repeat_is_sent_once_and_may_have_applied(string method, int status)
    {
        var server = fixture.Fresh().On(method, "/api-public/v1/incidents/ack", "{\"message\":\"boom\"}", status);
        using var client = VictorOps(server);

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest(method, "/api-public/v1/incidents/ack") { Body = "{}" }, new RecordingSink(), CancellationToken.None));

        Assert.Equal("OnCall.VictorOps.MayHaveApplied", error.ErrorId);
        Assert.Equal(OnCallErrorKind.ServerError, error.Kind);
        Assert.Contains($"check whether {method} /api-public/v1/incidents/ack took effect", error.Message);
        Assert.DoesNotContain("try again", error.Message + error.RecommendedAction, StringComparison.OrdinalIgnoreCase);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_write_whose_connection_drops_may_have_applied()
    {
        // A server that reads the request and resets the connection without a word.
        var server = fixture.Fresh();
        var drop = server.Faults.DropConnection("/api-public/v1/incidents", count: 5, method: "POST");
        using var client = VictorOps(server);

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("POST", "/api-public/v1/incidents") { Body = "{}" }, new RecordingSink(), CancellationToken.None));

        Assert.Equal(("MayHaveApplied", OnCallErrorKind.Connection), (error.Reason, error.Kind));
        Assert.True(error.MayHaveApplied);
        Assert.Equal(1, drop.Hits);
    }

    [Fact]
    public async Task A_write_that_times_out_may_have_applied()
    {
        var server = fixture.Fresh().On("POST", "/api-public/v1/slow", "{}");
        server.Faults.Slow("/api-public/v1/slow", TimeSpan.FromSeconds(30), method: "POST");
        using var client = VictorOps(server, timeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("POST", "/api-public/v1/slow") { Body = "{}" }, new RecordingSink(), CancellationToken.None));

        Assert.Equal(("MayHaveApplied", OnCallErrorKind.Timeout), (error.Reason, error.Kind));
        Assert.Contains("within 0.3 s", error.Message);

        // It reached the server (arrivals are noted on arrival, not when the aborted answer is cleaned up, which a
        // busy machine can delay by seconds), and it was sent once: a timed-out write is never retried.
        await server.WaitForArrivalAsync(r => r.Method == "POST" && r.Path == "/api-public/v1/slow", TimeSpan.FromSeconds(30));
        Assert.Single(server.Arrivals, r => r.Method == "POST" && r.Path == "/api-public/v1/slow");
    }

    [Fact]
    public async Task A_VictorOps_acknowledgement_whose_answer_is_an_error_object_may_have_applied_and_names_the_incident()
    {
        var server = fixture.Fresh().On("PATCH", "/api-public/v1/incidents/ack", "{\"error\":\"gateway says hi\"}");
        var client = VictorOpsTestClient.Create(server);

        var sink = new RecordingSink();

        // A failed batch is reported per incident (issue 7 item 6), so the error is about incident 4711.
        await client.InvokeActionAsync(IncidentAction.Acknowledge, new[] { "4711" }, new IncidentActionOptions(), sink, CancellationToken.None);

        var error = Assert.Single(sink.Errors);
        Assert.Equal("OnCall.VictorOps.MayHaveApplied", error.ErrorId);
        Assert.True(error.MayHaveApplied);
        Assert.Equal("4711", error.Target);
        Assert.Contains("check whether incident 4711 was acknowledged", error.Message);
        Assert.Empty(sink.Objects);
    }

    [Fact]
    public async Task An_incident_the_acknowledgement_answer_says_nothing_about_may_have_been_acknowledged()
    {
        var server = fixture.Fresh().On("PATCH", "/api-public/v1/incidents/ack", "{\"results\":[{\"incidentNumber\":\"1\",\"cmdAccepted\":true}]}");
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.InvokeActionAsync(IncidentAction.Acknowledge, new[] { "1", "2" }, new IncidentActionOptions(), sink, CancellationToken.None);

        Assert.Single(sink.Of<IncidentActionResult>());
        var error = Assert.Single(sink.Errors);
        Assert.Equal(("ActionNotConfirmed", "2", true), (error.Reason, error.Target as string, error.MayHaveApplied));
        Assert.Contains("check whether incident 2 was acknowledged", error.Message);
    }

    // ---------------------------------------------------------------- item 5: a retried DELETE that finds it gone

    [Fact]
    public async Task A_retried_DELETE_answered_404_after_a_lost_answer_is_done_with_a_verbose_note()
    {
        var calls = 0;
        var server = fixture.Fresh().On("DELETE", "/api-public/v1/overrides/*", _ => Interlocked.Increment(ref calls) == 1
            ? new CannedAnswer(502, "{\"message\":\"Bad Gateway\"}")
            : new CannedAnswer(404, "{\"message\":\"no such override\"}"));
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.RemoveOverrideAsync(new OverrideRemoval { Id = "ovr-1" }, sink, CancellationToken.None);

        Assert.Equal(2, server.Calls("DELETE", "/api-public/v1/overrides/").Count);
        Assert.Contains(sink.Verbose, v => v.Contains("404 on attempt 2") && v.Contains("it is gone"));
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task A_404_to_a_DELETE_is_not_found_when_no_earlier_attempt_could_have_done_it()
    {
        var calls = 0;
        var server = fixture.Fresh().On("DELETE", "/api-public/v1/overrides/*", _ => Interlocked.Increment(ref calls) == 1
            ? Json(429, "{\"message\":\"Too Many Requests\"}", ("Retry-After", "0"))
            : new CannedAnswer(404, "{\"message\":\"no such override\"}"));
        using var client = VictorOps(server);

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("DELETE", "/api-public/v1/overrides/ovr-2"), new RecordingSink(), CancellationToken.None));

        Assert.Equal(OnCallErrorKind.NotFound, error.Kind);
        Assert.Equal(2, server.Requests.Count);
    }

    // ---------------------------------------------------------------- item 7: waits the server asks for

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("-5")]
    [InlineData("soon")]
    public async Task A_Retry_After_that_is_no_wait_falls_back_to_the_pipelines_own_backoff(string retryAfter)
    {
        var calls = 0;
        var server = fixture.Fresh().On("GET", "/api-public/v1/team", _ => Interlocked.Increment(ref calls) == 1
            ? Json(429, "{\"message\":\"Too Many Requests\"}", ("Retry-After", retryAfter))
            : new CannedAnswer(200, "[]"));
        using var client = VictorOps(server);

        using var response = await client.SendAsync(new ApiRequest("GET", "/api-public/v1/team"), new RecordingSink(), CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, response.Attempts);
    }

    [Theory]
    [InlineData("1e12", "more than 100 years")]
    [InlineData("86400", "86400 s")]
    [InlineData("61", "61 s")]
    public async Task A_Retry_After_longer_than_the_cap_fails_at_once_as_Throttled_stating_the_wait(string retryAfter, string stated)
    {
        var server = fixture.Fresh().On("GET", "/api-public/v1/team", _ => Json(429, "{\"message\":\"Too Many Requests\"}", ("Retry-After", retryAfter)));
        using var client = VictorOps(server);

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("GET", "/api-public/v1/team"), new RecordingSink(), CancellationToken.None));

        Assert.Equal("OnCall.VictorOps.Throttled", error.ErrorId);
        Assert.Contains("asked to wait " + stated, error.Message);
        Assert.Contains("longer than the 60 s", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task The_cap_on_server_waits_is_the_connections_to_choose()
    {
        var server = fixture.Fresh().On("GET", "/api-public/v1/team", _ => Json(429, "{}", ("Retry-After", "10")));
        using var client = VictorOps(server, maxServerWait: TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("GET", "/api-public/v1/team"), new RecordingSink(), CancellationToken.None));

        Assert.Contains("longer than the 5 s", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_HTTP_date_a_year_away_is_Throttled_too()
    {
        var date = DateTimeOffset.UtcNow.AddYears(1).ToString("r", CultureInfo.InvariantCulture);
        var server = fixture.Fresh().On("GET", "/api-public/v1/team", _ => Json(429, "{}", ("Retry-After", date)));
        using var client = VictorOps(server);

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("GET", "/api-public/v1/team"), new RecordingSink(), CancellationToken.None));

        Assert.Equal(OnCallErrorKind.Throttled, error.Kind);
    }

    [Theory]
    [InlineData("1e300", "more than 100 years")]
    [InlineData("NaN", null)]
    public async Task X_RateLimit_Reset_on_a_429_is_read_defensively(string reset, string? stated)
    {
        var calls = 0;
        var server = fixture.Fresh().On("GET", "/api/v2/team", _ => Interlocked.Increment(ref calls) == 1
            ? Json(429, "{\"errors\":[\"Too many requests\"]}", ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset))
            : new CannedAnswer(200, "{\"data\":[]}"));
        using var client = Datadog(server, pacing: false);

        if (stated is null)
        {
            using var response = await client.SendAsync(new ApiRequest("GET", "/api/v2/team"), new RecordingSink(), CancellationToken.None);
            Assert.Equal(2, response.Attempts);
            return;
        }

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("GET", "/api/v2/team"), new RecordingSink(), CancellationToken.None));
        Assert.Equal("OnCall.Datadog.Throttled", error.ErrorId);
        Assert.Contains(stated, error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task X_RateLimit_Reset_as_an_epoch_time_is_waited_for_until_that_time()
    {
        var calls = 0;
        var resetAt = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds();
        var server = fixture.Fresh().On("GET", "/api/v2/team", _ => Interlocked.Increment(ref calls) == 1
            ? Json(429, "{}", ("X-RateLimit-Reset", resetAt.ToString(CultureInfo.InvariantCulture)))
            : new CannedAnswer(200, "{\"data\":[]}"));
        using var client = Datadog(server, pacing: false);
        var watch = Stopwatch.StartNew();

        using var response = await client.SendAsync(new ApiRequest("GET", "/api/v2/team"), new RecordingSink(), CancellationToken.None);

        Assert.Equal(2, response.Attempts);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), "waited only " + watch.Elapsed);
    }

    [Fact]
    public async Task A_Datadog_budget_spent_until_tomorrow_fails_the_next_call_without_sending_it_and_then_asks_again()
    {
        var server = fixture.Fresh().On("GET", "/api/v2/team", _ => Json(200, "{\"data\":[]}", ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "86400")));
        using var client = Datadog(server);

        using (await client.SendAsync(new ApiRequest("GET", "/api/v2/team"), new RecordingSink(), CancellationToken.None))
        {
        }

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("GET", "/api/v2/team"), new RecordingSink(), CancellationToken.None));
        Assert.Equal("OnCall.Datadog.Throttled", error.ErrorId);
        Assert.Contains("resets in 86400 s", error.Message);
        Assert.Contains("nothing was sent", error.Message);
        Assert.Single(server.Requests);

        // The refusal does not stick: the next command asks the server again.
        using (await client.SendAsync(new ApiRequest("GET", "/api/v2/team"), new RecordingSink(), CancellationToken.None))
        {
        }

        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData("{\"incidents\":[{\"incidentNumber\":\"1\",\"startTime\":\"99999999999999999999\"}]}")]
    [InlineData("{\"incidents\":[{\"incidentNumber\":\"1\",\"startTime\":1e400}]}")]
    [InlineData("{\"incidents\":[{\"incidentNumber\":\"1\",\"startTime\":-9e18}]}")]
    [InlineData("{\"incidents\":[{\"incidentNumber\":\"1\",\"alertCount\":99999999999999999999}]}")]
    public async Task Dates_and_numbers_out_of_range_in_a_VictorOps_answer_are_malformed_not_an_overflow(string body)
    {
        var server = fixture.Fresh().On("GET", "/api-public/v1/incidents", body);
        var client = VictorOpsTestClient.Create(server);

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.GetIncidentsAsync(new IncidentQuery(), new RecordingSink(), CancellationToken.None));

        Assert.Equal("OnCall.VictorOps.MalformedResponse", error.ErrorId);
    }

    [Fact]
    public async Task A_VictorOps_history_page_with_an_absurd_total_and_limit_neither_overflows_nor_skips()
    {
        var calls = 0;
        var server = fixture.Fresh().On("GET", "/api-reporting/v2/incidents", _ => Interlocked.Increment(ref calls) == 1
            ? new CannedAnswer(200, "{\"offset\":0,\"limit\":2147483647,\"total\":2147483647,\"incidents\":[{\"incidentNumber\":\"1\",\"currentPhase\":\"RESOLVED\"}]}")
            : new CannedAnswer(200, "{\"offset\":100,\"limit\":100,\"total\":2147483647,\"incidents\":[]}"));
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.GetIncidentsAsync(new IncidentQuery { History = true }, sink, CancellationToken.None);

        Assert.Single(sink.Of<Incident>());
        Assert.Equal("100", server.Calls("GET", "/api-reporting/v2/incidents").Last().Q("offset"));
    }

    [Fact]
    public async Task Numbers_beyond_double_and_dates_beyond_year_9999_in_ZStack_and_Datadog_answers_never_throw_NET_exceptions()
    {
        var server = fixture.Fresh()
            .On("GET", "/api/v1/alerting/events", "{\"items\":[{\"uuid\":\"e1\",\"state\":\"firing\",\"notifiedAt\":1e20,\"currentValue\":1e400,\"acknowledgedAt\":\"99999999999999999999\"}],\"total\":1}")
            .On("GET", "/api/v2/team", "{\"data\":[{\"id\":\"t1\",\"type\":\"team\",\"attributes\":{\"name\":\"T\",\"handle\":\"t\",\"user_count\":99999999999}}]}");
        using var zstack = ProviderFactory.Create(new ConnectionSettings { Provider = OnCallProvider.ZStack, BaseUri = server.BaseUri, Token = SecretText.FromString("zs-token-0123"), MaxRetries = 0 });
        using var datadog = ProviderFactory.Create(new ConnectionSettings { Provider = OnCallProvider.Datadog, BaseUri = server.BaseUri, ApiKey = SecretText.FromString("dd-key-0123"), ApplicationKey = SecretText.FromString("dd-app-0123"), MaxRetries = 0 });
        var sink = new RecordingSink();

        await ((IIncidentSource)zstack.ProviderClient).GetIncidentsAsync(new IncidentQuery(), sink, CancellationToken.None);
        await ((IDirectorySource)datadog.ProviderClient).GetTeamsAsync(Array.Empty<string>(), sink, CancellationToken.None);

        var incident = Assert.Single(sink.Of<Incident>());
        Assert.Null(incident.Start);
        Assert.Null(Assert.Single(sink.Of<Team>()).MemberCount);
    }

    // ---------------------------------------------------------------- items 10 and 11: pacing per account

    [Fact]
    public void Clients_of_one_account_share_one_pacer_and_other_accounts_do_not()
    {
        var host = new Uri("https://api.victorops.com/");
        using var a = new ApiClient(new VictorOpsProfile("org-1", SecretText.FromString("key-a")), host);
        using var b = new ApiClient(new VictorOpsProfile("org-1", SecretText.FromString("key-b")), host);
        using var otherOrg = new ApiClient(new VictorOpsProfile("org-2", SecretText.FromString("key-a")), host);
        using var otherHost = new ApiClient(new VictorOpsProfile("org-1", SecretText.FromString("key-a")), new Uri("https://gateway.example.com/"));

        Assert.Same(a.Pacer, b.Pacer);
        Assert.NotSame(a.Pacer, otherOrg.Pacer);
        Assert.NotSame(a.Pacer, otherHost.Pacer);
        Assert.DoesNotContain("key-a", a.Profile.AccountKey(host));
        Assert.DoesNotContain("org-1", a.Profile.AccountKey(host));
    }

    [Fact]
    public async Task Two_connections_to_one_account_are_paced_together_under_the_published_limit()
    {
        await using var emulator = await EmulatorServer.StartAsync();
        emulator.RateLimits.VictorOps = true;
        ApiClient Connect() => new(new VictorOpsProfile(DemoCredentials.VictorOpsApiId, SecretText.FromString(DemoCredentials.VictorOpsApiKey)), emulator.BaseUri, new ApiClientOptions { MaxRetries = 0 });
        using var first = Connect();
        using var second = Connect();

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? first : second).SendAsync(new ApiRequest("GET", "/api-public/v1/incidents"), new RecordingSink(), CancellationToken.None)));

        Assert.Equal(0, emulator.RateLimits.TooManyRequestsSent);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2.5), "six calls at two a second took only " + watch.Elapsed);
    }

    [Fact]
    public void Datadog_calls_to_one_endpoint_share_a_bucket_whatever_the_ids_in_the_path()
    {
        var profile = new DatadogProfile(SecretText.FromString("k"), SecretText.FromString("a"));

        var one = profile.PaceFor(new ApiRequest("GET", "/api/v2/on-call/teams/6a1f0d2e-0000-4000-8000-00000000a001/on-call"))!;
        var two = profile.PaceFor(new ApiRequest("GET", "/api/v2/on-call/teams/6a1f0d2e-0000-4000-8000-00000000a002/on-call"))!;

        Assert.Equal(one.Key, two.Key);
        Assert.NotEqual(one.Key, profile.PaceFor(new ApiRequest("GET", "/api/v2/team"))!.Key);
        profile.PacingEnabled = false;
        Assert.Null(profile.PaceFor(new ApiRequest("GET", "/api/v2/team")));
    }
}
