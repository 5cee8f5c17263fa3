using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using OnCall.Emulator.Datadog;
using OnCall.Emulator.ZStack;

namespace OnCall.Emulator.Tests;

/// <summary>
/// The emulator's rotation writes (issue 9) for all three vendors, on one emulator for the class: a rotation created or
/// changed is read back, listed, and rendered by the vendor's own "who is on call" answer; the shapes follow research-9
/// where it has a source. Each test changes only what it creates or a seeded rotation no other test here reads.
/// </summary>
public sealed class RotationWriteEmulatorTests : IClassFixture<ClockedEmulatorFixture>
{
    // Thursday 2026-03-05 15:00 UTC: inside every seeded rotation, and three days before the US DST change.
    private static readonly DateTimeOffset Now = new(2026, 3, 5, 15, 0, 0, TimeSpan.Zero);
    private static readonly string Jane = DatadogState.UserId(DemoPeople.Jane);
    private static readonly string John = DatadogState.UserId(DemoPeople.John);

    private readonly ClockedEmulatorFixture emulator;
    private readonly EmulatorServer server;

    public RotationWriteEmulatorTests(ClockedEmulatorFixture emulator)
    {
        this.emulator = emulator;
        server = emulator.Reset();
        emulator.Clock.Set(Now);
    }

