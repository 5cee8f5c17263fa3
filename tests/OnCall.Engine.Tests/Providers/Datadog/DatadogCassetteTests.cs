using System.Text.Json;
using OnCall.Engine.Providers.Datadog;
using OnCall.Engine.Scheduling;
using OnCall.Engine.Tests.TestSupport;


namespace OnCall.Engine.Tests.Providers.Datadog;

/// <summary>Mapping checked against the real recorded exchanges (fixtures/datadog-recorded; SOURCES.md).</summary>
public sealed class DatadogCassetteTests
{
    private static DatadogClient NewClient() =>
        Assert.IsType<DatadogClient>(ProviderTestKit.Datadog(new Uri("http://127.0.0.1:9/")).ProviderClient);

    [Fact]
    public void Cassette_reader_unfolds_single_quoted_bodies()
    {
        var cassette = Cassette.Load("go-unmerged/Scenario_Get_a_list_of_all_on-call_schedules_returns_OK_response.yaml");
        using var document = JsonDocument.Parse(cassette.Body("GET", "https://api.datadoghq.com/api/v2/on-call/schedules"));
        Assert.Equal("Escalation Policy Test Schedule", document.RootElement.GetProperty("data")[0].GetProperty("attributes").GetProperty("name").GetString());

        var user = Cassette.Load("Scenario_Get_On-Call_schedule_returns_OK_response.yaml").Body("POST", "https://api.datadoghq.com/api/v2/users");
        using var userDocument = JsonDocument.Parse(user);
        Assert.Equal("user title", userDocument.RootElement.GetProperty("data").GetProperty("attributes").GetProperty("title").GetString());
    }

