using System.Net;

namespace OnCall.Emulator.Tests;

/// <summary>The server itself: where it listens, who it lets in, and what it records. One emulator for the class, on a clock the tests read.</summary>
public sealed class EmulatorServerTests(ClockedEmulatorFixture emulator) : IClassFixture<ClockedEmulatorFixture>
{
    private readonly EmulatorServer server = emulator.Reset();

    [Fact]
    public async Task Starts_on_loopback_with_a_free_port_and_stops()
    {
        Uri address;
        await using (var own = await EmulatorServer.StartAsync())
        {
            address = own.BaseUri;
            Assert.Equal("127.0.0.1", address.Host);
            Assert.NotEqual(0, address.Port);
            using var client = VictorOpsHttp(own);
            using var response = await client.GetAsync("api-public/v1/oncall/current");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var after = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => after.GetAsync(new Uri(address, "api-public/v1/oncall/current")));
    }

    [Fact]
    public async Task Two_servers_run_side_by_side()
    {
        await using var other = await EmulatorServer.StartAsync();
        Assert.NotEqual(server.BaseUri, other.BaseUri);
    }

    [Theory]
    [InlineData(null, null, HttpStatusCode.Unauthorized)]
    [InlineData("demo-api-id", "wrong", HttpStatusCode.Forbidden)]
    [InlineData("demo-api-id", "demo-api-key", HttpStatusCode.OK)]
    public async Task VictorOps_checks_its_two_headers(string? id, string? key, HttpStatusCode expected)
    {
        using var client = new HttpClient { BaseAddress = server.BaseUri };
        if (id is not null)
        {
            client.DefaultRequestHeaders.Add("X-VO-Api-Id", id);
            client.DefaultRequestHeaders.Add("X-VO-Api-Key", key);
        }

        using var response = await client.GetAsync("api-public/v1/team");
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_read_only_VictorOps_key_can_only_read()
    {
        using var client = new HttpClient { BaseAddress = server.BaseUri };
        client.DefaultRequestHeaders.Add("X-VO-Api-Id", DemoCredentials.VictorOpsApiId);
        client.DefaultRequestHeaders.Add("X-VO-Api-Key", DemoCredentials.VictorOpsReadOnlyApiKey);

        using var read = await client.GetAsync("api-public/v1/incidents");
        using var write = await client.PatchAsync("api-public/v1/incidents/ack", Body("{\"userName\":\"john.smith\",\"incidentNames\":[\"304\"]}"));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    [Fact]
    public async Task Datadog_and_ZStack_reject_wrong_credentials_in_their_own_shapes()
    {
        using var client = new HttpClient { BaseAddress = server.BaseUri };
        client.DefaultRequestHeaders.Add("DD-API-KEY", "nope");
        client.DefaultRequestHeaders.Add("DD-APPLICATION-KEY", "nope");
        using var dd = await client.GetAsync("api/v2/on-call/schedules");
        Assert.Equal(HttpStatusCode.Forbidden, dd.StatusCode);
        Assert.Equal("Forbidden", (await ReadJson(dd))["errors"]![0]!.GetValue<string>());

        using var zs = await client.GetAsync("api/v1/oncall/schedules");
        Assert.Equal(HttpStatusCode.Unauthorized, zs.StatusCode);

        using var good = ZStackHttp(server);
        using var ok = await good.GetAsync("api/v1/oncall/schedules");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Records_every_request_with_secrets_masked()
    {
        using var client = VictorOpsHttp(server);
        client.DefaultRequestHeaders.Add("Authorization", "Bearer secret-token");
        using var response = await client.PatchAsync("api-public/v1/incidents/ack?x=1", Body("{\"userName\":\"john.smith\",\"incidentNames\":[\"999999\"]}"));

        var recorded = Assert.Single(server.Requests);
        Assert.Equal("PATCH", recorded.Method);
        Assert.Equal("/api-public/v1/incidents/ack", recorded.Path);
        Assert.Equal("?x=1", recorded.QueryString);
        Assert.Contains("incidentNames", recorded.Body, StringComparison.Ordinal);
        Assert.Equal("****", recorded.Header("X-VO-Api-Key"));
        Assert.Equal("****", recorded.Header("X-VO-Api-Id"));
        Assert.Equal("****", recorded.Header("Authorization"));
        Assert.Equal((int)response.StatusCode, recorded.StatusCode);
        Assert.Equal(emulator.Clock.GetUtcNow(), recorded.Timestamp);
        Assert.DoesNotContain(server.Requests.SelectMany(r => r.Headers.Values), v => v.Contains("demo-api-key", StringComparison.Ordinal));

        server.ClearRequests();
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Datadog_keys_are_masked_too()
    {
        using var client = DatadogHttp(server);
        using var response = await client.GetAsync("api/v2/on-call/schedules");
        var recorded = Assert.Single(server.Requests);
        Assert.Equal("****", recorded.Header("DD-API-KEY"));
        Assert.Equal("****", recorded.Header("DD-APPLICATION-KEY"));
    }

    [Fact]
    public async Task Unknown_paths_get_the_vendors_404_shape()
    {
        using var vo = VictorOpsHttp(server);
        using var response = await vo.GetAsync("api-public/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull((await ReadJson(response))["message"]);

        using var dd = DatadogHttp(server);
        using var ddResponse = await dd.GetAsync("api/v2/on-call/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, ddResponse.StatusCode);
        Assert.NotNull((await ReadJson(ddResponse))["errors"]);
    }

    [Fact]
    public async Task The_record_is_bounded_and_observable()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<RecordedRequest>();
        await using var bounded = await EmulatorServer.StartAsync(new EmulatorOptions { MaxRecordedRequests = 3, RequestObserver = seen.Enqueue });
        using var client = VictorOpsHttp(bounded);
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync($"api-public/v1/incidents/{i + 1}");
        }

        Assert.Equal(["/api-public/v1/incidents/3", "/api-public/v1/incidents/4", "/api-public/v1/incidents/5"], bounded.Requests.Select(r => r.Path));
        Assert.Equal(5, seen.Count);
    }
}
