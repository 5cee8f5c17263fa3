using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OnCall.Engine.Json;
using OnCall.Engine.Providers.VictorOps;
using OnCall.Engine.Providers.VictorOps.Dtos;
using OnCall.Engine.Tests.Providers.VictorOps;

namespace OnCall.Engine.Tests.Json;

/// <summary>
/// The DTOs bind through compile-time metadata (no reflection or emitted accessors in a cold process), and read
/// exactly what reflection read: names in any case, numbers in strings, epoch or ISO times, unknown fields skipped.
/// </summary>
public sealed class EngineJsonContextTests
{
    // The same options without the generated metadata: how every DTO was bound before.
    private static readonly JsonSerializerOptions ByReflection = new(JsonDefaults.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static TheoryData<Type> Dtos()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(VictorOpsJson).Assembly.GetTypes().Where(IsDto).OrderBy(t => t.Name))
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Dtos))]
    public void Every_VictorOps_DTO_binds_through_the_generated_metadata(Type dto)
    {
        var info = JsonDefaults.Options.GetTypeInfo(dto);

        Assert.IsType<EngineJsonContext>(info.OriginatingResolver);
    }

    [Fact]
    public void Recorded_incidents_bind_as_reflection_bound_them()
    {
        using var document = JsonDocument.Parse(VictorOpsSamples.ReportingIncidents);
        var incidents = document.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(incidents);

        foreach (var incident in incidents)
        {
            AssertSameBinding<IncidentInfoDto>(incident);
        }
    }

    [Fact]
    public void Odd_spellings_bind_as_reflection_bound_them()
    {
        // Names in other cases, a number in a string, epoch milliseconds and seconds, an empty time, a bare-string
        // reference, nested lists, and fields no DTO knows.
        const string Json = """
            {
              "INCIDENTNUMBER": 4711, "startTime": 1585645200000, "lastalerttime": "", "AlertCount": "3",
              "currentPhase": "UNACKED", "pagedUsers": ["alice", "bob"],
              "PAGEDPOLICIES": [{ "policy": { "NAME": "Primary", "slug": "pol-1", "extra": [1, 2] }, "team": "platform-ops" }],
              "transitions": [{ "name": "ACKED", "at": 1585645260, "by": "alice", "whatever": { "deep": true } }],
              "unknownField": { "a": [1, { "b": null }] }, "another": 1.5e3
            }
            """;
        using var document = JsonDocument.Parse(Json);

        var bound = AssertSameBinding<IncidentInfoDto>(document.RootElement);

        Assert.Equal("4711", bound.IncidentNumber);
        Assert.Equal(3, bound.AlertCount);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1585645200000), bound.StartTime);
        Assert.Null(bound.LastAlertTime);
        Assert.Equal("platform-ops", bound.PagedPolicies?.Single().Team?.Slug);
        Assert.Equal("Primary", bound.PagedPolicies?.Single().Policy?.Name);
        Assert.Equal("ACKED", bound.Transitions?.Single().Name);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1585645260), bound.Transitions?.Single().At);
    }

    private static T AssertSameBinding<T>(JsonElement element)
        where T : class, new()
    {
        var generated = VictorOpsJson.Bind<T>(element, "a sample");
        var reflected = element.Deserialize<T>(ByReflection)!;

        // Both written back the same way (by reflection, with the same options): equal text is equal values.
        Assert.Equal(JsonSerializer.Serialize(reflected, ByReflection), JsonSerializer.Serialize(generated, ByReflection));
        return generated;
    }

    private static bool IsDto(Type type) =>
        type.Namespace == typeof(TeamDto).Namespace && type.IsClass && !type.IsAbstract && !type.IsNested
        && !typeof(JsonConverter).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null
        && !type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false);
}
