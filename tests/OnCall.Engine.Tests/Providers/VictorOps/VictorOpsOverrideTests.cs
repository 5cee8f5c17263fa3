using OnCall.Emulator;
using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Providers;

using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers.VictorOps;

public sealed class VictorOpsOverrideTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string ExampleSlug = "team-Z3scfG2gh0qF3QsL";

    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement;

    [Fact]
    public async Task Taking_on_call_for_a_team_uses_its_only_policy_and_whoever_is_on_call()
    {
        var server = fixture.Fresh()
            .On("GET", "/api-public/v1/team", VictorOpsSamples.TeamList)
            .On("GET", "/api-public/v1/team/*/policies", "{\"policies\":[{\"name\":\"Example primary\",\"slug\":\"pol-example000000000\"}]}")
            .On("GET", "/api-public/v1/oncall/current", """{"teamsOnCall":[{"team":{"name":"Example","slug":"team-Z3scfG2gh0qF3QsL"},"onCallNow":[{"escalationPolicy":{"name":"Example primary","slug":"pol-example000000000"},"users":[{"onCallUser":{"username":"roman.kyrnis"}}]}]}]}""")
            .On("PATCH", "/api-public/v1/policies/*/oncall/user", "{\"result\":\"ok\"}");
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.SetOverrideAsync(new OverrideRequest { Team = "Example", User = "jane@example.com" }, sink, CancellationToken.None);

        var patch = Assert.Single(server.Calls("PATCH", "/api-public/v1/policies/"));
        Assert.Equal("/api-public/v1/policies/pol-example000000000/oncall/user", patch.Path);
        var body = Json(patch.Body);
        Assert.Equal("roman.kyrnis", body.GetProperty("fromUser").GetString());
        Assert.Equal("jane@example.com", body.GetProperty("toUser").GetString());
        var result = Assert.Single(sink.Of<Override>());
        Assert.Equal("jane@example.com", result.User);
        Assert.Equal("roman.kyrnis", result.OriginalUser);
        Assert.Equal("Example primary", result.Policy);
    }

    [Fact]
    public async Task A_team_with_several_policies_asks_for_one_and_changes_nothing()
    {
        var server = fixture.Fresh()
            .On("GET", "/api-public/v1/team", VictorOpsSamples.TeamList)
            .On("GET", "/api-public/v1/team/*/policies", "{\"policies\":[{\"name\":\"Day\",\"slug\":\"pol-day0000000000000\"},{\"name\":\"Night\",\"slug\":\"pol-night00000000000\"}]}");
        var client = VictorOpsTestClient.Create(server);

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SetOverrideAsync(new OverrideRequest { Team = "Example", User = "bob", OriginalUser = "ann" }, new RecordingSink(), CancellationToken.None));

        Assert.Equal("PolicyRequired", error.Reason);
        Assert.Contains("pol-day0000000000000", error.Message);
        Assert.Contains("'Night'", error.Message);
        Assert.Empty(server.Calls("PATCH", "/"));
    }

    [Theory]
    [InlineData("override")]
    [InlineData("schedule")]
    public async Task A_scheduled_override_is_created_then_assigned_whichever_key_the_answer_uses(string key)
    {
        var server = fixture.Fresh()
            .On("POST", "/api-public/v1/overrides", "{\"_selfUrl\":\"/api-public/v1/overrides/ovr-1\",\"" + key + "\":{\"publicId\":\"ovr-1\",\"user\":{\"username\":\"alice\"},\"timezone\":\"America/Denver\",\"start\":\"2026-03-12T05:00:00Z\",\"end\":\"2026-03-13T05:00:00Z\",\"assignments\":[{\"team\":\"team-Z3scfG2gh0qF3QsL\",\"policy\":\"pol-a\",\"assigned\":false},{\"team\":\"team-JsxJ4dtL2oX4SkEx\",\"policy\":\"pol-b\",\"assigned\":false}]}}")
            .On("PUT", "/api-public/v1/overrides/*/assignments/*", request => new CannedAnswer(200, "{\"policy\":\"" + request.Path.Split('/').Last() + "\",\"assigned\":true,\"user\":\"bob\"}"));
        var client = VictorOpsTestClient.Create(server); // connection user alice is the absent one
        var sink = new RecordingSink();
        var start = new DateTimeOffset(2026, 3, 12, 5, 0, 0, TimeSpan.Zero);

        await client.SetOverrideAsync(new OverrideRequest { User = "bob", Start = start, End = start.AddDays(1), TimeZone = "America/Denver" }, sink, CancellationToken.None);

        var post = Json(Assert.Single(server.Calls("POST", "/api-public/v1/overrides")).Body);
        Assert.Equal("alice", post.GetProperty("username").GetString());
        Assert.Equal("America/Denver", post.GetProperty("timezone").GetString());
        Assert.Equal("2026-03-12T05:00:00Z", post.GetProperty("start").GetString());
        Assert.Equal("2026-03-13T05:00:00Z", post.GetProperty("end").GetString());
        var puts = server.Calls("PUT", "/api-public/v1/overrides/");
        Assert.Equal(new[] { "/api-public/v1/overrides/ovr-1/assignments/pol-a", "/api-public/v1/overrides/ovr-1/assignments/pol-b" }, puts.Select(p => p.Path).OrderBy(p => p).ToArray());
        Assert.All(puts, p => Assert.Equal("bob", Json(p.Body).GetProperty("username").GetString()));

        var created = Assert.Single(sink.Of<Override>());
        Assert.Equal("ovr-1", created.Id);
        Assert.Equal("alice", created.OriginalUser);
        Assert.Equal("bob", created.User);
        Assert.All(created.Assignments, a => Assert.True(a.Assigned));
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task A_failed_assignment_says_the_override_was_created()
    {
        var server = fixture.Fresh()
            .On("POST", "/api-public/v1/overrides", "{\"override\":{\"publicId\":\"ovr-9\",\"user\":{\"username\":\"alice\"},\"start\":\"2026-03-12T05:00:00Z\",\"end\":\"2026-03-13T05:00:00Z\"}}")
            .On("PUT", "/api-public/v1/overrides/*/assignments/*", "{\"message\":\"User not found\"}", 404);
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();
        var start = new DateTimeOffset(2026, 3, 12, 5, 0, 0, TimeSpan.Zero);

        await client.SetOverrideAsync(new OverrideRequest { User = "nobody", Policy = "pol-a", Start = start, End = start.AddDays(1) }, sink, CancellationToken.None);

        var error = Assert.Single(sink.Errors);
        Assert.Equal("AssignmentFailed", error.Reason);
        Assert.Contains("ovr-9 was created", error.Message);
        Assert.Equal("ovr-9", Assert.Single(sink.Of<Override>()).Id);
    }

    [Fact]
    public async Task Overrides_are_listed_filtered_and_read_one_by_one_with_their_bare_array_of_assignments()
    {
        var server = fixture.Fresh()
            .On("GET", "/api-public/v1/overrides", """{"_selfUrl":"x","overrides":[{"publicId":"o1","user":{"username":"alice"},"start":1773291600000,"end":1773378000000,"assignments":[{"policy":"pol-a","assigned":true,"user":"bob"}]},{"publicId":"o2","user":{"username":"carol"},"start":"2026-04-01T00:00:00Z","end":"2026-04-02T00:00:00Z","assignments":[]}]}""")
            .On("GET", "/api-public/v1/overrides/o1", """{"override":{"publicId":"o1","user":{"username":"alice"},"start":"2026-03-12T05:00:00Z","end":"2026-03-13T05:00:00Z"}}""")
            .On("GET", "/api-public/v1/overrides/o1/assignments", """[{"_selfUrl":"x","team":"team-a","policy":"pol-a","assigned":true,"user":"bob"}]""");
        var client = VictorOpsTestClient.Create(server);

        var byUser = new RecordingSink();
        await client.GetOverridesAsync(new OverrideQuery { User = "BOB" }, byUser, CancellationToken.None);
        var listed = Assert.Single(byUser.Of<Override>());
        Assert.Equal("o1", listed.Id);
        Assert.Equal(new DateTimeOffset(2026, 3, 12, 5, 0, 0, TimeSpan.Zero), listed.Start); // epoch ms

        var byId = new RecordingSink();
        await client.GetOverridesAsync(new OverrideQuery { Id = "o1" }, byId, CancellationToken.None);
        var one = Assert.Single(byId.Of<Override>());
        var assignment = Assert.Single(one.Assignments);
        Assert.Equal("pol-a", assignment.Policy);
        Assert.Equal("bob", one.User);
    }

    [Fact]
    public async Task Removing_deletes_the_override_or_only_one_assignment_and_names_a_missing_one()
    {
        var server = fixture.Fresh()
            .On("DELETE", "/api-public/v1/overrides/*", "")
            .On("DELETE", "/api-public/v1/overrides/*/assignments/*", "")
            .On("DELETE", "/api-public/v1/overrides/gone", "{\"message\":\"not found\"}", 404);
        var client = VictorOpsTestClient.Create(server);

        await client.RemoveOverrideAsync(new OverrideRemoval { Id = "o1" }, new RecordingSink(), CancellationToken.None);
        await client.RemoveOverrideAsync(new OverrideRemoval { Id = "o1", Policy = "pol-a" }, new RecordingSink(), CancellationToken.None);
        var error = await Assert.ThrowsAsync<OnCallException>(() => client.RemoveOverrideAsync(new OverrideRemoval { Id = "gone" }, new RecordingSink(), CancellationToken.None));

        Assert.Equal(new[] { "/api-public/v1/overrides/o1", "/api-public/v1/overrides/o1/assignments/pol-a", "/api-public/v1/overrides/gone" }, server.Requests.Select(r => r.Path).ToArray());
        Assert.Equal("OverrideNotFound", error.Reason);
        Assert.Contains("'gone'", error.Message);
    }
}
