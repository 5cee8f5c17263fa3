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

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    public void A_number_beyond_a_double_keeps_its_text(string number)
    {
        using var document = JsonDocument.Parse("{\"big\":" + number + ",\"small\":1e-400,\"whole\":12345678901234}");
        var raw = RawJson.ToDictionary(document.RootElement)!;
        Assert.Equal(number, raw["big"]);
        Assert.Equal(0.0, raw["small"]);
        Assert.Equal(12345678901234L, raw["whole"]);
    }

    private sealed class CaseProbe
    {
        public int[] OnCallNow { get; set; } = [];

        public string? OnCallUser { get; set; }
    }
}

public sealed class JsonReadKindTests
{
    private static JsonElement Root(string json) => JsonDocument.Parse(json).RootElement;

    [Theory]
    [InlineData("{\"f\":{\"unexpected\":\"object\"}}")]
    [InlineData("{\"f\":[1]}")]
    public void Text_read_from_an_object_or_a_list_is_malformed(string json) =>
        Assert.Throws<JsonException>(() => Root(json).Str("f"));

    [Theory]
    [InlineData("{\"f\":\"not a number\"}")]
    [InlineData("{\"f\":{}}")]
    public void A_number_read_from_a_word_or_an_object_is_malformed(string json) =>
        Assert.Throws<JsonException>(() => Root(json).Long("f"));

    [Fact]
    public void Tolerated_shapes_still_read()
    {
        var root = Root("{\"n\":\"42\",\"blank\":\"\",\"frac\":1.5,\"b\":\"true\",\"t\":\"99999999999999999999\",\"s\":7,\"none\":null}");

        Assert.Equal(42, root.Long("n"));
        Assert.Null(root.Long("blank"));
        Assert.Null(root.Long("frac"));
        Assert.True(root.Bool("b"));
        Assert.Null(root.Time("t"));
        Assert.Equal("7", root.Str("s"));
        Assert.Empty(root.Items("none"));
        Assert.Null(root.Str("missing"));
    }

    [Fact]
    public void A_list_a_boolean_or_a_time_of_the_wrong_kind_is_malformed()
    {
        var root = Root("{\"l\":\"not a list\",\"b\":\"not a boolean\",\"t\":\"not a time\",\"o\":\"text\"}");

        Assert.Throws<JsonException>(() => root.Items("l"));
        Assert.Throws<JsonException>(() => root.Bool("b"));
        Assert.Throws<JsonException>(() => root.Time("t"));
        Assert.Throws<JsonException>(() => root.Obj("o"));
    }
}
