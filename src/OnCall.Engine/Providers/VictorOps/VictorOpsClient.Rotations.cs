using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;
using OnCall.Engine.Providers.VictorOps.Dtos;
using OnCall.Engine.Rotations;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.VictorOps;

/// <summary>
/// Rotations on VictorOps: one per shift of each rotation group, read from v2 (shifts, members, masks, who holds
/// each shift now) with the group's slug and numeric id from v1. The swagger defines no rotation writes; create,
/// delete and the per-shift scheduled user follow seed 001's endpoint list and the go-victorops client
/// (research-9 3.4, 3.5), which also uses the numeric groupId in their paths.
/// </summary>
internal sealed partial class VictorOpsClient : IRotationWriter
{
    public RotationCapabilities Capabilities => RotationCapabilities.VictorOps;

    /// <summary>
    /// Rotations of teams (all when none is named): one Rotation per shift of each rotation group. Ids filter by
    /// shift id, group id, slug or label (wildcards).
    /// </summary>
    public async Task GetRotationsAsync(IReadOnlyList<string> teams, IReadOnlyList<string> ids, IOperationSink sink, CancellationToken cancellationToken)
    {
        ids ??= Array.Empty<string>();
        foreach (var team in (await ResolveTeamsAsync(teams ?? Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink))
        {
            foreach (var (definition, raw) in await ReadGroupsAsync(team, sink, cancellationToken).ConfigureAwait(false))
            {
                foreach (var rotation in RotationView.ToRotations(definition, ConnectionName, team.Display, raw))
                {
                    if (ids.Count == 0 || ids.Any(i => Wildcard.IsMatch(rotation.Id, i) || Wildcard.IsMatch(definition.Id, i) || Wildcard.IsMatch(definition.Slug, i) || Wildcard.IsMatch(definition.Name, i)))
                    {
                        sink.WriteObject(rotation);
                    }
                }
            }
        }
    }

    /// <summary>The group a shift id (or group id, slug or label) names, in the team given or in any team.</summary>
    public async Task<RotationDefinition> GetDefinitionAsync(RotationAddress address, IOperationSink sink, CancellationToken cancellationToken)
    {
        var teams = string.IsNullOrWhiteSpace(address.Team)
            ? await GetTeamListAsync(sink, cancellationToken).ConfigureAwait(false)
            : new[] { await ResolveTeamAsync(address.Team!, sink, cancellationToken).ConfigureAwait(false) };
        foreach (var team in teams)
        {
            foreach (var (definition, _) in await ReadGroupsAsync(team, sink, cancellationToken).ConfigureAwait(false))
            {
                var group = address.ScheduleId is { } container
                    ? Names(definition, container)
                    : Names(definition, address.Id) || definition.Layers.Any(l => string.Equals(l.Id, address.Id, StringComparison.OrdinalIgnoreCase));
                if (group && (address.ScheduleId is null || Names(definition, address.Id) || definition.Layers.Any(l => string.Equals(l.Id, address.Id, StringComparison.OrdinalIgnoreCase) || string.Equals(l.Name, address.Id, StringComparison.OrdinalIgnoreCase))))
                {
                    return definition;
                }
            }
        }

        throw new OnCallException(OnCallErrorKind.NotFound, RotationPlanner.RotationNotFound, string.Format(CultureInfo.InvariantCulture, "VictorOps connection '{0}' has no rotation group or shift '{1}'.", ConnectionName, address), OnCallProvider.VictorOps, address.Id);
    }

    /// <summary>People of the organisation (GET /v1/user, cached a minute) by user name, e-mail or full name.</summary>
    public async Task<IReadOnlyList<RotationMember?>> FindMembersAsync(IReadOnlyList<RotationMember> wanted, IOperationSink sink, CancellationToken cancellationToken)
    {
        var users = (await GetUserListAsync(sink, cancellationToken).ConfigureAwait(false)).Select(u => u.User).ToList();
        return wanted.Select(hint =>
        {
            var user = users.FirstOrDefault(u => string.Equals(u.Username, hint.Id, StringComparison.OrdinalIgnoreCase))
                ?? users.FirstOrDefault(u => hint.Email is not null && string.Equals(u.Email, hint.Email, StringComparison.OrdinalIgnoreCase))
                ?? users.FirstOrDefault(u => new[] { hint.Name, hint.Display }.Any(t => t is not null && (string.Equals(FullName(u), t, StringComparison.OrdinalIgnoreCase) || string.Equals(u.Username, t, StringComparison.OrdinalIgnoreCase))));
            return user is null ? null : new RotationMember { Id = user.Username, Name = FullName(user), Email = user.Email, Display = user.Username! };
        }).ToList();
    }

    /// <summary>A group lives in exactly one team (the planner sees to it that one is named).</summary>
    public async Task SetTeamsAsync(RotationDefinition definition, IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken)
    {
        definition.Team = (await ResolveTeamAsync(teams[0], sink, cancellationToken).ConfigureAwait(false)).Slug;
    }

    /// <summary>
    /// POST /v1/teams/{team}/rotations, then the group read back from the lists: the create answer does not always
    /// carry its id (go-victorops re-lists too). A 400 about the start's date format is answered by sending the
    /// start as an ISO time, as go-victorops does: a 400 applied nothing, so this is no blind repeat of a write.
    /// </summary>
    public async Task<RotationDefinition> CreateAsync(RotationDefinition definition, IOperationSink sink, CancellationToken cancellationToken)
    {
        var team = definition.Team ?? throw InvalidArgument("TeamRequired", "A VictorOps rotation group belongs to one team, and none was named. Nothing was sent.", definition.Name);
        var path = PathOf(PublicApi + "/v1/teams/{0}/rotations", team);
        string? id;
        try
        {
            id = await PostGroupAsync(path, VictorOpsRotations.CreateBody(definition), definition, sink, cancellationToken).ConfigureAwait(false);
        }
        catch (OnCallException ex) when (ex.StatusCode == 400 && ex.Message.IndexOf("jodadate", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            id = await PostGroupAsync(path, VictorOpsRotations.CreateBody(definition, isoStart: true), definition, sink, cancellationToken).ConfigureAwait(false);
        }

        var teamDto = await ResolveTeamAsync(team, sink, cancellationToken).ConfigureAwait(false);
        var groups = (await ReadGroupsAsync(teamDto, sink, cancellationToken).ConfigureAwait(false)).Select(g => g.Definition).ToList();
        var created = id is not null ? groups.FirstOrDefault(g => g.Id == id) : null;
        created ??= groups.Count(g => g.Name == definition.Name) == 1 ? groups.Single(g => g.Name == definition.Name) : null;
        return created ?? throw new OnCallException(
            OnCallErrorKind.InvalidData,
            "CreatedNotFound",
            string.Format(CultureInfo.InvariantCulture, "VictorOps accepted rotation group '{0}' but its team's list does not show it (or shows several of that name).", definition.Name),
            OnCallProvider.VictorOps,
            definition.Name)
        {
            MayHaveApplied = true,
        };
    }

    /// <summary>The one change the API offers: who holds a shift now (PUT .../{groupId}/{shiftId}/scheduled), per changed shift.</summary>
    public async Task<RotationDefinition> UpdateAsync(RotationDefinition current, RotationDefinition desired, IOperationSink sink, CancellationToken cancellationToken)
    {
        foreach (var layer in desired.Layers)
        {
            var before = current.Layers.FirstOrDefault(l => l.Id == layer.Id);
            if (before is null || layer.CurrentMember is null || string.Equals(before.CurrentMember, layer.CurrentMember, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var member = layer.Members.FirstOrDefault(m => m.IsNamed(layer.CurrentMember))
                ?? throw InvalidArgument("NotAMember", string.Format(CultureInfo.InvariantCulture, "{0} is not a member of shift '{1}' ({2}); nothing was sent.", layer.CurrentMember, layer.Name, RotationDiff.Members(layer.Members)), layer.CurrentMember);
            var request = new ApiRequest("PUT", PathOf(PublicApi + "/v1/teams/{0}/rotations/{1}/{2}/scheduled", current.Team!, current.Id!, layer.Id!))
            {
                Body = VictorOpsRotations.ScheduledBody(member.Id!, member.Slug),
            };
            request.WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check who holds shift '{0}' of group '{1}'", layer.Name, current.Name);
            using var response = await SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        }

        return await GetDefinitionAsync(new RotationAddress { Id = current.Id!, ScheduleId = current.Id, Team = current.Team }, sink, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>DELETE /v1/teams/{team}/rotations/{groupId}: the whole group (there is no per-shift delete in seed 001).</summary>
    public async Task RemoveAsync(RotationDefinition current, RotationLayer? layer, IOperationSink sink, CancellationToken cancellationToken)
    {
        // go-victorops sends {} with its DELETE.
        var request = new ApiRequest("DELETE", PathOf(PublicApi + "/v1/teams/{0}/rotations/{1}", current.Team!, current.Id!)) { Body = "{}" };
        request.WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check whether rotation group '{0}' is gone", current.Name);
        using var response = await SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>VictorOps has no validation call: the module's checks are all there is.</summary>
    public Task<RotationValidation?> ValidateAsync(RotationDefinition definition, IOperationSink sink, CancellationToken cancellationToken) =>
        Task.FromResult<RotationValidation?>(null);

    public IReadOnlyList<Rotation> ToRotations(RotationDefinition definition) =>
        RotationView.ToRotations(definition, ConnectionName, _teams?.Items.FirstOrDefault(t => string.Equals(t.Slug, definition.Team, StringComparison.OrdinalIgnoreCase))?.Display);

    private async Task<string?> PostGroupAsync(string path, string body, RotationDefinition definition, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("POST", path) { Body = body };
        request.WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check whether a rotation group '{0}' was created in team {1}", definition.Name, definition.Team);
        using var response = await SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        return response.RootElement.Str("id") ?? response.RootElement.Str("groupId");
    }

    /// <summary>A team's groups: v1 (note the plural "teams") knows each group's slug, v2 its shifts, members and masks.</summary>
    private async Task<List<(RotationDefinition Definition, IDictionary<string, object?>? Raw)>> ReadGroupsAsync(TeamDto team, IOperationSink sink, CancellationToken cancellationToken)
    {
        var slug = team.Slug ?? team.Display;
        var slugs = new Dictionary<string, RotationGroupDto>(StringComparer.OrdinalIgnoreCase);
        using (var groups = await SendAsync(new ApiRequest("GET", PathOf(PublicApi + "/v1/teams/{0}/rotations", slug)), sink, cancellationToken, ex => TeamNotFound(team.Display, Array.Empty<TeamDto>())).ConfigureAwait(false))
        {
            foreach (var element in VictorOpsJson.List(groups, "rotationGroups"))
            {
                var group = VictorOpsJson.Bind<RotationGroupDto>(element, "a rotation group");
                slugs[group.GroupId ?? group.Label ?? string.Empty] = group;
            }
        }

        var people = (await GetUserListAsync(sink, cancellationToken).ConfigureAwait(false)).Select(u => u.User).Where(u => u.Username is not null)
            .GroupBy(u => u.Username!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var result = new List<(RotationDefinition, IDictionary<string, object?>?)>();
        using var document = await SendAsync(new ApiRequest("GET", PathOf(PublicApi + "/v2/team/{0}/rotations", slug)), sink, cancellationToken, ex => TeamNotFound(team.Display, Array.Empty<TeamDto>())).ConfigureAwait(false);
        foreach (var element in VictorOpsJson.List(document, "rotations"))
        {
            var groupId = element.Str("groupId");
            slugs.TryGetValue(groupId ?? element.Str("label") ?? string.Empty, out var group);
            var definition = document.Interpret(_ => VictorOpsRotations.FromJson(element, group?.Slug, slug, username => people.TryGetValue(username, out var user) ? (FullName(user), user.Email) : (null, null)));
            result.Add((definition, VictorOpsJson.Raw(element)));
        }

        return result;
    }

    private static bool Names(RotationDefinition definition, string text) =>
        string.Equals(definition.Id, text, StringComparison.OrdinalIgnoreCase) || string.Equals(definition.Slug, text, StringComparison.OrdinalIgnoreCase) || string.Equals(definition.Name, text, StringComparison.OrdinalIgnoreCase);

    private static string? FullName(UserDto user) =>
        string.IsNullOrWhiteSpace(user.FirstName) && string.IsNullOrWhiteSpace(user.LastName) ? user.DisplayName : (user.FirstName + " " + user.LastName).Trim();
}
