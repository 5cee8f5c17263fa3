using System.Text.Json.Serialization;
using OnCall.Engine.Providers.VictorOps.Dtos;

namespace OnCall.Engine.Json;

/// <summary>
/// Compile-time JSON metadata for every DTO a vendor answer is bound to (VictorOpsJson.Bind), so binding
/// builds no reflection metadata and emits no accessors at run time: the first answer of a cold process
/// skips that work, and each of 100,000 history incidents binds through the generated setters.
/// It only describes the types: <see cref="JsonDefaults.Options"/> still decides how they read (case,
/// numbers in strings, the flexible time converters), and any other type falls back to reflection.
/// </summary>
[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(AckResolveResponseDto))]
[JsonSerializable(typeof(AckResolveResultDto))]
[JsonSerializable(typeof(CreatedIncidentDto))]
[JsonSerializable(typeof(IncidentInfoDto))]
[JsonSerializable(typeof(IncidentNoteDto))]
[JsonSerializable(typeof(NamedRef))]
[JsonSerializable(typeof(OnCallNowDto))]
[JsonSerializable(typeof(OnCallTeamEntryDto))]
[JsonSerializable(typeof(OnCallUserEntryDto))]
[JsonSerializable(typeof(OverrideAssignmentDto))]
[JsonSerializable(typeof(PolicyDetailDto))]
[JsonSerializable(typeof(PolicyInfoDto))]
[JsonSerializable(typeof(PolicyScheduleDto))]
[JsonSerializable(typeof(ReportingPageDto))]
[JsonSerializable(typeof(RerouteResponseDto))]
[JsonSerializable(typeof(RerouteStatusDto))]
[JsonSerializable(typeof(RotationDto))]
[JsonSerializable(typeof(RotationGroupDto))]
[JsonSerializable(typeof(ScheduleEntryDto))]
[JsonSerializable(typeof(ScheduleRollDto))]
[JsonSerializable(typeof(ScheduledOverrideDto))]
[JsonSerializable(typeof(TakeResultDto))]
[JsonSerializable(typeof(TeamDto))]
[JsonSerializable(typeof(TeamScheduleDto))]
[JsonSerializable(typeof(UserDto))]
internal sealed partial class EngineJsonContext : JsonSerializerContext
{
}
