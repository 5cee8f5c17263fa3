using System.Text.Json;
using OnCall.Engine.Providers.Datadog;
using OnCall.Engine.Providers.ZStack;
using OnCall.Engine.Rotations;
using OnCall.Engine.Tests.Providers.Datadog;

namespace OnCall.Engine.Tests.Rotations;

/// <summary>The write bodies against what the vendors recorded or documented (research-9 1.2, 1.3, 2.2).</summary>
public sealed class RotationBodyTests
{
    private const string CreateCassette = "Scenario_Create_On-Call_schedule_returns_Created_response.yaml";
    private const string UpdateCassette = "Scenario_Update_On-Call_schedule_returns_OK_response.yaml";
    private const string Terraform = "terraform/TestAccOnCallScheduleCreateAndUpdate.yaml";

    [Fact]
    public void The_Datadog_create_body_is_the_recorded_request_byte_for_byte()
    {
        var recorded = RecordedRequests.Body(CreateCassette, "POST", "/api/v2/on-call/schedules");
        var definition = Schedule("Test-Create_On_Call_schedule_returns_Created_response-1764252682", "8802359f-5663-4ed4-b3c8-06d5618def25");
        var layer = Layer("Layer 1", "2025-11-17T14:11:22.484Z", "2025-11-22T14:11:22.484Z", "2025-12-07T14:11:22.484Z", "f4106d12-cb9a-11f0-a56e-4e680b759023");
        RotationLength.FromDatadog(layer, 1, 0);
        definition.Layers.Add(layer);

        Assert.Equal(recorded, DatadogRotations.CreateBody(definition));
    }

    [Fact]
    public void The_Datadog_update_body_keeps_ids_and_is_the_recorded_request_byte_for_byte()
    {
        var recorded = RecordedRequests.Body(UpdateCassette, "PUT", "/api/v2/on-call/schedules/");
        var definition = Schedule("Test-Update_On_Call_schedule_returns_OK_response-1764252719", "500acba0-bf4f-4f5c-83be-d0de24c5739c");
        definition.Id = "0e2c2b38-3f21-4216-aeb7-49eb8b371c09";
        var layer = Layer("Layer 1", "2025-11-17T14:11:59.069Z", "2025-11-22T14:11:59.069Z", "2025-12-07T14:11:59.069Z", "09e2b0f4-cb9b-11f0-a56e-4e680b759023");
        layer.Id = "140f452a-0ecf-48ab-b7e9-e358a2cf925b";
        RotationLength.FromDatadog(layer, 1, 0);
        definition.Layers.Add(layer);

        // The recorded update changes the interval from a day to an hour: as Set-OnCallRotation -ShiftDuration 1h would.
        new RotationEdits { ShiftDuration = "1h" }.ApplyTo(definition, 0, null);

        Assert.Equal(recorded, DatadogRotations.UpdateBody(definition));
    }

