using OnCall.Emulator;
using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Providers;

using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers.VictorOps;

public sealed class VictorOpsOnCallTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    // The spec's casing (onCallNow / onCallUser).
    internal const string SpecCasing = """
        {"teamsOnCall":[
          {"team":{"name":"Operations","slug":"team-ops0000000000000"},
           "onCallNow":[
             {"escalationPolicy":{"name":"Ops Primary","slug":"pol-opsprimary000000"},
              "users":[{"onCallUser":{"username":"alice"}},{"onCallUser":{"username":"bob"}}]},
             {"escalationPolicy":{"name":"Ops Secondary","slug":"pol-opssecondary0000"},
              "users":[{"onCallUser":{"username":"carol"}}]}]},
          {"team":{"name":"Database","slug":"team-db00000000000000"},
           "onCallNow":[
             {"escalationPolicy":{"name":"DB","slug":"pol-db00000000000000"},
              "users":[{"onCallUser":{"username":"alice"}}]}]}]}
        """;

    // The live API's casing seen by Backstage and others (oncallNow / onCalluser).
    internal const string LiveCasing = """
        {"teamsOnCall":[
          {"team":{"name":"Operations","slug":"team-ops0000000000000"},
           "oncallNow":[
             {"escalationPolicy":{"name":"Ops Primary","slug":"pol-opsprimary000000"},
              "users":[{"onCalluser":{"username":"alice"}},{"onCalluser":{"username":"bob"}}]},
             {"escalationPolicy":{"name":"Ops Secondary","slug":"pol-opssecondary0000"},
              "users":[{"onCalluser":{"username":"carol"}}]}]},
          {"team":{"name":"Database","slug":"team-db00000000000000"},
           "oncallNow":[
             {"escalationPolicy":{"name":"DB","slug":"pol-db00000000000000"},
              "users":[{"onCalluser":{"username":"alice"}}]}]}]}
        """;

    [Theory]
    [InlineData(SpecCasing)]
    [InlineData(LiveCasing)]
    public async Task OnCall_current_reads_both_casings_into_one_user_per_team_policy_and_person(string json)
    {
        var server = fixture.Fresh().On("GET", "/api-public/v1/oncall/current", json);
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.GetOnCallUsersAsync(new OnCallUserQuery(), sink, CancellationToken.None);

        var users = sink.Of<OnCallUser>();
        Assert.Equal(new[] { "Operations/Ops Primary/alice", "Operations/Ops Primary/bob", "Operations/Ops Secondary/carol", "Database/DB/alice" }, users.Select(u => $"{u.Team}/{u.Policy}/{u.User}").ToArray());
        var first = users[0];
        Assert.Equal(OnCallProvider.VictorOps, first.Provider);
        Assert.Equal("vo-test", first.Connection);
        Assert.Equal("team-ops0000000000000", first.TeamId);
        Assert.Equal("pol-opsprimary000000", first.PolicyId);
        Assert.NotNull(first.Raw);
        Assert.True(first.Raw!.ContainsKey("team"));
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task OnCall_filters_teams_and_policies_by_name_or_slug_with_wildcards_and_users()
    {
        var server = fixture.Fresh().On("GET", "/api-public/v1/oncall/current", SpecCasing);
        var client = VictorOpsTestClient.Create(server);

        var byName = new RecordingSink();
        await client.GetOnCallUsersAsync(new OnCallUserQuery { Teams = new[] { "oper*" } }, byName, CancellationToken.None);
        Assert.Equal(3, byName.Of<OnCallUser>().Count);

        var bySlugAndPolicy = new RecordingSink();
        await client.GetOnCallUsersAsync(new OnCallUserQuery { Teams = new[] { "team-ops*" }, Policies = new[] { "*secondary" } }, bySlugAndPolicy, CancellationToken.None);
        Assert.Equal("carol", Assert.Single(bySlugAndPolicy.Of<OnCallUser>()).User);

        var whichTeams = new RecordingSink();
        await client.GetOnCallUsersAsync(new OnCallUserQuery { Users = new[] { "ALICE" } }, whichTeams, CancellationToken.None);
        Assert.Equal(new[] { "Operations", "Database" }, whichTeams.Of<OnCallUser>().Select(u => u.Team).ToArray());
    }

    [Fact]
    public async Task OnCall_for_an_unknown_team_names_it_and_suggests_close_matches()
    {
        var server = fixture.Fresh()
            .On("GET", "/api-public/v1/oncall/current", SpecCasing)
            .On("GET", "/api-public/v1/team", VictorOpsSamples.TeamList);
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.GetOnCallUsersAsync(new OnCallUserQuery { Teams = new[] { "Farso" } }, sink, CancellationToken.None);

        Assert.Empty(sink.Objects);
        var error = Assert.Single(sink.Errors);
        Assert.Equal(OnCallErrorKind.NotFound, error.Kind);
        Assert.Equal("TeamNotFound", error.Reason);
        Assert.Contains("'Farso'", error.Message);
        Assert.Contains("'Faros'", error.Message);
        Assert.Equal("OnCall.VictorOps.TeamNotFound", error.ErrorId);
    }

    [Fact]
    public async Task OnCall_at_another_time_reads_the_team_schedule_around_it()
    {
        var today = new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
        var server = fixture.Fresh()
            .On("GET", "/api-public/v1/team", VictorOpsSamples.TeamList)
            .On("GET", "/api-public/v2/team/*/oncall/schedule", _ => new CannedAnswer(200, ScheduleJson.Team("Example", "team-Z3scfG2gh0qF3QsL", "Example", "team-Z3scfG2gh0qF3QsL",
                new[] { ("ann", today.AddDays(2), today.AddDays(3)), ("bob", today.AddDays(3), today.AddDays(4)) })));
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.GetOnCallUsersAsync(new OnCallUserQuery { Teams = new[] { "Example" }, At = today.AddDays(3).AddHours(5) }, sink, CancellationToken.None);

        var user = Assert.Single(sink.Of<OnCallUser>());
        Assert.Equal("bob", user.User);
        Assert.Equal(today.AddDays(3), user.Start);
        Assert.Empty(server.Calls("GET", "/api-public/v1/oncall/current"));
    }
}
