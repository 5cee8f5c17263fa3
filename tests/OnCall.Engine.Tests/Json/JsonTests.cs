using System.Text.Json;
using OnCall.Engine.Json;

namespace OnCall.Engine.Tests.Json;

public sealed class JsonTests
{
    private sealed record Times(DateTimeOffset At, DateTimeOffset? Maybe);

    [Theory]
    [InlineData("\"2016-12-06T08:00:00-05:00\"", "2016-12-06T13:00:00Z")]
    [InlineData("\"2020-03-31T09:00:00Z\"", "2020-03-31T09:00:00Z")]
    [InlineData("\"2020-03-31T09:00:00+0000\"", "2020-03-31T09:00:00Z")]
    [InlineData("1585645200000", "2020-03-31T09:00:00Z")]
    [InlineData("1585645200", "2020-03-31T09:00:00Z")]
    [InlineData("\"1585645200000\"", "2020-03-31T09:00:00Z")]
    public void Times_read_from_ISO_strings_and_epoch_milliseconds_or_seconds(string json, string expected)
    {
        var value = JsonSerializer.Deserialize<Times>($"{{\"at\":{json},\"maybe\":{json}}}", JsonDefaults.Options)!;
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value.At);
        Assert.Equal(value.At, value.Maybe);
    }

    [Fact]
    public void Empty_or_null_times_read_as_null_and_nonsense_is_a_json_error()
    {
        Assert.Null(JsonSerializer.Deserialize<Times>("{\"at\":0,\"maybe\":\"\"}", JsonDefaults.Options)!.Maybe);
        Assert.Null(JsonSerializer.Deserialize<Times>("{\"at\":0,\"maybe\":null}", JsonDefaults.Options)!.Maybe);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Times>("{\"at\":\"next tuesday\"}", JsonDefaults.Options));
    }

    [Fact]
    public void Property_names_bind_whatever_their_case()
    {
        var value = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("{\"oncallNow\":1}", JsonDefaults.Options)!;
        Assert.True(value.ContainsKey("oncallNow"));
        var typed = JsonSerializer.Deserialize<CaseProbe>("{\"oncallNow\":[1],\"onCalluser\":\"x\"}", JsonDefaults.Options)!;
        Assert.Equal(new[] { 1 }, typed.OnCallNow);
        Assert.Equal("x", typed.OnCallUser);
    }

    [Fact]
    public void Raw_answers_become_case_insensitive_dictionaries_and_arrays()
    {
        using var document = JsonDocument.Parse("{\"incidentNumber\":\"42\",\"pagedTeams\":[\"a\",\"b\"],\"nested\":{\"n\":1.5,\"ok\":true}}");
        var raw = RawJson.ToDictionary(document.RootElement)!;
        Assert.Equal("42", raw["INCIDENTNUMBER"]);
        Assert.Equal(new object?[] { "a", "b" }, (object?[])raw["pagedTeams"]!);
        var nested = (IDictionary<string, object?>)raw["nested"]!;
        Assert.Equal(1.5, nested["n"]);
        Assert.Equal(true, nested["ok"]);
    }

    private sealed class CaseProbe
    {
        public int[] OnCallNow { get; set; } = [];

        public string? OnCallUser { get; set; }
    }
}
