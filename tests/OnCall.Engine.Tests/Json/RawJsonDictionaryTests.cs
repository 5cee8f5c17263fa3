using System.Collections;
using System.Text.Json;
using OnCall.Engine.Json;

namespace OnCall.Engine.Tests.Json;

/// <summary>An object's Raw keeps its JSON as bytes and builds dictionaries only when someone looks.</summary>
public sealed class RawJsonDictionaryTests
{
    // The reporting API's incident (fixtures/victorops-samples), about 1 KB.
    private const string Incident = "{\"alertCount\":1,\"currentPhase\":\"acknowledged\",\"entityDisplayName\":\"Faros-test\",\"entityId\":\"40195b07-0656-4fc9-b01f-2cb1962a32f6\",\"entityState\":\"critical\",\"entityType\":\"service\",\"incidentNumber\":\"1\",\"lastAlertId\":\"97fcff1c-6701-41a0-834d-c0aeb99553fd\",\"lastAlertTime\":\"2021-11-02T16:22:04Z\",\"routingKey\":\"default\",\"service\":\"Faros-test\",\"startTime\":\"2021-11-02T16:22:04Z\",\"pagedTeams\":[\"team-Z3scfG2gh0qF3QsL\"],\"pagedUsers\":[\"roman.kyrnis\"],\"pagedPolicies\":[{\"policy\":{\"name\":\"team-Z3scfG2gh0qF3QsL\",\"slug\":\"team-Z3scfG2gh0qF3QsL\"},\"team\":{\"name\":\"Example\",\"slug\":\"team-Z3scfG2gh0qF3QsL\"}}],\"transitions\":[{\"name\":\"triggered\",\"at\":\"2021-11-02T16:22:04Z\",\"alertId\":\"97fcff1c-6701-41a0-834d-c0aeb99553fd\",\"alertUrl\":\"https://api.victorops.com/api-public/v1/alerts/97fcff1c-6701-41a0-834d-c0aeb99553fd\"},{\"name\":\"acknowledged\",\"at\":\"2021-11-02T16:38:34Z\",\"by\":\"roman.kyrnis\",\"alertId\":\"97fcff1c-6701-41a0-834d-c0aeb99553fd\",\"alertUrl\":\"https://api.victorops.com/api-public/v1/alerts/97fcff1c-6701-41a0-834d-c0aeb99553fd\"}]}";

    [Fact]
    public void An_unopened_raw_costs_about_its_json()
    {
        using var document = JsonDocument.Parse("[" + Incident + "]");
        var element = document.RootElement[0];
        RawJson.ToDictionary(element);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var raw = RawJson.ToDictionary(element);
        var cost = GC.GetAllocatedBytesForCurrentThread() - before;

        GC.KeepAlive(raw);
        Assert.True(cost < 1.5 * Incident.Length, $"an unopened Raw took {cost} bytes for {Incident.Length} bytes of JSON");
    }

    [Fact]
    public void It_outlives_its_document_and_reads_case_insensitively_at_any_depth()
    {
        IDictionary<string, object?> raw;
        using (var document = JsonDocument.Parse(Incident))
        {
            raw = RawJson.ToDictionary(document.RootElement)!;
        }

        Assert.Equal("1", raw["INCIDENTNUMBER"]);
        var policy = (IDictionary<string, object?>)((object?[])raw["pagedPolicies"]!)[0]!;
        Assert.Equal("Example", ((IDictionary<string, object?>)policy["team"]!)["name"]);
        Assert.Equal(16, raw.Count);
        Assert.Equal("acknowledged", ((IDictionary)raw)["currentPhase"]);
    }

    [Fact]
    public void Keys_added_before_anyone_looked_are_there_and_do_not_hide_the_answer()
    {
        using var document = JsonDocument.Parse(Incident);
        var raw = RawJson.ToDictionary(document.RootElement)!;
        Assert.True(raw.ContainsKey("Service"));
        Assert.False(raw.ContainsKey("team"));
        raw["team"] = new Dictionary<string, object?> { ["name"] = "Platform" };

        Assert.True(raw.ContainsKey("TEAM"));
        Assert.Equal("Platform", ((IDictionary<string, object?>)raw["team"]!)["name"]);
        Assert.Equal("Faros-test", raw["service"]);
        Assert.Equal(17, raw.Keys.Count);
    }

    [Fact]
    public void Nothing_it_hands_out_is_a_json_type()
    {
        using var document = JsonDocument.Parse(Incident);
        var raw = RawJson.ToDictionary(document.RootElement)!;
        foreach (var value in Flatten(raw))
        {
            Assert.False(value?.GetType().Namespace?.StartsWith("System.Text.Json", StringComparison.Ordinal) ?? false, value?.GetType().FullName);
        }
    }

    private static IEnumerable<object?> Flatten(object? value)
    {
        yield return value;
        var children = value switch
        {
            IDictionary<string, object?> map => map.Values,
            object?[] list => list,
            _ => Array.Empty<object?>(),
        };
        foreach (var child in children.SelectMany(Flatten))
        {
            yield return child;
        }
    }
}