    [Fact]
    public async Task Datadog_keeps_empty_slots_names_members_by_layer_and_leaves_out_what_is_absent()
    {
        using var client = DatadogHttp(server);
        var body = "{\"data\":{\"attributes\":{\"layers\":[{\"effective_date\":\"2026-03-02T14:00:00Z\",\"interval\":{\"days\":1},"
            + $"\"members\":[{{\"user\":{{\"id\":\"{Jane}\"}}}},{{}},{{\"user\":{{\"id\":\"{John}\"}}}}],\"name\":\"Daily\",\"restrictions\":[],\"rotation_start\":\"2026-03-02T14:00:00Z\"}}],"
            + "\"name\":\"Slots\",\"time_zone\":\"America/New_York\"},\"type\":\"schedules\"}}";

        using var created = await client.PostAsync("api/v2/on-call/schedules?include=layers,layers.members.user", Body(body));
        var document = await ReadJson(created);
        var id = document["data"]!["id"]!.GetValue<string>();
        var layer = document["included"]!.AsArray().Single(i => i!["type"]!.GetValue<string>() == "layers")!;
        var layerId = layer["id"]!.GetValue<string>();
        var memberIds = layer["relationships"]!["members"]!["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal([layerId + "-member-1", layerId + "-member-2", layerId + "-member-3"], memberIds);
        Assert.DoesNotContain(document["included"]!.AsArray(), i => i!["id"]!.GetValue<string>() == layerId + "-member-2");
        Assert.Equal("2026-03-02T14:00:00Z", layer["attributes"]!["applied_rotation_start"]!.GetValue<string>());
        Assert.False(layer["attributes"]!.AsObject().ContainsKey("end_date"));
        Assert.False(document["data"]!["attributes"]!.AsObject().ContainsKey("tags"));

        // Thursday is the fourth day: slot 1 again (jane); Wednesday's turn was the empty slot.
        var onCall = await GetJson(client, $"api/v2/on-call/schedules/{id}/on-call");
        Assert.Equal(Jane, onCall["data"]!["relationships"]!["user"]!["data"]!["id"]!.GetValue<string>());

        using var gone = await client.GetAsync($"api/v2/on-call/schedules/{Guid.NewGuid()}");
        var error = await ReadJson(gone);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("Generic Error", error["errors"]![0]!["title"]!.GetValue<string>());
        Assert.Matches("^schedule\\[.+\\] not found$", error["errors"]![0]!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Datadog_PUT_matches_layers_by_id_creates_the_ones_without_and_drops_the_ones_left_out()
    {
        using var client = DatadogHttp(server);
        var schedule = DatadogState.PlatformScheduleId;
        const string kept = "2b8f6a30-0000-4000-8000-00000000d001";
        var body = "{\"data\":{\"attributes\":{\"layers\":["
            + $"{{\"effective_date\":\"2026-01-05T14:00:00Z\",\"interval\":{{\"days\":2}},\"members\":[{{\"user\":{{\"id\":\"{John}\"}}}}],\"name\":\"New\",\"rotation_start\":\"2026-01-05T14:00:00Z\",\"time_zone\":\"Asia/Tokyo\"}},"
            + $"{{\"effective_date\":\"2026-01-05T14:00:00Z\",\"id\":\"{kept}\",\"interval\":{{\"days\":1}},\"members\":[{{\"user\":{{\"id\":\"{Jane}\"}}}}],\"name\":\"Renamed\",\"rotation_start\":\"2026-01-05T14:00:00Z\"}}"
            + $"],\"name\":\"Platform Primary\",\"time_zone\":\"America/New_York\"}},\"id\":\"{schedule}\",\"relationships\":{{\"teams\":{{\"data\":[{{\"id\":\"{DatadogState.PlatformTeamId}\",\"type\":\"teams\"}}]}}}},\"type\":\"schedules\"}}}}";

        using var put = await Send(client, "PUT", $"api/v2/on-call/schedules/{schedule}", body);
        var read = await GetJson(client, $"api/v2/on-call/schedules/{schedule}?include=layers,layers.members.user");
        var layers = read["data"]!["relationships"]!["layers"]!["data"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()).ToList();
        var renamed = read["included"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == kept)!;

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(2, layers.Count);
        Assert.Equal(kept, layers[1]);
        Assert.NotEqual(kept, layers[0]);
        Assert.Equal("Renamed", renamed["attributes"]!["name"]!.GetValue<string>());

        // The schedule's own "who is on call" follows the change: the upper layer (jane, daily) is on call now.
        var onCall = await GetJson(client, $"api/v2/on-call/schedules/{schedule}/on-call");
        Assert.Equal(Jane, onCall["data"]!["relationships"]!["user"]!["data"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ZStack_update_needs_all_five_fields_keeps_type_and_start_and_its_current_shift_follows()
    {
        using var client = ZStackHttp(server);
        var uuid = ZStackState.DatabaseScheduleUuid;
        const string members = "[{\"userId\":\"user-dave\",\"userName\":\"Dave Kim\",\"order\":1},{\"userId\":\"user-bob\",\"userName\":\"Bob Martin\",\"order\":2}]";

        using var partial = await Send(client, "PUT", $"api/v1/oncall/schedules/{uuid}", "{\"name\":\"Database On-Call\",\"timezone\":\"Europe/Berlin\",\"shiftDuration\":\"24h\"}");
        using var full = await Send(client, "PUT", $"api/v1/oncall/schedules/{uuid}", "{\"name\":\"Database On-Call\",\"description\":\"\",\"timezone\":\"Europe/Berlin\",\"shiftDuration\":\"24h\",\"members\":" + members + ",\"rotationType\":\"weekly\",\"startDate\":\"2030-01-01T00:00:00Z\"}");
        var after = await ReadJson(full);
        var current = await GetJson(client, $"api/v1/oncall/schedules/{uuid}/current-shift");

        Assert.Equal(HttpStatusCode.BadRequest, partial.StatusCode);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("daily", after["rotationType"]!.GetValue<string>());
        Assert.Equal("2026-01-01T07:00:00Z", after["startDate"]!.GetValue<string>());

        // From 1 January 08:00 Berlin, 63 days in: an odd turn, the second member.
        Assert.Equal("user-bob", current["userId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_ZStack_daily_rotation_hands_off_at_the_same_local_time_across_a_DST_change()
    {
        var sunday = new DateTimeOffset(2026, 3, 8, 14, 30, 0, TimeSpan.Zero);
        emulator.Clock.Set(sunday);
        using var client = ZStackHttp(server);
        const string body = "{\"name\":\"NY daily\",\"description\":\"\",\"timezone\":\"America/New_York\",\"rotationType\":\"daily\",\"shiftDuration\":\"24h\","
            + "\"members\":[{\"userId\":\"user-jane\",\"userName\":\"Jane Doe\",\"order\":1},{\"userId\":\"user-john\",\"userName\":\"John Smith\",\"order\":2}],\"startDate\":\"2026-03-06T14:00:00Z\"}";

        using var created = await client.PostAsync("api/v1/oncall/schedules", Body(body));
        var uuid = (await ReadJson(created))["uuid"]!.GetValue<string>();
        var shift = await GetJson(client, $"api/v1/oncall/schedules/{uuid}/current-shift");

        // 09:00 EST on Friday, and 09:00 EDT (13:00Z) on Sunday after the clocks went forward.
        Assert.Equal("2026-03-08T13:00:00Z", shift["startTime"]!.GetValue<string>());
        Assert.Equal("user-jane", shift["userId"]!.GetValue<string>());
    }

    [Fact]
    public async Task VictorOps_groups_have_numeric_ids_slugs_shifts_and_masks()
    {
        using var client = VictorOpsHttp(server);
        const string team = "team-databasesre00002";

        var v1 = await GetJson(client, $"api-public/v1/teams/{team}/rotations");
        var v2 = await GetJson(client, $"api-public/v2/team/{team}/rotations");
        var office = v2["rotations"]!.AsArray().Single(r => r!["label"]!.GetValue<string>() == "Database Office Hours")!;
        var shift = office["shifts"]![0]!;

        Assert.All(v1["rotationGroups"]!.AsArray(), g => Assert.Matches("^rtg-[a-z0-9]{16}$", g!["slug"]!.GetValue<string>()));
        Assert.Equal(40103, office["groupId"]!.GetValue<long>());
        Assert.Equal("pho", shift["shifttype"]!.GetValue<string>());
        Assert.False(shift["mask"]!["day"]!["sa"]!.GetValue<bool>());
        Assert.Equal(18, shift["mask"]!["time"]![0]!["end"]!["hour"]!.GetValue<int>());

        // Thursday 16:00 Berlin is inside the window; the next period starts Friday at 08:00 local.
        Assert.Equal(DateTimeOffset.Parse("2026-03-06T07:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), shift["next"]!["start"]!.GetValue<long>());
        Assert.Equal(DateTimeOffset.Parse("2026-03-05T17:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), shift["periods"]![0]!["end"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_VictorOps_group_is_created_listed_rephased_by_its_scheduled_user_and_deleted_by_its_numeric_id()
    {
        using var client = VictorOpsHttp(server);
        const string team = "team-platformops00001";
        const string body = "{\"label\":\"Follow the sun\",\"shifts\":[{\"label\":\"Weekly\",\"timezone\":\"Europe/London\",\"start\":1772445600000,\"duration\":7,\"shifttype\":\"std\","
            + "\"usernames\":[\"jane.doe@example.com\",\"john.smith\",\"alice.nguyen\"],\"shiftMembers\":[\"jane.doe@example.com\",\"john.smith\",\"alice.nguyen\"]}]}";

        using var created = await client.PostAsync($"api-public/v1/teams/{team}/rotations", Body(body));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var groupId = (await ReadJson(created))["id"]!.GetValue<long>();
        var listed = (await GetJson(client, $"api-public/v1/teams/{team}/rotations"))["rotationGroups"]!.AsArray().Single(g => g!["groupId"]!.GetValue<long>() == groupId)!;
        var v2 = (await GetJson(client, $"api-public/v2/team/{team}/rotations"))["rotations"]!.AsArray().Single(r => r!["groupId"]!.GetValue<long>() == groupId)!;
        var shiftId = v2["shifts"]![0]!["shiftId"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("Follow the sun", listed["label"]!.GetValue<string>());
        Assert.Equal("jane.doe@example.com", v2["shifts"]![0]!["current"]!["username"]!.GetValue<string>());

        using var unknown = await client.PostAsync($"api-public/v1/teams/{team}/rotations", Body(body.Replace("alice.nguyen", "nobody.here", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        using var scheduled = await Send(client, "PUT", $"api-public/v1/teams/{team}/rotations/{groupId}/{shiftId}/scheduled", "{\"username\":\"alice.nguyen\"}");
        var now = await GetJson(client, $"api-public/v1/teams/{team}/rotations/{groupId}/{shiftId}/scheduled");
        var after = (await GetJson(client, $"api-public/v2/team/{team}/rotations"))["rotations"]!.AsArray().Single(r => r!["groupId"]!.GetValue<long>() == groupId)!["shifts"]![0]!;
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        Assert.Equal("alice.nguyen", now["username"]!.GetValue<string>());
        Assert.Equal("alice.nguyen", after["current"]!["username"]!.GetValue<string>());
        Assert.Equal("jane.doe@example.com", after["next"]!["username"]!.GetValue<string>());

        using var bySlug = await client.DeleteAsync($"api-public/v1/teams/{team}/rotations/{listed["slug"]!.GetValue<string>()}");
        using var inUse = await client.DeleteAsync($"api-public/v1/teams/{team}/rotations/40101");
        using var deleted = await client.DeleteAsync($"api-public/v1/teams/{team}/rotations/{groupId}");
        var left = (await GetJson(client, $"api-public/v1/teams/{team}/rotations"))["rotationGroups"]!.AsArray();
        Assert.Equal(HttpStatusCode.NotFound, bySlug.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.DoesNotContain(left, g => g!["groupId"]!.GetValue<long>() == groupId);
    }
}
