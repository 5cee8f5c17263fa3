using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OnCall.Emulator.Tests.Infrastructure;

/// <summary>
/// The emulator's after-apply faults (the write happens, its answer does not arrive whole), its hostile answers, its
/// write ledger and its arrival log: what the reliability suites stand on, so they are proved here on raw HTTP. One
/// emulator for the class, on a clock that moves only when told; a test that changes an incident opens its own.
/// </summary>
public sealed class AfterApplyAndHostileFaultTests(ClockedEmulatorFixture emulator) : IClassFixture<ClockedEmulatorFixture>
{
    private const string Teams = "api-public/v1/team";
    private const string AckBody = "{\"userName\":\"john.smith\",\"incidentNames\":[\"%N%\"]}";

    private static string Ack(int number) => AckBody.Replace("%N%", number.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private readonly EmulatorServer server = emulator.Reset();

    /// <summary>A triggered incident of the test's own, opened through the API; the record and the ledger are emptied after.</summary>
    private async Task<int> TriggeredIncident()
    {
        using var client = VictorOpsHttp(server);
        using var created = await Send(client, "POST", "api-public/v1/incidents",
            "{\"summary\":\"to act on\",\"details\":\"d\",\"userName\":\"john.smith\",\"targets\":[{\"type\":\"User\",\"slug\":\"john.smith\"}]}");
        var number = int.Parse((await ReadJson(created))["incidentNumber"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.Equal(OnCall.Emulator.VictorOps.VoPhase.Unacked, Phase(server, number));
        server.ClearRequests();
        server.Ledger.Clear();
        return number;
    }

    private static string Phase(EmulatorServer server, int number)
    {
        lock (server.State.Sync)
        {
            return server.State.VictorOps.Incidents.Single(i => i.Number == number).CurrentPhase;
        }
    }

    [Fact]
    public async Task Drop_after_apply_changes_the_state_aborts_the_answer_and_the_ledger_names_the_request()
    {
        using var client = VictorOpsHttp(server);
        var number = await TriggeredIncident();
        var rule = server.Faults.DropAfterApply("/api-public/v1/incidents/ack", method: "PATCH");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Send(client, "PATCH", "api-public/v1/incidents/ack", Ack(number)));

        Assert.Equal(OnCall.Emulator.VictorOps.VoPhase.Acked, Phase(server, number));
        var recorded = Assert.Single(server.Requests);
        Assert.True(recorded.Aborted);
        Assert.Equal("DropAfterApply", recorded.Fault);
        var entry = Assert.Single(server.Ledger.Entries);
        Assert.Equal((recorded.Id, "VictorOps", LedgerAction.IncidentAcknowledged, number.ToString(CultureInfo.InvariantCulture)), (entry.RequestId, entry.Vendor, entry.Action, entry.Subject));
        Assert.Equal(1, rule.Hits);
    }

    [Fact]
    public async Task Drop_before_apply_leaves_the_state_and_the_ledger_alone()
    {
        using var client = VictorOpsHttp(server);
        var number = await TriggeredIncident();
        server.Faults.DropConnection("/api-public/v1/incidents/ack");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Send(client, "PATCH", "api-public/v1/incidents/ack", Ack(number)));

        Assert.Equal(OnCall.Emulator.VictorOps.VoPhase.Unacked, Phase(server, number));
        Assert.Empty(server.Ledger.Entries);
    }

    [Fact]
    public async Task Truncate_after_apply_promises_the_whole_answer_and_cuts_it_in_transit()
    {
        using var client = VictorOpsHttp(server);
        var create = "{\"summary\":\"cut short\",\"details\":\"d\",\"userName\":\"john.smith\",\"targets\":[{\"type\":\"User\",\"slug\":\"john.smith\"}]}";
        server.Faults.TruncateAfterApply("/api-public/v1/incidents", method: "POST");

        // The status line arrives; reading the body fails because the connection ends before Content-Length bytes.
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await Send(client, "POST", "api-public/v1/incidents", create);
            await response.Content.ReadAsByteArrayAsync();
        });

