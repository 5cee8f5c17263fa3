using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Providers.VictorOps.Dtos;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.VictorOps;

internal sealed partial class VictorOpsClient
{
    // A shift longer than a century is no shift (and beyond TimeSpan's range): shown without a length.
    private const double MaxShiftDays = 36500;

    /// <summary>
    /// Rotations of teams (all when none is named): one Rotation per shift of each rotation group
    /// (GET /v2/team/{team}/rotations), with the group's rtg- slug from GET /v1/teams/{team}/rotations.
    /// Ids filter by shift id, group id, slug or label (wildcards).
    /// </summary>
    public async Task GetRotationsAsync(IReadOnlyList<string> teams, IReadOnlyList<string> ids, IOperationSink sink, CancellationToken cancellationToken)
    {
        ids ??= Array.Empty<string>();
        foreach (var team in (await ResolveTeamsAsync(teams ?? Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink))
        {
            var slug = team.Slug ?? team.Display;

            // v1 (note the plural "teams") knows each group's slug; v2 knows its shifts and members.
            var slugs = new Dictionary<string, RotationGroupDto>(StringComparer.OrdinalIgnoreCase);
            using (var groups = await SendJsonAsync(new ApiRequest("GET", PathOf(PublicApi + "/v1/teams/{0}/rotations", slug)), sink, cancellationToken, ex => TeamNotFound(team.Display, Array.Empty<TeamDto>())).ConfigureAwait(false))
            {
                foreach (var element in VictorOpsJson.List(groups, "rotationGroups"))
                {
                    var group = VictorOpsJson.Bind<RotationGroupDto>(element, "a rotation group");
                    slugs[group.GroupId ?? group.Label ?? string.Empty] = group;
                }
            }

            using var document = await SendJsonAsync(new ApiRequest("GET", PathOf(PublicApi + "/v2/team/{0}/rotations", slug)), sink, cancellationToken, ex => TeamNotFound(team.Display, Array.Empty<TeamDto>())).ConfigureAwait(false);
            foreach (var element in VictorOpsJson.List(document, "rotations"))
            {
                var rotation = VictorOpsJson.Bind<RotationDto>(element, "a rotation");
                slugs.TryGetValue(rotation.GroupId ?? rotation.Label ?? string.Empty, out var group);
                var groupSlug = group?.Slug ?? rotation.GroupId;
                var shifts = rotation.Shifts ?? new List<RotationShiftDto>();
                var raw = VictorOpsJson.Raw(element);
                if (shifts.Count == 0)
                {
                    shifts.Add(new RotationShiftDto { ShiftId = rotation.GroupId, Label = rotation.Label });
                }

                foreach (var shift in shifts)
                {
                    if (ids.Count > 0 && !ids.Any(i => Wildcard.IsMatch(shift.ShiftId, i) || Wildcard.IsMatch(rotation.GroupId, i) || Wildcard.IsMatch(groupSlug, i) || Wildcard.IsMatch(rotation.Label, i)))
                    {
                        continue;
                    }

                    var item = Stamp(
                        new Rotation
                        {
                            Id = shift.ShiftId ?? rotation.GroupId ?? string.Empty,
                            Name = shift.Label ?? rotation.Label ?? string.Empty,
                            Team = team.Display,
                            Schedule = rotation.Label,
                            ScheduleId = groupSlug,
                            ShiftLength = shift.Duration is { } days && days > 0 && days <= MaxShiftDays ? TimeSpan.FromDays(days) : null,
                            TimeZone = shift.Timezone,
                            Start = shift.Start,
                        },
                        raw);
                    foreach (var member in shift.ShiftMembers ?? new List<UserRef>())
                    {
                        if (!string.IsNullOrEmpty(member.Username))
                        {
                            item.Members.Add(member.Username!);
                        }
                    }

                    sink.WriteObject(item);
                }
            }
        }
    }
}
