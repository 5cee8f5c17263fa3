using System.Net;
using System.Text.Json.Nodes;
using OnCall.Emulator.ZStack;

namespace OnCall.Emulator.Tests.ZStack;

/// <summary>ZStack's on-call and alerting routes and shapes, on one emulator for the class; each test acts on what it creates or picks.</summary>
public sealed class ZStackEmulatorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorServer server = emulator.Reset();

    private const string Schedule = ZStackState.PlatformScheduleUuid;

    [Fact]
    public async Task Schedules_list_get_create_update_validate()
    {
        using var client = ZStackHttp(server);

        var list = await GetJson(client, "api/v1/oncall/schedules");
        Assert.Equal(2, list["total"]!.GetValue<int>());
        Assert.NotNull(list["limit"]);
        Assert.NotNull(list["offset"]);

        const string body = "{\"name\":\"Night\",\"description\":\"nights\",\"timezone\":\"Asia/Shanghai\",\"rotationType\":\"daily\",\"shiftDuration\":\"24h\"," +
            "\"members\":[{\"userId\":\"user-jane\",\"userName\":\"Jane Doe\",\"order\":1},{\"userId\":\"user-bob\",\"userName\":\"Bob Martin\",\"order\":2}],\"startDate\":\"2026-01-15T08:00:00Z\"}";
        using var created = await client.PostAsync("api/v1/oncall/schedules", Body(body));
        var schedule = await ReadJson(created);
        var uuid = schedule["uuid"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.StartsWith("sched-", uuid, StringComparison.Ordinal);
        Assert.Equal("2026-01-15T08:00:00Z", schedule["startDate"]!.GetValue<string>());

        using var updated = await client.PutAsync($"api/v1/oncall/schedules/{uuid}", Body(body.Replace("Night", "Nights", StringComparison.Ordinal).Replace("daily", "weekly", StringComparison.Ordinal)));
        var after = await ReadJson(updated);
        Assert.Equal("Nights", after["name"]!.GetValue<string>());
        Assert.Equal("daily", after["rotationType"]!.GetValue<string>());

        using var valid = await client.PostAsync("api/v1/oncall/schedules/validate", Body(body));
        Assert.False((await ReadJson(valid))["hasConflict"]!.GetValue<bool>());
        using var conflicting = await client.PostAsync("api/v1/oncall/schedules/validate", Body(body.Replace("user-bob", "user-jane", StringComparison.Ordinal)));
        var report = await ReadJson(conflicting);
        Assert.True(report["hasConflict"]!.GetValue<bool>());
        Assert.Equal("overlap", report["conflicts"]![0]!["type"]!.GetValue<string>());

        using var badDuration = await client.PostAsync("api/v1/oncall/schedules", Body(body.Replace("24h", "one day", StringComparison.Ordinal)));
        using var missing = await client.GetAsync("api/v1/oncall/schedules/sched-nope");
        Assert.Equal(HttpStatusCode.BadRequest, badDuration.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Override_shows_in_the_current_shift()
    {
        using var client = ZStackHttp(server);
        var before = await GetJson(client, $"api/v1/oncall/schedules/{Schedule}/current-shift");
        Assert.False(before["isOverride"]!.GetValue<bool>());
        var original = before["userId"]!.GetValue<string>();
        var substitute = original == "user-dave" ? "user-carol" : "user-dave";
        var start = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var end = DateTimeOffset.UtcNow.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        using var created = await client.PostAsync("api/v1/oncall/overrides", Body(
            $"{{\"scheduleUuid\":\"{Schedule}\",\"originalUser\":\"{original}\",\"substituteUser\":\"{substitute}\",\"startTime\":\"{start}\",\"endTime\":\"{end}\",\"reason\":\"Annual leave\"}}"));
        var current = await GetJson(client, $"api/v1/oncall/schedules/{Schedule}/current-shift");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.StartsWith("ovrd-", (await ReadJson(created))["uuid"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(current["isOverride"]!.GetValue<bool>());
        Assert.Equal(substitute, current["userId"]!.GetValue<string>());
        Assert.Equal(end, current["endTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_filter_acknowledge_and_resolve()
    {
        using var client = ZStackHttp(server);

        var firing = await GetJson(client, "api/v1/alerting/events?state=firing");
        var critical = await GetJson(client, "api/v1/alerting/events?severity=critical&limit=2");
        Assert.All(firing["items"]!.AsArray(), e => Assert.Equal("firing", e!["state"]!.GetValue<string>()));
        Assert.Equal(2, critical["items"]!.AsArray().Count);
        Assert.True(critical["total"]!.GetValue<int>() > 2);
        var id = firing["items"]![0]!["uuid"]!.GetValue<string>();

        using var ack = await client.PostAsync($"api/v1/alerting/events/{id}/acknowledge", Body("{\"acknowledgedBy\":\"admin\",\"comment\":\"Investigating\"}"));
        Assert.Equal("acknowledged", (await ReadJson(ack))["state"]!.GetValue<string>());
        var detail = await GetJson(client, $"api/v1/alerting/events/{id}");
        Assert.Equal("acknowledged", detail["alert"]!["state"]!.GetValue<string>());
        Assert.Contains(detail["timeline"]!.AsArray(), t => t!["action"]!.GetValue<string>() == "acknowledged");

        using var resolve = await client.PostAsync($"api/v1/alerting/events/{id}/resolve", Body("{\"resolvedBy\":\"admin\"}"));
        Assert.Equal("resolved", (await ReadJson(resolve))["state"]!.GetValue<string>());
        using var unknown = await client.PostAsync("api/v1/alerting/events/event-999/acknowledge", Body("{\"acknowledgedBy\":\"admin\"}"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
