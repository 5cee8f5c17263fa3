using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;
using OnCall.Engine.Rotations;

namespace OnCall.Engine.Providers.ZStack;

/// <summary>
/// Rotations on ZStack: a schedule is one rotation. CreateOnCallSchedule, UpdateOnCallSchedule with the five
/// fields of its body, ValidateOnCallSchedule (research-9 2.2 to 2.4). There is no delete and no user directory:
/// people are the ones in ZStack's schedules, or given as 'userId=User Name'.
/// </summary>
internal sealed partial class ZStackClient : IRotationWriter
{
    public RotationCapabilities Capabilities => RotationCapabilities.ZStack;

    public async Task GetRotationsAsync(IReadOnlyList<string> teams, IReadOnlyList<string> ids, IOperationSink sink, CancellationToken cancellationToken)
    {
        // ZStack has no teams: a schedule is the unit, so team names select schedules too.
        var names = (teams ?? Array.Empty<string>()).Concat(ids ?? Array.Empty<string>()).ToList();
        foreach (var schedule in (await ResolveSchedulesAsync(names, sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink))
        {
            foreach (var rotation in RotationView.ToRotations(ZStackRotations.FromSchedule(schedule), Connection, raw: schedule.Raw))
            {
                sink.WriteObject(rotation);
            }
        }
    }

    public async Task<RotationDefinition> GetDefinitionAsync(RotationAddress address, IOperationSink sink, CancellationToken cancellationToken)
    {
        var found = (await ResolveSchedulesAsync(new[] { address.ScheduleId ?? address.Id }, sink, cancellationToken).ConfigureAwait(false)).OrThrow();
        return found.Count == 1
            ? ZStackRotations.FromSchedule(found[0])
            : throw new OnCallException(OnCallErrorKind.InvalidArgument, "AmbiguousSchedule", string.Format(CultureInfo.InvariantCulture, "'{0}' names {1} ZStack schedules; give its uuid.", address.Id, found.Count), Provider, address.Id);
    }

    /// <summary>People among the members of ZStack's schedules (by userId or userName), or typed as 'userId=User Name'.</summary>
    public async Task<IReadOnlyList<RotationMember?>> FindMembersAsync(IReadOnlyList<RotationMember> wanted, IOperationSink sink, CancellationToken cancellationToken)
    {
        var known = (await ListSchedulesAsync(sink, cancellationToken).ConfigureAwait(false)).SelectMany(s => s.Members).ToList();
        var result = new List<RotationMember?>();
        foreach (var hint in wanted)
        {
            var member = known.FirstOrDefault(m => string.Equals(m.UserId, hint.Id, StringComparison.OrdinalIgnoreCase))
                ?? known.FirstOrDefault(m => new[] { hint.Name, hint.Display }.Any(t => string.Equals(m.UserName, t?.Trim(), StringComparison.OrdinalIgnoreCase)));
            if (member is not null)
            {
                result.Add(new RotationMember { Id = member.UserId, Name = member.UserName, Display = member.UserName });
            }
            else if (hint.Id is { } id && hint.Name is { } name && !string.Equals(id, name, StringComparison.Ordinal))
            {
                // 'userId=User Name': someone in no schedule yet, named exactly.
                result.Add(new RotationMember { Id = id, Name = name, Display = name });
            }
            else
            {
                result.Add(null);
            }
        }

        return result;
    }

    /// <summary>ZStack schedules have no owners; the planner refuses -Team before any request.</summary>
    public Task SetTeamsAsync(RotationDefinition definition, IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<RotationDefinition> CreateAsync(RotationDefinition definition, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("POST", Schedules) { Body = ZStackRotations.CreateBody(definition) };
        request.WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check whether a schedule '{0}' was created", definition.Name);
        return await SendScheduleAsync(request, sink, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RotationDefinition> UpdateAsync(RotationDefinition current, RotationDefinition desired, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("PUT", VendorProfile.Path(_client.Profile, Schedules + "/{0}", current.Id!)) { Body = ZStackRotations.UpdateBody(desired) };
        request.WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check whether schedule '{0}' ({1}) was changed", current.Name, current.Id);
        return await SendScheduleAsync(request, sink, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Never called: <see cref="RotationCapabilities.CanRemove"/> is false and the planner refuses first.</summary>
    public Task RemoveAsync(RotationDefinition current, RotationLayer? layer, IOperationSink sink, CancellationToken cancellationToken) =>
        throw new OnCallException(OnCallErrorKind.NotSupported, RotationPlanner.RemoveNotSupported, "ZStack has no call that deletes an on-call schedule.", Provider, current.Name);

    /// <summary>POST .../validate with the create body; it changes nothing, so it may be sent again after a lost answer.</summary>
    public async Task<RotationValidation?> ValidateAsync(RotationDefinition definition, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("POST", Schedules + "/validate") { Body = ZStackRotations.CreateBody(definition), Idempotent = true };
        using var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        var root = response.RequireRootObject("hasConflict");
        var result = new RotationValidation { Provider = Provider, Connection = Connection, Name = definition.Name, Id = definition.Id };
        foreach (var conflict in root.Items("conflicts"))
        {
            result.Conflicts.Add(new RotationConflict
            {
                Type = conflict.Str("type") ?? "conflict",
                UserId = conflict.Str("userId"),
                User = conflict.Str("userName") ?? conflict.Str("userId"),
                Details = conflict.Str("details") ?? string.Empty,
                Source = "ZStack",
            });
        }

        foreach (var suggestion in root.Items("suggestions"))
        {
            result.Suggestions.Add(new RotationSuggestion { Type = suggestion.Str("type") ?? "suggestion", Description = suggestion.Str("description") ?? string.Empty });
        }

        // hasConflict without a listed conflict is still a conflict.
        if (root.Bool("hasConflict") == true && result.Conflicts.Count == 0)
        {
            result.Conflicts.Add(new RotationConflict { Type = "conflict", Details = "ZStack reports a conflict without details.", Source = "ZStack" });
        }

        return result;
    }

    public IReadOnlyList<Rotation> ToRotations(RotationDefinition definition) => RotationView.ToRotations(definition, Connection);

    private async Task<RotationDefinition> SendScheduleAsync(ApiRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        using var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        var root = response.RequireRootObject("uuid");
        return response.Interpret(_ => ZStackRotations.FromSchedule(ZStackSchedule.FromJson(root)));
    }
}
