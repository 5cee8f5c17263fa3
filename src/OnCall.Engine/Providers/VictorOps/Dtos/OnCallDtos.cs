using System;
using System.Collections.Generic;
using System.Text.Json;

namespace OnCall.Engine.Providers.VictorOps.Dtos;

// GET /api-public/v1/oncall/current. The spec says onCallNow/onCallUser; the live API has been seen
// sending oncallNow/onCalluser. Binding is case-insensitive, so both land here.

internal sealed class OnCallTeamEntryDto
{
    public NamedRef? Team { get; set; }

    public List<JsonElement>? OnCallNow { get; set; }
}

internal sealed class OnCallNowDto
{
    public NamedRef? EscalationPolicy { get; set; }

    public List<JsonElement>? Users { get; set; }
}

internal sealed class OnCallUserEntryDto
{
    public UserRef? OnCallUser { get; set; }
}

// GET /api-public/v2/team/{team}/oncall/schedule ({team, schedules}) and
// /v2/user/{user}/oncall/schedule ({teamSchedules:[TeamSchedule]}).

internal sealed class TeamScheduleDto
{
    public NamedRef? Team { get; set; }

    public List<PolicyScheduleDto>? Schedules { get; set; }
}

internal sealed class PolicyScheduleDto
{
    public NamedRef? Policy { get; set; }

    public List<JsonElement>? Schedule { get; set; }

    public List<ScheduleOverrideDto>? Overrides { get; set; }
}

internal sealed class ScheduleEntryDto
{
    public UserRef? OnCallUser { get; set; }

    public UserRef? OverrideOnCallUser { get; set; }

    public string? OnCallType { get; set; }

    public string? RotationName { get; set; }

    public string? ShiftName { get; set; }

    public DateTimeOffset? ShiftRoll { get; set; }

    public List<JsonElement>? Rolls { get; set; }
}

internal sealed class ScheduleRollDto
{
    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    public UserRef? OnCallUser { get; set; }

    public bool? IsRoll { get; set; }
}

internal sealed class ScheduleOverrideDto
{
    public UserRef? OrigOnCallUser { get; set; }

    public UserRef? OverrideOnCallUser { get; set; }

    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    public NamedRef? Policy { get; set; }
}

/// <summary>PATCH /v1/policies/{policy}/oncall/user answer.</summary>
internal sealed class TakeResultDto
{
    public string? Result { get; set; }
}
