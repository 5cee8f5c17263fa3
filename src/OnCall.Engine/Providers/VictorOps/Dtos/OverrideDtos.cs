using System;
using System.Collections.Generic;

namespace OnCall.Engine.Providers.VictorOps.Dtos;

// Scheduled overrides: /v1/overrides, /v1/overrides/{publicId}, /assignments[/{policySlug}].
// POST answers under "schedule" in the spec and "override" on the live API; the client reads both.

internal sealed class ScheduledOverrideDto
{
    [System.Text.Json.Serialization.JsonConverter(typeof(LenientStringConverter))]
    public string? PublicId { get; set; }

    public UserRef? User { get; set; }

    public string? Timezone { get; set; }

    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    public List<OverrideAssignmentDto>? Assignments { get; set; }
}

internal sealed class OverrideAssignmentDto
{
    public NamedRef? Team { get; set; }

    public NamedRef? Policy { get; set; }

    public bool? Assigned { get; set; }

    public UserRef? User { get; set; }
}
