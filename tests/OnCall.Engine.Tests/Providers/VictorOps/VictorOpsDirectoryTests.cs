using OnCall.Emulator;
using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Providers;

using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers.VictorOps;

public sealed class VictorOpsDirectoryTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Teams_read_the_bare_array_and_the_list_is_cached_for_a_minute()
    {
        var clock = new ManualClock(VictorOpsTestClient.Now);
        var server = fixture.Fresh().On("GET", "/api-public/v1/team", VictorOpsSamples.TeamList);
        var client = VictorOpsTestClient.Create(server, clock: clock);
        var sink = new RecordingSink();

        await client.GetTeamsAsync(Array.Empty<string>(), sink, CancellationToken.None);
        await client.GetTeamsAsync(new[] { "fa*" }, sink, CancellationToken.None);

        var teams = sink.Of<Team>();
        Assert.Equal(new[] { "Example", "Faros", "Faros" }, teams.Select(t => t.Name).ToArray());
        Assert.Equal("team-Z3scfG2gh0qF3QsL", teams[0].Id);
        Assert.Equal(1, teams[0].MemberCount);
        Assert.Equal("Example team.", teams[0].Raw!["description"]);
        Assert.Single(server.Requests);

        clock.Now = clock.Now.AddSeconds(61);
        await client.GetTeamsAsync(new[] { "Example" }, sink, CancellationToken.None);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Members_of_a_team_by_name_and_every_user_from_the_v1_array_of_arrays()
    {
        var server = fixture.Fresh()
            .On("GET", "/api-public/v1/team", VictorOpsSamples.TeamList)
            .On("GET", "/api-public/v1/team/team-JsxJ4dtL2oX4SkEx/members", "{\"_selfUrl\":\"x\",\"members\":[{\"username\":\"roman.kyrnis\",\"firstName\":\"Roman\",\"lastName\":\"Kyrnis\",\"verified\":true}]}")
            .On("GET", "/api-public/v1/user", "{\"_selfUrl\":\"x\",\"users\":[" + VictorOpsSamples.UserList + ",[{\"username\":\"jane@example.com\",\"email\":\"jane@example.com\"}]]}");
        var client = VictorOpsTestClient.Create(server);

        var members = new RecordingSink();
        await client.GetTeamMembersAsync(new[] { "faros" }, members, CancellationToken.None);
        var member = Assert.Single(members.Of<TeamMember>());
        Assert.Equal("Faros", member.Team);
        Assert.Equal("Roman", member.FirstName);

        var everyone = new RecordingSink();
        await client.GetTeamMembersAsync(Array.Empty<string>(), everyone, CancellationToken.None);
        Assert.Equal(new[] { "roman.kyrnis", "jane@example.com" }, everyone.Of<TeamMember>().Select(m => m.User).ToArray());
        Assert.Equal("roman.ky@mydevcube.com", everyone.Of<TeamMember>()[0].Email);
    }

    [Fact]
    public async Task Policies_of_a_team_or_all_of_them_with_steps_when_asked()
    {
        var server = fixture.Fresh()
            .On("GET", "/api-public/v1/team", VictorOpsSamples.TeamList)
            .On("GET", "/api-public/v1/team/*/policies", "{\"policies\":[{\"name\":\"Example\",\"slug\":\"pol-example000000000\"}]}")
            .On("GET", "/api-public/v1/policies", "{\"policies\":[{\"policy\":{\"name\":\"Example\",\"slug\":\"pol-example000000000\"},\"team\":{\"name\":\"Example\",\"slug\":\"team-Z3scfG2gh0qF3QsL\"}},{\"policy\":{\"name\":\"Faros\",\"slug\":\"pol-faros00000000000\"},\"team\":{\"name\":\"Faros\",\"slug\":\"team-JsxJ4dtL2oX4SkEx\"}}]}")
            .On("GET", "/api-public/v1/policies/pol-faros00000000000", """{"name":"Faros","slug":"pol-faros00000000000","steps":[{"timeout":0,"entries":[{"executionType":"rotation_group","rotationGroup":{"slug":"rtg-1","label":"Primary"}}]},{"timeout":15,"entries":[{"executionType":"user","user":{"username":"roman.kyrnis"}},{"executionType":"email","email":{"address":"ops@example.com"}}]}]}""");
        var client = VictorOpsTestClient.Create(server);

        var ofTeam = new RecordingSink();
        await client.GetEscalationPoliciesAsync(new EscalationPolicyQuery { Teams = new[] { "Example" } }, ofTeam, CancellationToken.None);
        var policy = Assert.Single(ofTeam.Of<EscalationPolicy>());
        Assert.Equal("pol-example000000000", policy.Id);
        Assert.Equal("Example", policy.Team);

        var withSteps = new RecordingSink();
        await client.GetEscalationPoliciesAsync(new EscalationPolicyQuery { Policies = new[] { "far*" }, IncludeSteps = true }, withSteps, CancellationToken.None);
        var faros = Assert.Single(withSteps.Of<EscalationPolicy>());
        Assert.Equal("Faros", faros.Team);
        Assert.Equal(2, faros.Steps.Count);
        Assert.Equal(new[] { "rotation:Primary" }, faros.Steps[0].Targets.ToArray());
        Assert.Equal(15, faros.Steps[1].TimeoutMinutes);
        Assert.Equal(new[] { "user:roman.kyrnis", "email:ops@example.com" }, faros.Steps[1].Targets.ToArray());
    }

    [Fact]
    public async Task Rotations_use_the_plural_v1_teams_path_for_slugs_and_v2_for_shifts()
    {
        var server = fixture.Fresh()
            .On("GET", "/api-public/v1/team", VictorOpsSamples.TeamList)
            .On("GET", "/api-public/v1/teams/*/rotations", "{\"rotationGroups\":[{\"teamSlug\":\"team-Z3scfG2gh0qF3QsL\",\"slug\":\"rtg-primary000000000\",\"label\":\"Primary\",\"groupId\":42}]}")
            .On("GET", "/api-public/v2/team/*/rotations", """{"rotations":[{"groupId":42,"label":"Primary","totalMembersInRotation":2,"shifts":[{"shiftId":7,"label":"Weekly","duration":7,"shifttype":"std","start":1772956800000,"timezone":"Europe/Berlin","shiftMembers":[{"username":"ann","slug":"m1"},{"username":"bob","slug":"m2"}]}]}]}""");
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.GetRotationsAsync(new[] { "Example" }, Array.Empty<string>(), sink, CancellationToken.None);

        Assert.Single(server.Calls("GET", "/api-public/v1/teams/team-Z3scfG2gh0qF3QsL/rotations"));
        Assert.Single(server.Calls("GET", "/api-public/v2/team/team-Z3scfG2gh0qF3QsL/rotations"));
        var rotation = Assert.Single(sink.Of<Rotation>());
        Assert.Equal("7", rotation.Id);
        Assert.Equal("Weekly", rotation.Name);
        Assert.Equal("Primary", rotation.Schedule);
        Assert.Equal("rtg-primary000000000", rotation.ScheduleId);
        Assert.Equal(TimeSpan.FromDays(7), rotation.ShiftLength);
        Assert.Equal("Europe/Berlin", rotation.TimeZone);
        Assert.Equal(new[] { "ann", "bob" }, rotation.Members.ToArray());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1772956800000), rotation.Start);
    }
}
