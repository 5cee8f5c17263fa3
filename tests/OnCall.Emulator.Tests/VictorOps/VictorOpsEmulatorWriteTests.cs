using System.Net;
using System.Text.Json.Nodes;

namespace OnCall.Emulator.Tests.VictorOps;

/// <summary>
/// VictorOps' writing routes, on one emulator for the class: each test acts on what it opened or found itself and reads
/// back what it changed, so the order the tests run in does not matter.
/// </summary>
public sealed class VictorOpsEmulatorWriteTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string Platform = "team-platformops00001";
    private const string PrimaryPolicy = "pol-platformops00001";

    private readonly EmulatorServer server = emulator.Reset();

    private static async Task<string> OnCallNow(HttpClient client, string policySlug)
    {
        var current = await GetJson(client, "api-public/v1/oncall/current");
        return current["teamsOnCall"]!.AsArray()
            .SelectMany(t => t!["oncallNow"]!.AsArray())
            .Single(p => p!["escalationPolicy"]!["slug"]!.GetValue<string>() == policySlug)!["users"]![0]!["onCalluser"]!["username"]!.GetValue<string>();
    }

    [Fact]
    public async Task Take_on_call_changes_who_is_on_call()
    {
        using var client = VictorOpsHttp(server);
        var before = await OnCallNow(client, PrimaryPolicy);
        var replacement = before == "bob.martin" ? "carol.white" : "bob.martin";

        using var take = await Send(client, "PATCH", $"api-public/v1/policies/{PrimaryPolicy}/oncall/user",
            $"{{\"fromUser\":\"{before}\",\"toUser\":\"{replacement}\"}}");
        using var unknown = await Send(client, "PATCH", "api-public/v1/policies/pol-nosuchpolicy0000/oncall/user",
            $"{{\"fromUser\":\"{before}\",\"toUser\":\"{replacement}\"}}");

        Assert.Equal(HttpStatusCode.OK, take.StatusCode);
        Assert.Equal("ok", (await ReadJson(take))["result"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(replacement, await OnCallNow(client, PrimaryPolicy));
        var schedule = await GetJson(client, $"api-public/v2/team/{Platform}/oncall/schedule");
        var entry = schedule["schedules"]![0]!["schedule"]![0]!;
        Assert.Equal(replacement, entry["overrideOnCallUser"]!["username"]!.GetValue<string>());
        Assert.Equal(before, schedule["schedules"]![0]!["overrides"]![0]!["origOnCallUser"]!["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Scheduled_override_with_assignment_shows_in_schedule_and_on_call()
    {
        using var client = VictorOpsHttp(server);
        var away = await OnCallNow(client, PrimaryPolicy);
        var start = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var end = DateTimeOffset.UtcNow.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        using var created = await client.PostAsync("api-public/v1/overrides",
            Body($"{{\"username\":\"{away}\",\"timezone\":\"America/New_York\",\"start\":\"{start}\",\"end\":\"{end}\"}}"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var publicId = (await ReadJson(created))["override"]!["publicId"]!.GetValue<string>();
        var assignments = await GetJson(client, $"api-public/v1/overrides/{publicId}/assignments");
        Assert.IsType<JsonArray>(assignments);
        Assert.Contains(assignments.AsArray(), a => a!["policy"]!.GetValue<string>() == PrimaryPolicy && !a["assigned"]!.GetValue<bool>());

        using var assign = await client.PutAsync($"api-public/v1/overrides/{publicId}/assignments/{PrimaryPolicy}",
            Body("{\"username\":\"dave.kim\",\"acceptOverlap\":true}"));
        Assert.True((await ReadJson(assign))["assigned"]!.GetValue<bool>());

        Assert.Equal("dave.kim", await OnCallNow(client, PrimaryPolicy));
        var schedule = await GetJson(client, $"api-public/v2/team/{Platform}/oncall/schedule");
        var over = schedule["schedules"]![0]!["overrides"]!.AsArray().Single(o => o!["overrideOnCallUser"]!["username"]!.GetValue<string>() == "dave.kim")!;
        Assert.Equal(away, over["origOnCallUser"]!["username"]!.GetValue<string>());
        Assert.Equal("dave.kim", over["overrideOnCallUser"]!["username"]!.GetValue<string>());
        var list = await GetJson(client, "api-public/v1/overrides");
        Assert.Single(list["overrides"]!.AsArray());

        using var delete = await client.DeleteAsync($"api-public/v1/overrides/{publicId}");
        using var gone = await client.GetAsync($"api-public/v1/overrides/{publicId}");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(away, await OnCallNow(client, PrimaryPolicy));
    }

    [Fact]
    public async Task Ack_moves_an_incident_to_acked_once()
    {
        using var client = VictorOpsHttp(server);
        using var created = await client.PostAsync("api-public/v1/incidents", Body(
            "{\"summary\":\"CPU high\",\"details\":\"web-01\",\"userName\":\"john.smith\",\"targets\":[{\"type\":\"User\",\"slug\":\"john.smith\"}]}"));
        var open = (await ReadJson(created))["incidentNumber"]!.GetValue<string>();
        var incidents = (await GetJson(client, "api-public/v1/incidents"))["incidents"]!.AsArray();
        Assert.Contains(incidents, i => i!["incidentNumber"]!.GetValue<string>() == open && i["currentPhase"]!.GetValue<string>() == "UNACKED");
        var body = $"{{\"userName\":\"john.smith\",\"incidentNames\":[\"{open}\",\"999999\"],\"message\":\"on it\"}}";

        using var ack = await Send(client, "PATCH", "api-public/v1/incidents/ack", body);
        using var again = await Send(client, "PATCH", "api-public/v1/incidents/ack", body);
        var incident = await GetJson(client, $"api-public/v1/incidents/{open}");

        var results = (await ReadJson(ack))["results"]!.AsArray();
        Assert.True(results[0]!["cmdAccepted"]!.GetValue<bool>());
        Assert.False(results[1]!["cmdAccepted"]!.GetValue<bool>());
        Assert.False((await ReadJson(again))["results"]![0]!["cmdAccepted"]!.GetValue<bool>());
        Assert.Equal("ACKED", incident["currentPhase"]!.GetValue<string>());
        var last = incident["transitions"]!.AsArray().Last()!;
        Assert.Equal("acknowledged", last["name"]!.GetValue<string>());
        Assert.Equal("john.smith", last["by"]!.GetValue<string>());

        using var resolve = await Send(client, "PATCH", "api-public/v1/incidents/resolve", body);
        using var resolveAgain = await Send(client, "PATCH", "api-public/v1/incidents/resolve", body);
        Assert.True((await ReadJson(resolve))["results"]![0]!["cmdAccepted"]!.GetValue<bool>());
        Assert.False((await ReadJson(resolveAgain))["results"]![0]!["cmdAccepted"]!.GetValue<bool>());

        using var unknownUser = await Send(client, "PATCH", "api-public/v1/incidents/ack", "{\"userName\":\"nobody\",\"incidentNames\":[\"1\"]}");
        Assert.Equal(HttpStatusCode.NotFound, unknownUser.StatusCode);
    }

    [Fact]
    public async Task Create_by_user_actions_reroute_and_notes()
    {
        using var client = VictorOpsHttp(server);

        using var created = await client.PostAsync("api-public/v1/incidents", Body(
            "{\"summary\":\"Disk full\",\"details\":\"/var at 100%\",\"userName\":\"alice.nguyen\",\"targets\":[{\"type\":\"User\",\"slug\":\"carol.white\"}]}"));
        var number = (await ReadJson(created))["incidentNumber"]!.GetValue<string>();
        var incident = await GetJson(client, $"api-public/v1/incidents/{number}");
        Assert.Equal("UNACKED", incident["currentPhase"]!.GetValue<string>());
        Assert.Contains(incident["pagedUsers"]!.AsArray(), u => u!.GetValue<string>() == "carol.white");

        using var reroute = await client.PostAsync("api-public/v1/incidents/reroute", Body(
            $"{{\"userName\":\"alice.nguyen\",\"reroutes\":[{{\"incidentNumber\":\"{number}\",\"targets\":[{{\"type\":\"EscalationPolicy\",\"slug\":\"pol-databasesre00002\"}}]}}]}}"));
        Assert.True((await ReadJson(reroute))["statuses"]![0]!["success"]!.GetValue<bool>());
        var rerouted = await GetJson(client, $"api-public/v1/incidents/{number}");
        Assert.Contains(rerouted["pagedTeams"]!.AsArray(), t => t!.GetValue<string>() == "team-databasesre00002");

        using var note = await client.PostAsync($"api-public/v1/incidents/{number}/notes", Body(
            "{\"name\":\"ticket\",\"display_name\":\"Ticket\",\"json_value\":{\"id\":\"OPS-1\"}}"));
        Assert.Equal("Ticket", (await ReadJson(note))["displayName"]!.GetValue<string>());
        var notes = await GetJson(client, $"api-public/v1/incidents/{number}/notes");
        Assert.Equal("OPS-1", notes[0]!["json_value"]!["id"]!.GetValue<string>());

        var pagedUser = rerouted["pagedUsers"]![0]!.GetValue<string>();
        using var byUser = await Send(client, "PATCH", "api-public/v1/incidents/byUser/ack", $"{{\"userName\":\"{pagedUser}\"}}");
        var results = (await ReadJson(byUser))["results"]!.AsArray();
        Assert.Contains(results, r => r!["incidentNumber"]!.GetValue<string>() == number && r["cmdAccepted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Teams_and_users_can_be_created_changed_and_removed()
    {
        using var client = VictorOpsHttp(server);

        using var team = await client.PostAsync("api-public/v1/team", Body("{\"name\":\"Night Shift\"}"));
        var slug = (await ReadJson(team))["slug"]!.GetValue<string>();
        using var user = await client.PostAsync("api-public/v1/user", Body(
            "{\"firstName\":\"Erin\",\"lastName\":\"Lee\",\"username\":\"erin.lee@example.com\",\"email\":\"erin.lee@example.com\"}"));
        using var member = await client.PostAsync($"api-public/v1/team/{slug}/members", Body("{\"username\":\"erin.lee@example.com\"}"));
        var members = await GetJson(client, $"api-public/v1/team/{slug}/members");
        using var removed = await Send(client, "DELETE", "api-public/v1/user/erin.lee@example.com", "{}");
        using var gone = await client.GetAsync("api-public/v1/user/erin.lee@example.com");
        using var deleteTeam = await client.DeleteAsync($"api-public/v1/team/{slug}");
        var keys = await GetJson(client, "api-public/v1/org/routing-keys");

        Assert.Matches("^team-[A-Za-z0-9]{16}$", slug);
        Assert.Equal(HttpStatusCode.OK, user.StatusCode);
        Assert.Equal(HttpStatusCode.OK, member.StatusCode);
        Assert.Equal("erin.lee@example.com", members["members"]![0]!["username"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleteTeam.StatusCode);
        Assert.Contains(keys["routingKeys"]!.AsArray(), k => k!["isDefault"]!.GetValue<bool>());
    }
}