        var entry = Assert.Single(server.Ledger.Entries);
        Assert.Equal(LedgerAction.IncidentCreated, entry.Action);
        Assert.Equal("cut short", entry.Detail);
        var recorded = Assert.Single(server.Requests);
        Assert.Equal("TruncateAfterApply", recorded.Fault);
        Assert.Equal(entry.RequestId, recorded.Id);
    }

    [Fact]
    public async Task A_5xx_after_apply_hides_a_write_that_happened()
    {
        using var client = VictorOpsHttp(server);
        var number = await TriggeredIncident();
        server.Faults.ServerErrorAfterApply("/api-public/v1/incidents/resolve", statusCode: 502);

        using var response = await Send(client, "PATCH", "api-public/v1/incidents/resolve", Ack(number));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("Internal Server Error", (await ReadJson(response))["message"]!.GetValue<string>());
        Assert.Equal(OnCall.Emulator.VictorOps.VoPhase.Resolved, Phase(server, number));
        Assert.Equal(LedgerAction.IncidentResolved, Assert.Single(server.Ledger.Entries).Action);
    }

    [Fact]
    public async Task The_ledger_records_changes_only_so_a_second_ack_leaves_no_entry()
    {
        using var client = VictorOpsHttp(server);
        var number = await TriggeredIncident();

        using var first = await Send(client, "PATCH", "api-public/v1/incidents/ack", Ack(number));
        using var second = await Send(client, "PATCH", "api-public/v1/incidents/ack", Ack(number));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False((await ReadJson(second))["results"]![0]!["cmdAccepted"]!.GetValue<bool>());
        Assert.Single(server.Ledger.Entries);
    }

    [Fact]
    public async Task Overrides_set_and_removed_are_in_the_ledger_with_who_and_when()
    {
        using var client = VictorOpsHttp(server);
        using var created = await Send(client, "POST", "api-public/v1/overrides", "{\"username\":\"bob.martin\",\"timezone\":\"UTC\",\"start\":\"2031-02-03T04:00:00Z\",\"end\":\"2031-02-04T04:00:00Z\"}");
        var id = (await ReadJson(created))["override"]!["publicId"]!.GetValue<string>();
        using var removed = await Send(client, "DELETE", "api-public/v1/overrides/" + id);
        using var again = await Send(client, "DELETE", "api-public/v1/overrides/" + id);

        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(
            new[] { (LedgerAction.OverrideSet, id, "bob.martin 2031-02-03T04:00:00Z"), (LedgerAction.OverrideRemoved, id, "bob.martin 2031-02-03T04:00:00Z") },
            server.Ledger.Entries.Select(e => (e.Action, e.Subject, e.Detail ?? string.Empty)));
    }

    [Fact]
    public async Task A_mixed_rule_fires_for_about_its_share_and_spreads_over_its_kinds()
    {
        using var client = VictorOpsHttp(server);
        var rule = server.Faults.Mix("/api-public/v1/team", 0.5, [FaultKind.ServerError, FaultKind.ServerErrorAfterApply, FaultKind.TooManyRequests]);

        var statuses = new int[200];
        for (var i = 0; i < statuses.Length; i++)
        {
            using var response = await client.GetAsync(Teams);
            statuses[i] = (int)response.StatusCode;
            if (statuses[i] != 200)
            {
                Assert.Equal("0", response.Headers.GetValues("Retry-After").Single());
            }
        }

        Assert.InRange(rule.Hits, 60, 140);
        Assert.Equal(rule.Hits, statuses.Count(s => s != 200));
        Assert.All(rule.Kinds, kind => Assert.True(rule.HitsByKind.GetValueOrDefault(kind) > 5, kind + " fired " + rule.HitsByKind.GetValueOrDefault(kind) + " times"));
    }

    [Theory]
    [InlineData(HostileAnswer.Html, "text/html")]
    [InlineData(HostileAnswer.JsonNull, "application/json")]
    [InlineData(HostileAnswer.BareString, "application/json")]
    public async Task Hostile_bodies_answer_200_with_something_that_is_not_the_shape(HostileAnswer answer, string contentType)
    {
        using var client = VictorOpsHttp(server);
        server.Faults.Hostile("/api-public/v1/team", answer);

        using var response = await client.GetAsync(Teams);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(contentType, response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.True(answer == HostileAnswer.Html ? text.Contains("<form", StringComparison.Ordinal) : JsonNode.Parse(text) is null or JsonValue, text);
        Assert.Equal("Hostile:" + answer, Assert.Single(server.Requests).Fault);
    }

    [Fact]
    public async Task Truncated_json_is_half_the_real_answer()
    {
        using var client = DatadogHttp(server);
        var whole = await client.GetStringAsync("api/v2/team");
        server.Faults.Hostile("/api/v2/team", HostileAnswer.TruncatedJson);

        var cut = await client.GetStringAsync("api/v2/team");

        Assert.Equal(whole.Length / 2, cut.Length);
        Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(cut));
    }

    [Fact]
    public async Task Wrong_types_keep_the_names_and_change_every_kind_of_value()
    {
        using var client = ZStackHttp(server);
        var real = (JsonObject)JsonNode.Parse(await client.GetStringAsync("api/v1/oncall/schedules"))!;
        server.Faults.Hostile("/api/v1/oncall/schedules", HostileAnswer.WrongTypes);

        var wrong = (JsonObject)JsonNode.Parse(await client.GetStringAsync("api/v1/oncall/schedules"))!;

        Assert.Equal(real.Select(p => p.Key), wrong.Select(p => p.Key));
        foreach (var (name, value) in real)
        {
            var changed = wrong[name];
            Assert.True(value is null ? changed is null : changed?.GetValueKind() != value.GetValueKind() || value is JsonObject, name);
        }

        Assert.Equal(JsonValueKind.String, wrong["items"]!.GetValueKind());
    }

    [Fact]
    public async Task Wrong_types_turn_a_list_answer_into_an_object()
    {
        using var client = VictorOpsHttp(server);
        Assert.Equal(JsonValueKind.Array, JsonNode.Parse(await client.GetStringAsync(Teams))!.GetValueKind());
        server.Faults.Hostile("/api-public/v1/team", HostileAnswer.WrongTypes);

        Assert.Equal(JsonValueKind.Object, JsonNode.Parse(await client.GetStringAsync(Teams))!.GetValueKind());
    }

    [Fact]
    public async Task An_error_body_with_200_is_in_the_vendors_own_error_shape()
    {
        using var client = ZStackHttp(server);
        server.Faults.Hostile("/api/v1/oncall/schedules", HostileAnswer.ErrorBodyWith200);

        using var response = await client.GetAsync("api/v1/oncall/schedules");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await ReadJson(response))["error"]?["code"]);
    }

    [Fact]
    public async Task No_content_is_a_204_without_a_body()
    {
        using var client = VictorOpsHttp(server);
        server.Faults.Hostile("/api-public/v1/incidents", HostileAnswer.NoContent);

        using var response = await client.GetAsync("api-public/v1/incidents");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_huge_body_is_streamed_without_a_length_and_the_emulator_does_not_hold_it()
    {
        using var client = VictorOpsHttp(server);
        server.Faults.Hostile("/api-public/v1/team", HostileAnswer.HugeBody);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        using var response = await client.GetAsync(Teams, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        var first = new byte[16];
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            // The head may arrive in a read of its own (the emulator writes it apart from the filler).
            if (total < first.Length)
            {
                Array.Copy(buffer, 0, first, (int)total, (int)Math.Min(read, first.Length - total));
            }

            total += read;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.Equal(50L * 1024 * 1024, total);
        Assert.StartsWith("{\"padding\":\"xxx", System.Text.Encoding.ASCII.GetString(first), StringComparison.Ordinal);

        // Client and server share this process; between them they allocate far less than the 50 MB that went through.
        Assert.True(allocated < 20L * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB while streaming 50 MB");
    }

    [Theory]
    [InlineData(HostileAnswer.RetryAfterNaN, "Retry-After", "NaN")]
    [InlineData(HostileAnswer.RetryAfterHuge, "Retry-After", "1e12")]
    [InlineData(HostileAnswer.RetryAfterInfinity, "Retry-After", "Infinity")]
    [InlineData(HostileAnswer.RateLimitResetHuge, "X-RateLimit-Reset", "1e300")]
    public async Task Hostile_headers_come_on_a_429(HostileAnswer answer, string header, string value)
    {
        using var client = DatadogHttp(server);
        server.Faults.Hostile("/api/v2/team", answer);

        using var response = await client.GetAsync("api/v2/team");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(value, Header(response, header));
        Assert.Equal(1, server.RateLimits.TooManyRequestsSent);
    }

    [Fact]
    public async Task An_epoch_reset_on_a_200_comes_with_the_real_answer()
    {
        var clock = emulator.Clock;
        using var client = DatadogHttp(server);
        server.Faults.Hostile("/api/v2/team", HostileAnswer.RateLimitResetEpoch, statusCode: 200);

        using var response = await client.GetAsync("api/v2/team");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await ReadJson(response))["data"]);
        Assert.Equal("0", Header(response, "X-RateLimit-Remaining"));
        Assert.Equal((clock.GetUtcNow().ToUnixTimeSeconds() + 3600).ToString(CultureInfo.InvariantCulture), Header(response, "X-RateLimit-Reset"));
    }

    [Fact]
    public async Task Echo_sends_the_raw_credentials_back_in_the_body_and_a_header()
    {
        using var client = VictorOpsHttp(server);
        server.Faults.Hostile("/api-public/*", HostileAnswer.EchoAuth, count: 2, statusCode: 403);

        using var response = await client.GetAsync(Teams);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("X-VO-Api-Key=" + DemoCredentials.VictorOpsApiKey, body, StringComparison.Ordinal);
        Assert.Contains(DemoCredentials.VictorOpsApiKey, Header(response, "X-Echoed-Credentials"), StringComparison.Ordinal);

        // The log itself still masks what was sent.
        Assert.Equal("****", server.Requests[0].Header("X-VO-Api-Key"));
    }

    [Fact]
    public async Task Accepted_keys_can_be_a_tests_own()
    {
        var keys = new AcceptedCredentials { ZStackToken = "zs-token-of-this-test" };
        await using var ownServer = await EmulatorServer.StartAsync(new EmulatorOptions { Credentials = keys });
        using var demo = ZStackHttp(ownServer);
        using var own = new HttpClient { BaseAddress = ownServer.BaseUri };
        own.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", keys.ZStackToken);

        using var refused = await demo.GetAsync("api/v1/oncall/schedules");
        using var accepted = await own.GetAsync("api/v1/oncall/schedules");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Waiting_for_an_arrival_ends_while_a_slow_answer_is_still_pending()
    {
        using var client = VictorOpsHttp(server);
        var rule = server.Faults.Slow("/api-public/v1/policies", TimeSpan.FromSeconds(30), count: 1);
        var mark = server.LastRequestId;

        var pending = client.GetAsync("api-public/v1/policies");
        var arrived = await server.WaitForArrivalAsync(r => r.Id > mark && r.Path == "/api-public/v1/policies", TimeSpan.FromSeconds(10));

        Assert.False(pending.IsCompleted);
        Assert.Empty(server.Requests);
        Assert.Equal("GET", arrived.Method);
        server.Faults.Remove(rule);
        await Assert.ThrowsAsync<TimeoutException>(() => server.WaitForArrivalAsync(r => r.Path == "/never", TimeSpan.FromMilliseconds(50)));

        // Nothing left in flight for the next test on this server: the slow request is cancelled and on record.
        client.CancelPendingRequests();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        for (var i = 0; i < 1000 && !server.Requests.Any(r => r.Id == arrived.Id); i++)
        {
            await Task.Delay(10);
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;
}
