using System.Globalization;
using System.Text.Json;
using OnCall.Engine.Providers.Datadog;
using OnCall.Engine.Scheduling;

namespace OnCall.Engine.Tests.Providers.Datadog;

/// <summary>
/// Shift boundaries held against Datadog's own answers: each recorded cassette creates a schedule (the real
/// request) and asks GET schedules/{id}/on-call; the schedule rendered from that request must give the same
/// user and end (to the second) at the moment Datadog answered (research-10 §1).
/// </summary>
public sealed class DatadogShiftBoundaryTests
{
    public static TheoryData<string> Recordings => new()
    {
        "Scenario_Get_scheduled_on-call_user_returns_OK_response.yaml",
        "go-history/2025-12-03_a2166339_Scenario_Get_the_schedule_on-call_user_returns_OK_response.yaml",
        "go-history/2025-06-04_6c51116c_Scenario_Get_the_schedule_on-call_user_returns_OK_response.yaml",
        "go-history/2025-05-23_89a563a6_Scenario_Get_the_schedule_on-call_user_returns_OK_response.yaml",
        "go-history/2025-05-14_2f112a7f_Scenario_Get_the_schedule_on-call_user_returns_OK_response.yaml",
        "go-history/2025-05-13_360c6ea8_Scenario_Get_the_schedule_of_an_on-call_user_returns_OK_response.yaml",
    };

    private sealed record Recorded(DatadogSchedule Schedule, DateTimeOffset Start, DateTimeOffset End, string UserId);

