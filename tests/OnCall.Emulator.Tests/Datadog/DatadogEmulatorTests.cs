using System.Net;
using System.Text.Json.Nodes;
using OnCall.Emulator.Datadog;

namespace OnCall.Emulator.Tests.Datadog;

/// <summary>Datadog On-Call's routes and shapes, on one emulator for the class; each test acts on what it creates.</summary>
public sealed class DatadogEmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorServer server = emulator.Reset();

    private static readonly string Jane = DatadogState.UserId(DemoPeople.Jane);

    // The body the recorded "Create On-Call schedule" cassette sent, with demo ids.
    private static string ScheduleBody(string? id = null) =>
        "{\"data\":{" + (id is null ? string.Empty : $"\"id\":\"{id}\",") +
        "\"attributes\":{\"layers\":[{\"effective_date\":\"2025-11-17T14:11:22.484Z\",\"end_date\":\"2030-12-07T14:11:22.484Z\"," +
        $"\"interval\":{{\"days\":1}},\"members\":[{{\"user\":{{\"id\":\"{Jane}\"}}}}],\"name\":\"Layer 1\"," +
        "\"restrictions\":[{\"end_day\":\"friday\",\"end_time\":\"17:00:00\",\"start_day\":\"monday\",\"start_time\":\"09:00:00\"}]," +
        "\"rotation_start\":\"2025-11-22T14:11:22.484Z\"}],\"name\":\"Emulator schedule\",\"time_zone\":\"America/New_York\"}," +
        $"\"relationships\":{{\"teams\":{{\"data\":[{{\"id\":\"{DatadogState.PlatformTeamId}\",\"type\":\"teams\"}}]}}}},\"type\":\"schedules\"}}}}";

    [Fact]
    public async Task Team_on_call_answers_in_the_recorded_shape()
    {
        using var client = DatadogHttp(server);

        var json = await GetJson(client, $"api/v2/on-call/teams/{DatadogState.PlatformTeamId}/on-call?include=responders%2Cescalations.responders");
        using var unknown = await client.GetAsync($"api/v2/on-call/teams/{Guid.NewGuid()}/on-call");

        Assert.Equal("team_oncall_responders", json["data"]!["type"]!.GetValue<string>());
        var responder = json["data"]!["relationships"]!["responders"]!["data"]![0]!;
        Assert.Equal("users", responder["type"]!.GetValue<string>());
        var user = json["included"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == responder["id"]!.GetValue<string>())!;
        Assert.NotNull(user["attributes"]!["email"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Schedule_crud_and_includes()
    {
        using var client = DatadogHttp(server);
        var before = (await GetJson(client, "api/v2/on-call/schedules"))["data"]!.AsArray().Count;

        using var created = await client.PostAsync("api/v2/on-call/schedules", Body(ScheduleBody()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("application/vnd.api+json", created.Content.Headers.ContentType!.MediaType);
        var data = (await ReadJson(created))["data"]!;
        var id = data["id"]!.GetValue<string>();
        Assert.Equal("schedules", data["type"]!.GetValue<string>());
        Assert.Equal("layers", data["relationships"]!["layers"]!["data"]![0]!["type"]!.GetValue<string>());

        var full = await GetJson(client, $"api/v2/on-call/schedules/{id}?include=teams,layers,layers.members,layers.members.user");
        var types = full["included"]!.AsArray().Select(i => i!["type"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new System.Collections.Generic.HashSet<string> { "teams", "layers", "members", "users" }, types);
        var layer = full["included"]!.AsArray().First(i => i!["type"]!.GetValue<string>() == "layers")!;
        Assert.Equal(1, layer["attributes"]!["interval"]!["days"]!.GetValue<int>());
        Assert.Equal("monday", layer["attributes"]!["restrictions"]![0]!["start_day"]!.GetValue<string>());

        using var updated = await client.PutAsync($"api/v2/on-call/schedules/{id}", Body(ScheduleBody(id).Replace("Emulator schedule", "Renamed", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Renamed", (await ReadJson(updated))["data"]!["attributes"]!["name"]!.GetValue<string>());

        var list = await GetJson(client, "api/v2/on-call/schedules");
        Assert.Equal(before + 1, list["data"]!.AsArray().Count);
        Assert.Contains(list["data"]!.AsArray(), s => s!["id"]!.GetValue<string>() == id);

        using var bad = await client.PostAsync("api/v2/on-call/schedules", Body("{\"data\":{\"attributes\":{\"name\":\"x\"},\"type\":\"schedules\"}}"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        using var deleted = await client.DeleteAsync($"api/v2/on-call/schedules/{id}");
        using var gone = await client.GetAsync($"api/v2/on-call/schedules/{id}");
        using var inUse = await client.DeleteAsync($"api/v2/on-call/schedules/{DatadogState.PlatformScheduleId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
    }

    [Fact]
    public async Task Override_changes_the_scheduled_on_call_user()
    {
        using var client = DatadogHttp(server);
        var schedule = DatadogState.PlatformScheduleId;
        var dave = DatadogState.UserId(DemoPeople.Dave);
        var start = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var end = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

        var before = await GetJson(client, $"api/v2/on-call/schedules/{schedule}/on-call");
        using var created = await client.PostAsync($"api/v2/on-call/schedules/{schedule}/overrides", Body(
            $"{{\"data\":[{{\"attributes\":{{\"end\":\"{end}\",\"start\":\"{start}\"}},\"relationships\":{{\"user\":{{\"data\":{{\"id\":\"{dave}\",\"type\":\"users\"}}}}}},\"type\":\"overrides\"}}]}}"));
        var after = await GetJson(client, $"api/v2/on-call/schedules/{schedule}/on-call?include=user");
        var listed = await GetJson(client, $"api/v2/on-call/schedules/{schedule}/overrides?filter%5Bstart%5D={Uri.EscapeDataString(start)}&filter%5Bend%5D={Uri.EscapeDataString(end)}");
        var responders = await GetJson(client, $"api/v2/on-call/schedules/{schedule}/responders?include=responders.shifts.user");

        Assert.NotEqual(dave, before["data"]!["relationships"]!["user"]!["data"]!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var overrideId = (await ReadJson(created))["data"]![0]!["id"]!.GetValue<string>();
        Assert.Equal("shifts", after["data"]!["type"]!.GetValue<string>());
        Assert.Equal(dave, after["data"]!["relationships"]!["user"]!["data"]!["id"]!.GetValue<string>());
        Assert.Equal("users", after["included"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(overrideId, listed["data"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("schedule_oncall_responders", responders["data"]!["type"]!.GetValue<string>());
        Assert.Contains(responders["included"]!.AsArray(), i => i!["id"]!.GetValue<string>() == dave);

        using var deleted = await client.DeleteAsync($"api/v2/on-call/schedules/{schedule}/overrides/{overrideId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task Escalation_policy_crud_and_routing_rules()
    {
        using var client = DatadogHttp(server);
        var team = DatadogState.DatabaseTeamId;
        var schedule = DatadogState.DatabaseScheduleId;
        var body = "{\"data\":{\"attributes\":{\"name\":\"EP\",\"resolve_page_on_policy_end\":true,\"retries\":2,\"steps\":[" +
            $"{{\"assignment\":\"default\",\"escalate_after_seconds\":3600,\"targets\":[{{\"id\":\"{Jane}\",\"type\":\"users\"}},{{\"id\":\"{schedule}\",\"type\":\"schedules\"}},{{\"config\":{{\"schedule\":{{\"position\":\"previous\"}}}},\"id\":\"{schedule}\",\"type\":\"schedules\"}},{{\"id\":\"{team}\",\"type\":\"teams\"}}]}}]}}," +
            $"\"relationships\":{{\"teams\":{{\"data\":[{{\"id\":\"{team}\",\"type\":\"teams\"}}]}}}},\"type\":\"policies\"}}}}";

        using var created = await client.PostAsync("api/v2/on-call/escalation-policies?include=steps.targets", Body(body));
        var json = await ReadJson(created);
        var id = json["data"]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("policies", json["data"]!["type"]!.GetValue<string>());
        var step = json["included"]!.AsArray().First(i => i!["type"]!.GetValue<string>() == "steps")!;
        Assert.Contains(step["relationships"]!["targets"]!["data"]!.AsArray(), t => t!["id"]!.GetValue<string>() == schedule + "_previous" && t["type"]!.GetValue<string>() == "schedule_target");

        using var rules = await client.PutAsync($"api/v2/on-call/teams/{team}/routing-rules?include=rules", Body(
            $"{{\"data\":{{\"attributes\":{{\"rules\":[{{\"actions\":[],\"policy_id\":\"{id}\",\"query\":\"\",\"urgency\":\"low\"}}]}},\"id\":\"{team}\",\"type\":\"team_routing_rules\"}}}}"));
        var rulesJson = await ReadJson(rules);
        Assert.Equal($"virtual-{team}-rule-0", rulesJson["data"]!["relationships"]!["rules"]!["data"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(id, rulesJson["included"]![0]!["relationships"]!["policy"]!["data"]!["id"]!.GetValue<string>());

        using var inUse = await client.DeleteAsync($"api/v2/on-call/escalation-policies/{id}");
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        using var clear = await client.PutAsync($"api/v2/on-call/teams/{team}/routing-rules", Body(
            $"{{\"data\":{{\"attributes\":{{\"rules\":[]}},\"id\":\"{team}\",\"type\":\"team_routing_rules\"}}}}"));
        Assert.Empty((await ReadJson(clear))["data"]!["relationships"]!["rules"]!["data"]!.AsArray());
        using var deleted = await client.DeleteAsync($"api/v2/on-call/escalation-policies/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var got = await GetJson(client, $"api/v2/on-call/escalation-policies/{DatadogState.PlatformPolicyId}?include=steps");
        Assert.Equal(2, got["data"]!["relationships"]!["steps"]!["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Teams_users_and_paging()
    {
        using var client = DatadogHttp(server);

        var teams = await GetJson(client, "api/v2/team");
        var users = await GetJson(client, "api/v2/users");
        Assert.Equal("team", teams["data"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(6, users["data"]!.AsArray().Count);

        using var page = await client.PostAsync("api/v2/on-call/pages", Body(
            "{\"data\":{\"type\":\"pages\",\"attributes\":{\"title\":\"DB down\",\"urgency\":\"high\",\"target\":{\"type\":\"team_handle\",\"identifier\":\"database-sre\"}}}}"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var pageJson = (await ReadJson(page))["data"]!;
        Assert.Equal("pages", pageJson["type"]!.GetValue<string>());
        var id = pageJson["id"]!.GetValue<string>();

        using var ack = await client.PostAsync($"api/v2/on-call/pages/{id}/acknowledge", null);
        using var escalate = await client.PostAsync($"api/v2/on-call/pages/{id}/escalate", null);
        using var resolve = await client.PostAsync($"api/v2/on-call/pages/{id}/resolve", null);
        using var unknown = await client.PostAsync($"api/v2/on-call/pages/{Guid.NewGuid()}/acknowledge", null);
        Assert.Equal(HttpStatusCode.Accepted, ack.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, escalate.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, resolve.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        lock (server.State.Sync)
        {
            Assert.Equal("resolved", server.State.Datadog.Pages.Single(p => p.Id == id).Status);
        }
    }

    [Theory]
    [InlineData("2026-11-25T10:00:00Z", true)]   // Wednesday, inside Mon 08:00 - Fri 18:00 Berlin
    [InlineData("2026-11-28T10:00:00Z", false)]  // Saturday, outside the restriction
    public async Task Layer_restrictions_decide_whether_anyone_is_on_call(string at, bool covered)
    {
        using var client = DatadogHttp(server);

        var json = await GetJson(client, $"api/v2/on-call/schedules/{DatadogState.DatabaseScheduleId}/on-call?filter%5Bat_ts%5D={Uri.EscapeDataString(at)}");

        Assert.Equal(covered, json["data"] is JsonObject);
        if (covered)
        {
            Assert.StartsWith("2026-11-25T11:00:00.000000+01:00", json["data"]!["attributes"]!["start"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }
}