    [Fact]
    public void A_recorded_Datadog_schedule_read_and_changed_gives_the_recorded_update_with_its_empty_slot_and_interval()
    {
        // GET answer (include layers, members, users) -> definition -> one change -> PUT body, against the PUT Terraform sent.
        var answer = Cassette.Load(Terraform).Body("GET", "https://api.datadoghq.com/api/v2/on-call/schedules/d0f461a4");
        using var document = JsonDocument.Parse(answer);
        var definition = DatadogRotations.FromSchedule(DatadogSchedule.FromDocument(document.RootElement));
        new RotationEdits { EffectiveDate = DateTimeOffset.Parse("2025-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture) }.ApplyTo(definition, 0, null);

        var recorded = RecordedRequests.Body(Terraform, "PUT", "/api/v2/on-call/schedules/d0f461a4", 0);
        Assert.True(RecordedRequests.SameJson(recorded, DatadogRotations.UpdateBody(definition), out var why), why);
        Assert.Contains("\"members\":[{\"user\":{\"id\":\"6a5eb070-57fd-42aa-9df6-44d54518aa0f\"}},{}]", DatadogRotations.UpdateBody(definition), StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_the_recorded_schedule_keeps_the_empty_slot_the_interval_split_and_the_teams()
    {
        var answer = Cassette.Load(Terraform).Body("GET", "https://api.datadoghq.com/api/v2/on-call/schedules/d0f461a4");
        using var document = JsonDocument.Parse(answer);
        var definition = DatadogRotations.FromSchedule(DatadogSchedule.FromDocument(document.RootElement));

        var layer = Assert.Single(definition.Layers);
        Assert.Equal(2, layer.Members.Count);
        Assert.True(layer.Members[1].IsEmpty);
        Assert.Equal((1L, 300L), RotationLength.ToDatadog(layer));
        Assert.False(layer.CalendarDays);
        Assert.Equal(["7bcfa6a5-bbdc-4394-af5e-19bc909df975"], definition.TeamIds);
        Assert.Equal("(nobody)", RotationView.ToRotations(definition, "dd")[0].Members[1]);
    }

    [Fact]
    public void The_ZStack_update_body_is_the_seed_shape_with_its_own_examples()
    {
        // Research-9 2.2: the seed's example values are placeholders; its field examples give these.
        var definition = new RotationDefinition { Provider = OnCallProvider.ZStack, Id = "sched-00112233", Name = "Platform On-Call", Description = "24x7 platform on-call rotation", TimeZone = "Asia/Shanghai" };
        var layer = new RotationLayer { Name = "Platform On-Call", Start = DateTimeOffset.Parse("2026-01-15T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), ShiftLength = TimeSpan.FromHours(24), ShiftDuration = "24h", RotationType = "weekly" };
        layer.Members.Add(new RotationMember { Id = "user-abc123", Name = "Alice Smith", Display = "Alice Smith" });
        definition.Layers.Add(layer);

        new RotationEdits { Name = "my-resource", Description = "A brief description", ShiftDuration = "168h" }.ApplyTo(definition, 0, null);

        Assert.Equal(
            "{\"name\":\"my-resource\",\"description\":\"A brief description\",\"timezone\":\"Asia/Shanghai\",\"shiftDuration\":\"168h\",\"members\":[{\"userId\":\"user-abc123\",\"userName\":\"Alice Smith\",\"order\":1}]}",
            ZStackRotations.UpdateBody(definition));
    }

    [Fact]
    public void The_ZStack_duration_is_sent_as_read_while_unchanged_and_in_short_Go_form_when_changed()
    {
        var layer = new RotationLayer { ShiftLength = TimeSpan.FromDays(7), ShiftDuration = "168h0m0s" };
        Assert.Equal("168h0m0s", RotationLength.ToZStack(layer));
        layer.ShiftLength = TimeSpan.FromHours(36.5);
        Assert.Equal("36h30m", RotationLength.ToZStack(layer));
    }

    [Theory]
    [InlineData(168 * 60, "168h")]
    [InlineData((36 * 60) + 30, "36h30m")]
    [InlineData(90, "1h30m")]
    [InlineData(45, "45m")]
    [InlineData(0, "0s")]
    public void Go_durations_are_written_short_and_read_back_the_same(int minutes, string text)
    {
        Assert.Equal(text, GoDurationFormat.Format(TimeSpan.FromMinutes(minutes)));
        Assert.Equal(TimeSpan.FromMinutes(minutes), GoDuration.TryParse(text));
    }

    [Fact]
    public void Odd_Go_durations_read_back_to_the_same_value()
    {
        foreach (var value in new[] { TimeSpan.FromSeconds(1.5), TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5), TimeSpan.FromDays(400), TimeSpan.FromMilliseconds(-90) })
        {
            Assert.Equal(value, GoDuration.TryParse(GoDurationFormat.Format(value)));
        }
    }

    [Fact]
    public void The_VictorOps_create_body_has_the_go_victorops_shape_with_masks_for_a_partial_day_shift()
    {
        var definition = new RotationDefinition { Provider = OnCallProvider.VictorOps, Name = "Platform Primary" };
        var layer = new RotationLayer { Name = "Business hours", TimeZone = "America/New_York", Start = DateTimeOffset.FromUnixTimeMilliseconds(1767621600000), ShiftLength = TimeSpan.FromDays(7), CalendarDays = true };
        foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
        {
            layer.Restrictions.Add(new RotationRestriction(day, TimeSpan.FromHours(9), day, TimeSpan.FromHours(17)));
        }

        layer.Members.Add(new RotationMember { Id = "jane", Display = "jane" });
        layer.Members.Add(new RotationMember { Id = "john", Display = "john" });
        definition.Layers.Add(layer);

        var body = VictorOpsRotations.CreateBody(definition);

        Assert.Equal(
            "{\"label\":\"Platform Primary\",\"shifts\":[{\"label\":\"Business hours\",\"timezone\":\"America/New_York\",\"start\":1767621600000,\"duration\":7,\"shifttype\":\"pho\","
            + "\"mask\":{\"day\":{\"su\":false,\"m\":true,\"t\":true,\"w\":true,\"th\":true,\"f\":true,\"sa\":false},\"time\":[{\"start\":{\"hour\":9,\"minute\":0},\"end\":{\"hour\":17,\"minute\":0}}]},"
            + "\"usernames\":[\"jane\",\"john\"],\"shiftMembers\":[\"jane\",\"john\"]}]}",
            body);
        Assert.Equal("{\"username\":\"jane\",\"memberSlug\":\"rtm-jane\"}", VictorOpsRotations.ScheduledBody("jane", "rtm-jane"));
    }

    private static RotationDefinition Schedule(string name, string team)
    {
        var definition = new RotationDefinition { Provider = OnCallProvider.Datadog, Name = name, TimeZone = "America/New_York" };
        definition.TeamIds.Add(team);
        return definition;
    }

    private static RotationLayer Layer(string name, string effective, string start, string end, string user)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var layer = new RotationLayer
        {
            Name = name,
            EffectiveDate = DateTimeOffset.Parse(effective, culture),
            Start = DateTimeOffset.Parse(start, culture),
            End = DateTimeOffset.Parse(end, culture),
        };
        layer.Members.Add(new RotationMember { Id = user, Display = user });
        layer.Restrictions.Add(new RotationRestriction(DayOfWeek.Monday, TimeSpan.FromHours(9), DayOfWeek.Friday, TimeSpan.FromHours(17)));
        return layer;
    }
}
