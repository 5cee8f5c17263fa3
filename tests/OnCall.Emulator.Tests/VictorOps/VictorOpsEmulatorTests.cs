using System.Net;
using System.Text.Json.Nodes;

namespace OnCall.Emulator.Tests.VictorOps;

/// <summary>
/// VictorOps' reading routes and shapes against the seeded organisation, on one emulator for the class. Nothing here
/// changes state, so the seeded figures hold for every test; the writes are in <see cref="VictorOpsEmulatorWriteTests"/>.
/// </summary>
public sealed class VictorOpsEmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string Platform = "team-platformops00001";
    private const string PrimaryPolicy = "pol-platformops00001";

    private readonly EmulatorServer server = emulator.Reset();

    [Fact]
    public async Task Current_on_call_uses_the_live_casing()
    {
        using var client = VictorOpsHttp(server);
        var json = (await GetJson(client, "api-public/v1/oncall/current")).ToJsonString();
        Assert.Contains("\"oncallNow\"", json, StringComparison.Ordinal);
        Assert.Contains("\"onCalluser\"", json, StringComparison.Ordinal);
        Assert.Contains(Platform, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encoded_slashes_in_a_team_name_reach_the_team_route_and_404()
    {
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
        using var client = VictorOpsHttp(server);
        using var response = await client.GetAsync("api-public/v1/team/team%252Fx");
        Assert.Equal("Team not found: team%2Fx", (await ReadJson(response))["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Usernames_with_at_sign_work_literally_but_not_as_percent40()
    {
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
    public async Task Reporting_pages_through_history_with_resolved_by_default()
    {
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
    public async Task Step_one_shows_the_second_escalation_step_and_user_v1_is_an_array()
    {
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
