using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using OnCall.Emulator;
using static OnCall.Engine.Tests.Emulator.EmulatorTestClient;

namespace OnCall.Engine.Tests.Emulator;

public sealed class VictorOpsEmulatorTests
{
    private const string Platform = "team-platformops00001";
    private const string PrimaryPolicy = "pol-platformops00001";

    private static async Task<string> OnCallNow(HttpClient client, string policySlug)
    {
        var current = await GetJson(client, "api-public/v1/oncall/current");
        return current["teamsOnCall"]!.AsArray()
            .SelectMany(t => t!["oncallNow"]!.AsArray())
            .Single(p => p!["escalationPolicy"]!["slug"]!.GetValue<string>() == policySlug)!["users"]![0]!["onCalluser"]!["username"]!.GetValue<string>();
    }

    [Fact]
    public async Task Current_on_call_uses_the_live_casing()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = VictorOpsHttp(server);
        var json = (await GetJson(client, "api-public/v1/oncall/current")).ToJsonString();
        Assert.Contains("\"oncallNow\"", json, StringComparison.Ordinal);
        Assert.Contains("\"onCalluser\"", json, StringComparison.Ordinal);
        Assert.Contains(Platform, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encoded_slashes_in_a_team_name_reach_the_team_route_and_404()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = VictorOpsHttp(server);

        // "../../v1/user" sent as one escaped segment must not be normalised into another route.
        using var response = await client.GetAsync("api-public/v1/team/..%2F..%2Fv1%2Fuser");
        using var members = await client.GetAsync("api-public/v1/team/..%2F..%2Fv1%2Fuser/members");
        using var schedule = await client.GetAsync("api-public/v2/team/..%2F..%2Fv1%2Fuser/oncall/schedule");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Team not found: ../../v1/user", (await ReadJson(response))["message"]!.GetValue<string>());
        Assert.Equal("Team not found: ../../v1/user", (await ReadJson(members))["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, schedule.StatusCode);
        Assert.Equal("..%2F..%2Fv1%2Fuser", server.Requests[0].RawTarget.Split('/')[4]);
    }

    // System.Uri itself unescapes %2E and drops dot segments before sending, so these go over a raw socket.
    [Theory]
    [InlineData("%2E%2E", "..")]
    [InlineData("%2E", ".")]
    [InlineData("%2e%2e%2F%2e%2e", "../..")]
    public async Task Encoded_dot_segments_are_names_not_navigation(string sent, string name)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.BaseUri.Host, server.BaseUri.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET /api-public/v1/team/{sent}/members HTTP/1.1\r\nHost: 127.0.0.1\r\nX-VO-Api-Id: {DemoCredentials.VictorOpsApiId}\r\n" +
            $"X-VO-Api-Key: {DemoCredentials.VictorOpsApiKey}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        using var reader = new System.IO.StreamReader(stream);
        var answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 404", answer, StringComparison.Ordinal);
        Assert.EndsWith("{\"message\":\"Team not found: " + name + "\"}", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Percent_escapes_are_decoded_exactly_once()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = VictorOpsHttp(server);
        using var response = await client.GetAsync("api-public/v1/team/team%252Fx");
        Assert.Equal("Team not found: team%2Fx", (await ReadJson(response))["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Usernames_with_at_sign_work_literally_but_not_as_percent40()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = VictorOpsHttp(server);

        var user = await GetJson(client, "api-public/v1/user/jane.doe@example.com");
        using var escaped = await client.GetAsync("api-public/v1/user/jane.doe%40example.com");

        Assert.Equal("jane.doe@example.com", user["username"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, escaped.StatusCode);
        Assert.Contains("@", server.Requests[0].RawTarget, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_shapes_match_the_real_api()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = VictorOpsHttp(server);

        var teams = await GetJson(client, "api-public/v1/team");
        var users = await GetJson(client, "api-public/v1/user");
        var v2Users = await GetJson(client, "api-public/v2/user");
        var members = await GetJson(client, $"api-public/v1/team/{Platform}/members");
        var policies = await GetJson(client, "api-public/v1/policies");
        var policy = await GetJson(client, $"api-public/v1/policies/{PrimaryPolicy}");
        var rotations = await GetJson(client, $"api-public/v1/teams/{Platform}/rotations");
        var v2Rotations = await GetJson(client, $"api-public/v2/team/{Platform}/rotations");
        var userTeams = await GetJson(client, "api-public/v1/user/jane.doe@example.com/teams");
        var admins = await GetJson(client, $"api-public/v1/team/{Platform}/admins");
        var teamPolicies = await GetJson(client, $"api-public/v1/team/{Platform}/policies");

        Assert.IsType<JsonArray>(teams);
        Assert.Matches("^team-[A-Za-z0-9]{16}$", teams[0]!["slug"]!.GetValue<string>());
        Assert.IsType<JsonArray>(users["users"]![0]);
        Assert.Equal(6, users["users"]![0]!.AsArray().Count);
        Assert.Equal(6, v2Users["users"]!.AsArray().Count);
        Assert.Equal(4, members["members"]!.AsArray().Count);
        Assert.Matches("^pol-[A-Za-z0-9]{16}$", policies["policies"]![0]!["policy"]!["slug"]!.GetValue<string>());
        Assert.Equal("rotation_group", policy["steps"]![0]!["entries"]![0]!["executionType"]!.GetValue<string>());
        Assert.Matches("^rtg-[A-Za-z0-9]{16}$", rotations["rotationGroups"]![0]!["slug"]!.GetValue<string>());
        Assert.Equal(3, v2Rotations["rotations"]![0]!["totalMembersInRotation"]!.GetValue<int>());
        Assert.Single(userTeams["teams"]!.AsArray());
        Assert.Single(admins["teamAdmins"]!.AsArray());
        Assert.Equal(2, teamPolicies["policies"]!.AsArray().Count);
    }

    [Fact]
    public async Task Schedule_windows_are_checked_and_rolls_follow_the_rotation()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = VictorOpsHttp(server);

        using var tooFar = await client.GetAsync($"api-public/v2/team/{Platform}/oncall/schedule?daysForward=31");
        using var skipTooFar = await client.GetAsync($"api-public/v2/team/{Platform}/oncall/schedule?daysSkip=91");
        var schedule = await GetJson(client, $"api-public/v2/team/{Platform}/oncall/schedule?daysForward=30");
        var v1 = await GetJson(client, $"api-public/v1/team/{Platform}/oncall/schedule?daysForward=7");
        var user = await GetJson(client, "api-public/v2/user/john.smith/oncall/schedule?daysForward=30");

        Assert.Equal(HttpStatusCode.BadRequest, tooFar.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, skipTooFar.StatusCode);
        var primary = schedule["schedules"]![0]!;
        Assert.Equal(PrimaryPolicy, primary["policy"]!["slug"]!.GetValue<string>());
        var rolls = primary["schedule"]![0]!["rolls"]!.AsArray();
        Assert.InRange(rolls.Count, 5, 6);
        var people = rolls.Select(r => r!["onCallUser"]!["username"]!.GetValue<string>()).ToList();
        Assert.All(people.Zip(people.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.Matches(@"[+-]\d\d:\d\d$", rolls[1]!["start"]!.GetValue<string>());
        Assert.NotNull(v1["schedule"]![0]!["rolls"]![0]!["change"]);
        Assert.All(user["teamSchedules"]![0]!["schedules"]![0]!["schedule"]![0]!["rolls"]!.AsArray(),
            r => Assert.Equal("john.smith", r!["onCallUser"]!["username"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Take_on_call_changes_who_is_on_call()
    {
        await using var server = await EmulatorServer.StartAsync();
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
        await using var server = await EmulatorServer.StartAsync();
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
        var over = schedule["schedules"]![0]!["overrides"]![0]!;
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
        await using var server = await EmulatorServer.StartAsync();
        using var client = VictorOpsHttp(server);
        var incidents = (await GetJson(client, "api-public/v1/incidents"))["incidents"]!.AsArray();
        var open = incidents.First(i => i!["currentPhase"]!.GetValue<string>() == "UNACKED")!["incidentNumber"]!.GetValue<string>();
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
        await using var server = await EmulatorServer.StartAsync();
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
    public async Task Reporting_pages_through_history_with_resolved_by_default()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = VictorOpsHttp(server);

        var first = await GetJson(client, "api-reporting/v2/incidents?limit=100");
        var total = first["total"]!.GetValue<int>();
        var seen = first["incidents"]!.AsArray().Count;
        for (var offset = 100; offset < total; offset += 100)
        {
            seen += (await GetJson(client, $"api-reporting/v2/incidents?limit=100&offset={offset}"))["incidents"]!.AsArray().Count;
        }

        using var tooBig = await client.GetAsync("api-reporting/v2/incidents?limit=101");
        var open = await GetJson(client, "api-reporting/v2/incidents?currentPhase=triggered,acknowledged");
        var filtered = await GetJson(client, "api-reporting/v2/incidents?service=search&limit=5");

        Assert.True(total > 200);
        Assert.Equal(total, seen);
        Assert.All(first["incidents"]!.AsArray(), i => Assert.Equal("resolved", i!["currentPhase"]!.GetValue<string>()));
        Assert.Null(first["incidents"]![0]!["monitorName"]);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Equal(5, open["total"]!.GetValue<int>());
        Assert.All(filtered["incidents"]!.AsArray(), i => Assert.Equal("search", i!["service"]!.GetValue<string>()));
        Assert.Equal(5, filtered["limit"]!.GetValue<int>());

        var after = DateTimeOffset.UtcNow.AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var recent = await GetJson(client, $"api-reporting/v2/incidents?startedAfter={after}");
        Assert.InRange(recent["total"]!.GetValue<int>(), 1, total - 1);
    }

    [Fact]
    public async Task On_call_log_sums_the_rotation_hours()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = VictorOpsHttp(server);

        var log = await GetJson(client, $"api-reporting/v1/team/{Platform}/oncall/log?start=2026-01-05T14:00:00Z&end=2026-01-26T14:00:00Z&userName=john.smith");
        using var unknown = await client.GetAsync("api-reporting/v1/team/team-nosuchteam000000/oncall/log");

        var john = Assert.Single(log["userLogs"]!.AsArray())!;
        Assert.Equal("john.smith", john["userId"]!.GetValue<string>());
        Assert.Equal(336, john["total"]!["hours"]!.GetValue<int>());
        Assert.Equal(2, john["log"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Teams_and_users_can_be_created_changed_and_removed()
    {
        await using var server = await EmulatorServer.StartAsync();
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

    [Fact]
    public async Task Step_one_shows_the_second_escalation_step_and_user_v1_is_an_array()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = VictorOpsHttp(server);

        var step1 = await GetJson(client, $"api-public/v2/team/{Platform}/oncall/schedule?step=1");
        using var step4 = await client.GetAsync($"api-public/v2/team/{Platform}/oncall/schedule?step=4");
        var v1User = await GetJson(client, "api-public/v1/user/carol.white/oncall/schedule");

        var entry = step1["schedules"]![0]!["schedule"]![0]!;
        Assert.Equal("user", entry["onCallType"]!.GetValue<string>());
        Assert.Equal("bob.martin", entry["onCallUser"]!["username"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, step4.StatusCode);
        Assert.Equal("Database SRE", Assert.Single(v1User.AsArray())!["team"]!.GetValue<string>());
    }
}