    /// <summary>The schedule as GET schedules/{id}?include=layers,layers.members.user would give it, from the create request and its 201 answer; and Datadog's on-call answer.</summary>
    private static Recorded Load(string path)
    {
        var cassette = Cassette.Load(path);
        const string schedules = "https://api.datadoghq.com/api/v2/on-call/schedules";
        var create = cassette.Interactions.First(x => x.Method == "POST" && x.Url == schedules);
        using var request = JsonDocument.Parse(create.RequestBody);
        using var created = JsonDocument.Parse(create.ResponseBody);
        var attributes = request.RootElement.GetProperty("data").GetProperty("attributes");
        var layer = attributes.GetProperty("layers")[0];
        var scheduleId = created.RootElement.GetProperty("data").GetProperty("id").GetString()!;
        var layerId = created.RootElement.GetProperty("data").GetProperty("relationships").GetProperty("layers").GetProperty("data")[0].GetProperty("id").GetString()!;
        var userId = layer.GetProperty("members")[0].GetProperty("user").GetProperty("id").GetString()!;
        var layerAttributes = new Dictionary<string, JsonElement>();
        foreach (var property in layer.EnumerateObject().Where(p => p.Name != "members"))
        {
            layerAttributes[property.Name] = property.Value;
        }

        var document = new
        {
            data = new
            {
                id = scheduleId,
                type = "schedules",
                attributes = new { name = attributes.GetProperty("name").GetString(), time_zone = attributes.GetProperty("time_zone").GetString() },
                relationships = new { layers = new { data = new[] { new { id = layerId, type = "layers" } } } },
            },
            included = new object[]
            {
                new { id = layerId, type = "layers", attributes = layerAttributes, relationships = new { members = new { data = new[] { new { id = "m0", type = "members" } } } } },
                new { id = "m0", type = "members", relationships = new { user = new { data = new { id = userId, type = "users" } } } },
            },
        };
        using var schedule = JsonDocument.Parse(JsonSerializer.Serialize(document));

        using var answer = JsonDocument.Parse(cassette.Body("GET", schedules + "/" + scheduleId + "/on-call"));
        var data = answer.RootElement.GetProperty("data");
        DateTimeOffset Time(string name) => DateTimeOffset.Parse(data.GetProperty("attributes").GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
        return new Recorded(
            DatadogSchedule.FromDocument(schedule.RootElement),
            Time("start"),
            Time("end"),
            data.GetProperty("relationships").GetProperty("user").GetProperty("data").GetProperty("id").GetString()!);
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void The_rendered_shift_at_Datadogs_answer_ends_where_Datadog_ends_it(string path)
    {
        var recorded = Load(path);
        var definition = recorded.Schedule.ToDefinition("dd")!;
        var at = recorded.Start;

        var first = definition.Render(at, at.AddDays(2))[0];

        Assert.Equal(recorded.UserId, first.UserId);
        Assert.Equal(at, first.Start);
        Assert.Equal(recorded.End.ToUniversalTime(), first.End.ToUniversalTime());
        Assert.Equal(recorded.End.Offset, first.End.Offset);

        // Unclipped, the turn began one interval earlier, at a whole second (the truncated hand-off).
        var whole = definition.RenderWholeShifts(at, at.AddSeconds(1)).Single();
        Assert.Equal(recorded.End.AddDays(-1), whole.Start);
        Assert.Equal(0, whole.Start.Ticks % TimeSpan.TicksPerSecond);

        // "Take on-call until the end of the current shift" takes it until Datadog's end, and Get-OnCallUser agrees.
        Assert.Equal(recorded.End, definition.CurrentShiftEnd(at, TimeSpan.FromDays(400)));
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void The_week_is_one_shift_per_turn_and_one_merged_shift_with_the_same_coverage_and_load(string path)
    {
        var recorded = Load(path);
        var definition = recorded.Schedule.ToDefinition("dd")!;
        var zone = NodaTime.DateTimeZoneProviders.Tzdb["America/New_York"];
        var localDate = NodaTime.LocalDateTime.FromDateTime(recorded.Start.ToUniversalTime().UtcDateTime).InUtc().WithZone(zone).Date;
        var monday = localDate.PlusDays(1 - (int)localDate.DayOfWeek);
        var weekStart = monday.AtMidnight().InZoneStrictly(zone).ToDateTimeOffset();
        var weekEnd = weekStart.AddDays(7);
        var mondayNine = monday.At(new NodaTime.LocalTime(9, 0)).InZoneStrictly(zone).ToDateTimeOffset();
        var fridayFive = monday.PlusDays(4).At(new NodaTime.LocalTime(17, 0)).InZoneStrictly(zone).ToDateTimeOffset();

        var perTurn = definition.Render(weekStart, weekEnd);
        var merged = definition.Render(weekStart, weekEnd, merge: true);

        // Hand-offs every day at rotation_start's time of day, to the second; the restriction cuts Monday 09:00 and Friday 17:00.
        Assert.Equal(mondayNine, perTurn[0].Start);
        Assert.Equal(fridayFive, perTurn[^1].End);
        Assert.Contains(perTurn, s => s.End == recorded.End);
        Assert.All(perTurn.Skip(1), s => Assert.Equal(recorded.End.ToUniversalTime().TimeOfDay, s.Start.ToUniversalTime().TimeOfDay));
        Assert.All(perTurn, s => Assert.Equal(recorded.UserId, s.UserId));
        var only = Assert.Single(merged);
        Assert.Equal((mondayNine, fridayFive, recorded.UserId), (only.Start, only.End, only.UserId));

        var perTurnLoad = LoadCalculator.Measure(perTurn).Single();
        var mergedLoad = LoadCalculator.Measure(merged).Single();
        Assert.Equal((mergedLoad.TotalHours, mergedLoad.NightHours, mergedLoad.ShiftCount, mergedLoad.Handoffs), (perTurnLoad.TotalHours, perTurnLoad.NightHours, perTurnLoad.ShiftCount, perTurnLoad.Handoffs));
        Assert.Equal(
            CoverageAnalyzer.FindGaps(merged, weekStart, weekEnd).Select(g => (g.Start, g.End)),
            CoverageAnalyzer.FindGaps(perTurn, weekStart, weekEnd).Select(g => (g.Start, g.End)));
    }

    [Fact]
    public void Rotation_start_keeps_whole_seconds_only_as_Datadog_hands_off()
    {
        var recorded = Load("go-history/2025-05-13_360c6ea8_Scenario_Get_the_schedule_of_an_on-call_user_returns_OK_response.yaml");

        // Requested 2025-05-08T00:41:58.620Z: .620 is dropped, not rounded up to :59.
        Assert.Equal(new DateTimeOffset(2025, 5, 8, 0, 41, 58, TimeSpan.Zero), recorded.Schedule.Layers[0].RotationStart);
    }

    [Fact]
    public void Two_people_with_one_display_name_stay_apart_by_user_id()
    {
        var a = new DatadogUserFixture("aaaaaaaa-0000-0000-0000-000000000001");
        var b = new DatadogUserFixture("aaaaaaaa-0000-0000-0000-000000000002");
        var document = new
        {
            data = new { id = "s", type = "schedules", attributes = new { name = "S", time_zone = "UTC" }, relationships = new { layers = new { data = new[] { new { id = "l", type = "layers" } } } } },
            included = new object[]
            {
                new { id = "l", type = "layers", attributes = new { rotation_start = "2026-01-01T00:00:00Z", interval = new { days = 1 } }, relationships = new { members = new { data = new[] { new { id = "m1", type = "members" }, new { id = "m2", type = "members" } } } } },
                new { id = "m1", type = "members", relationships = new { user = new { data = new { id = a.Id, type = "users" } } } },
                new { id = "m2", type = "members", relationships = new { user = new { data = new { id = b.Id, type = "users" } } } },
                new { id = a.Id, type = "users", attributes = new { name = "Sam Lee" } },
                new { id = b.Id, type = "users", attributes = new { name = "Sam Lee" } },
            },
        };
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(document));
        var definition = DatadogSchedule.FromDocument(json.RootElement).ToDefinition("dd")!;

        var merged = definition.Render(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero), merge: true);

        Assert.Equal(new[] { ("Sam Lee", a.Id), ("Sam Lee", b.Id) }, merged.Select(s => (s.User, s.UserId!)));
        Assert.Equal(2, LoadCalculator.Measure(merged).Count);
    }

    private sealed record DatadogUserFixture(string Id);
}