    [Fact]
    public void Recorded_schedule_with_layers_maps_and_renders()
    {
        var body = Cassette.Load("terraform/TestAccOnCallScheduleCreateAndUpdate.yaml")
            .Body("GET", "https://api.datadoghq.com/api/v2/on-call/schedules/d0f461a4-a655-4068-bbd2-7bfb73a323d1?include=layers%2Clayers.members.user");
        using var document = JsonDocument.Parse(body);

        var schedule = DatadogSchedule.FromDocument(document.RootElement);

        Assert.Equal("d0f461a4-a655-4068-bbd2-7bfb73a323d1", schedule.Id);
        Assert.Equal("America/New_York", schedule.TimeZone);
        var layer = Assert.Single(schedule.Layers);
        Assert.Equal("Primary On-Call Layer", layer.Name);
        Assert.Equal(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(300), layer.Interval);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero), layer.RotationStart);
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 19, 0, 0, TimeSpan.Zero), layer.EndDate);
        Assert.Equal(2, layer.Members.Count);
        const string email = "tf-testacconcallschedulecreateandupdate-local-1777447498@example.com";
        Assert.Equal(email, layer.Members[0]!.Display);
        Assert.Null(layer.Members[1]);
        Assert.Single(layer.Restrictions);

        // Shift k starts at 09:00Z + k x 24h05m; the empty second slot holds all of Monday 6 January, the
        // member holds Monday 13 January, and the layer only applies Mondays 09:00-17:00 New York time.
        var definition = schedule.ToDefinition("dd")!;
        var shifts = definition.Render(new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 1, 20, 0, 0, 0, TimeSpan.Zero))
            .Where(s => !ShiftRotation.IsEmptySlot(s.User)).ToList();
        var shift = Assert.Single(shifts);
        Assert.Equal(email, shift.User);
        Assert.Equal(new DateTimeOffset(2025, 1, 13, 9, 0, 0, TimeSpan.FromHours(-5)), shift.Start);
        Assert.Equal(new DateTimeOffset(2025, 1, 13, 17, 0, 0, TimeSpan.FromHours(-5)), shift.End);
        Assert.Equal("d0f461a4-a655-4068-bbd2-7bfb73a323d1", shift.ScheduleId);

        var rotation = Assert.Single(OnCall.Engine.Rotations.RotationView.ToRotations(OnCall.Engine.Rotations.DatadogRotations.FromSchedule(schedule), "dd"));
        Assert.Equal(new[] { email, "(nobody)" }, rotation.Members);
    }

    [Fact]
    public void Recorded_team_on_call_answer_maps_responders()
    {
        var body = Cassette.Load("Scenario_Get_team_on-call_users_returns_OK_response.yaml")
            .Body("GET", "https://api.datadoghq.com/api/v2/on-call/teams/fc8f8844-54c3-4898-aabc-68d6fccbe20e/on-call");
        using var document = JsonDocument.Parse(body);

        var users = NewClient().MapTeamOnCall(document.RootElement, "fc8f8844-54c3-4898-aabc-68d6fccbe20e", "test-name");

        var user = Assert.Single(users);
        Assert.Equal("ffde914a-cb9a-11f0-ae87-2a5e5028fcef", user.UserId);
        Assert.Equal("test-get_team_on_call_users_returns_ok_response-1764252702@datadoghq.com", user.User);
        Assert.Equal(user.User, user.Email);
        Assert.Equal(0, user.Step);
        Assert.Equal("test-name", user.Team);
        Assert.Equal("dd", user.Connection);
        Assert.Equal(OnCallProvider.Datadog, user.Provider);
    }

    [Fact]
    public void Recorded_scheduled_on_call_user_maps_the_shift()
    {
        var body = Cassette.Load("Scenario_Get_scheduled_on-call_user_returns_OK_response.yaml")
            .Body("GET", "https://api.datadoghq.com/api/v2/on-call/schedules/7f4eb086-4141-4f2a-ae4a-c0a06816672b/on-call");
        using var document = JsonDocument.Parse(body);

        var user = NewClient().MapScheduledOnCallUser(document.RootElement, "7f4eb086-4141-4f2a-ae4a-c0a06816672b", "S")!;

        Assert.Equal("42e2447f-d0ee-11f0-b246-f6a778e5e220", user.UserId);
        Assert.Equal(new DateTimeOffset(2025, 12, 5, 3, 50, 18, TimeSpan.FromHours(-5)), user.End);
        Assert.Equal(new DateTimeOffset(2025, 12, 4, 8, 50, 19, TimeSpan.Zero), user.Start!.Value.AddTicks(-(user.Start.Value.Ticks % TimeSpan.TicksPerSecond)));
    }

    [Fact]
    public void Recorded_responders_answer_without_includes_maps_to_nothing()
    {
        var body = Cassette.Load("Scenario_Get_on-call_responders_for_a_schedule_returns_OK_response.yaml")
            .Body("GET", "https://api.datadoghq.com/api/v2/on-call/schedules/23545b48-fa23-4ea9-a331-3a38f81195cd/responders");
        using var document = JsonDocument.Parse(body);

        Assert.Empty(NewClient().MapScheduleResponders(document.RootElement, "23545b48-fa23-4ea9-a331-3a38f81195cd", null));
    }

    [Fact]
    public void Recorded_escalation_policy_maps_steps_and_targets()
    {
        var body = Cassette.Load("Scenario_Get_On-Call_escalation_policy_returns_OK_response.yaml")
            .Body("GET", "https://api.datadoghq.com/api/v2/on-call/escalation-policies/7e36daf1-25ef-46af-ba33-23aac9271dc5?include=steps.targets");
        using var document = JsonDocument.Parse(body);

        var policy = NewClient().MapPolicy(document.RootElement);

        Assert.Equal("7e36daf1-25ef-46af-ba33-23aac9271dc5", policy.Id);
        Assert.Equal("test-name-9b417dea223136e8", policy.Team);
        Assert.Equal(2, policy.Steps.Count);
        Assert.Equal(60, policy.Steps[0].TimeoutMinutes);
        const string schedule = "Test-Get_On_Call_escalation_policy_returns_OK_response-1764252693";
        Assert.Equal(
            new[] { "team:test-name-9b417dea223136e8", "schedule:" + schedule, "schedule:" + schedule + " (previous)", "user:test-get_on_call_escalation_policy_returns_ok_response-1764252693@datadoghq.com" },
            policy.Steps[0].Targets);
        Assert.Equal(new[] { "team:test-name-9b417dea223136e8" }, policy.Steps[1].Targets);
    }

    [Fact]
    public void Recorded_override_answers_have_the_shape_the_client_reads()
    {
        var cassette = Cassette.Load("go-unmerged/Scenario_Get_a_list_of_all_overrides_for_a_schedule_returns_OK_response.yaml");
        using var document = JsonDocument.Parse(cassette.Body("GET", "https://api.datadoghq.com/api/v2/on-call/schedules/f6b4026c-2306-4f1c-a5f7-87af6ce59d46/overrides?"));
        var item = document.RootElement.GetProperty("data")[0];

        Assert.Equal("overrides", item.GetProperty("type").GetString());
        Assert.Equal("a8c6f210-458a-11f0-8c93-d6008d2166ed", item.GetProperty("relationships").GetProperty("user").GetProperty("data").GetProperty("id").GetString());
        Assert.Equal(new DateTimeOffset(2025, 6, 9, 23, 37, 7, 887, TimeSpan.Zero), DateTimeOffset.Parse(item.GetProperty("attributes").GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Memberships_map_users_and_roles()
    {
        // The documented shape of GET /api/v2/team/{id}/memberships (no cassette was recorded).
        const string body = "{\"data\":[{\"id\":\"m1\",\"type\":\"team_memberships\",\"attributes\":{\"role\":\"admin\"},\"relationships\":{\"user\":{\"data\":{\"id\":\"u1\",\"type\":\"users\"}}}}," +
            "{\"id\":\"m2\",\"type\":\"team_memberships\",\"attributes\":{\"role\":null},\"relationships\":{\"user\":{\"data\":{\"id\":\"u2\",\"type\":\"users\"}}}}]," +
            "\"included\":[{\"id\":\"u1\",\"type\":\"users\",\"attributes\":{\"name\":\"Jane Doe\",\"email\":\"jane@example.com\",\"handle\":\"jane@example.com\"}}]}";
        using var document = JsonDocument.Parse(body);

        var members = NewClient().MapMemberships(document.RootElement, "Ops");

        Assert.Equal(2, members.Count);
        Assert.Equal("jane@example.com", members[0].User);
        Assert.Equal("Jane", members[0].FirstName);
        Assert.Equal("Doe", members[0].LastName);
        Assert.True(members[0].IsAdmin);
        Assert.Equal("u2", members[1].User);
        Assert.Null(members[1].IsAdmin);
    }
}
