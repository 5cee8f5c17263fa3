using OnCall.Emulator;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Providers;

using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers.VictorOps;

public sealed class VictorOpsPolicyResolutionTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string Policies = """
        {"policies":[
          {"policy":{"name":"Primary","slug":"pol-ops-primary00000"},"team":{"name":"Operations","slug":"team-ops0000000000000"}},
          {"policy":{"name":"Primary","slug":"pol-db-primary000000"},"team":{"name":"Database","slug":"team-db00000000000000"}},
          {"policy":{"name":"Weekend","slug":"pol-weekend000000000"},"team":{"name":"Operations","slug":"team-ops0000000000000"}}]}
        """;

    [Fact]
    public async Task A_policy_name_resolves_through_the_policy_list_and_a_slug_needs_no_lookup()
    {
        var server = fixture.Fresh()
            .On("GET", "/api-public/v1/policies", Policies)
            .On("PATCH", "/api-public/v1/policies/*/oncall/user", "{\"result\":\"ok\"}");
        var client = VictorOpsTestClient.Create(server);

        await client.SetOverrideAsync(new OverrideRequest { Policy = "weekend", User = "bob", OriginalUser = "ann" }, new RecordingSink(), CancellationToken.None);
        await client.SetOverrideAsync(new OverrideRequest { Policy = "pol-db-primary000000", User = "bob", OriginalUser = "ann" }, new RecordingSink(), CancellationToken.None);

        Assert.Equal(
            new[] { "GET /api-public/v1/policies", "PATCH /api-public/v1/policies/pol-weekend000000000/oncall/user", "PATCH /api-public/v1/policies/pol-db-primary000000/oncall/user" },
            server.Requests.Select(r => r.Method + " " + r.Path).ToArray());
    }

    [Fact]
    public async Task A_policy_name_two_teams_share_is_ambiguous_and_an_unknown_one_is_suggested()
    {
        var server = fixture.Fresh().On("GET", "/api-public/v1/policies", Policies);
        var client = VictorOpsTestClient.Create(server);

        var ambiguous = await Assert.ThrowsAsync<OnCallException>(() => client.SetOverrideAsync(new OverrideRequest { Policy = "Primary", User = "bob", OriginalUser = "ann" }, new RecordingSink(), CancellationToken.None));
        var unknown = await Assert.ThrowsAsync<OnCallException>(() => client.SetOverrideAsync(new OverrideRequest { Policy = "Weekned", User = "bob", OriginalUser = "ann" }, new RecordingSink(), CancellationToken.None));

        Assert.Equal("AmbiguousPolicy", ambiguous.Reason);
        Assert.Contains("pol-ops-primary00000 (team Operations)", ambiguous.Message);
        Assert.Equal("PolicyNotFound", unknown.Reason);
        Assert.Contains("'Weekend'", unknown.Message);
        Assert.Empty(server.Calls("PATCH", "/"));
    }
}
