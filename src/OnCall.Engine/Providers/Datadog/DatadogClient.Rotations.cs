using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Operations;
using OnCall.Engine.Rotations;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.Datadog;

/// <summary>
/// Rotations on Datadog: one per layer of each schedule, read with the whole schedule (every layer and member
/// id, empty slots, the interval as Datadog has it), written back whole (POST and PUT /api/v2/on-call/schedules,
/// research-9 1.2 and 1.3) and deleted (DELETE, or a PUT without one layer).
/// </summary>
internal sealed partial class DatadogClient : IRotationWriter
{
    public RotationCapabilities Capabilities => RotationCapabilities.Datadog;

    public async Task GetRotationsAsync(IReadOnlyList<string> teams, IReadOnlyList<string> ids, IOperationSink sink, CancellationToken cancellationToken)
    {
        // Ids may name schedules or single layers: layers are found inside the schedules they belong to.
        var wanted = (ids ?? Array.Empty<string>()).Where(i => !string.IsNullOrWhiteSpace(i)).ToList();
        var refs = (await ResolveSchedulesAsync(Array.Empty<string>(), teams ?? Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink);
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        // One schedule's read does not depend on another's: in flight together, written in schedule order.
        await FanOut.InOrderAsync(
            refs,
            FanOut.BudgetedInFlight,
            (scheduleRef, token) => GetScheduleAsync(scheduleRef.Id, sink, token),
            (scheduleRef, read) =>
            {
                if (!FanOut.Succeeded(read, sink, scheduleRef.Name, out var schedule))
                {
                    return;
                }

                foreach (var rotation in RotationView.ToRotations(DatadogRotations.FromSchedule(schedule), Connection, raw: schedule.Raw))
                {
                    var match = wanted.FirstOrDefault(w => Wildcard.IsMatch(schedule.Id, w) || Wildcard.IsMatch(schedule.Name, w) || Wildcard.IsMatch(rotation.Id, w) || Wildcard.IsMatch(rotation.Name, w));
                    if (wanted.Count == 0 || match is not null)
                    {
                        if (match is not null)
                        {
                            found.Add(match);
                        }

                        sink.WriteObject(rotation);
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);

        foreach (var missing in wanted.Where(w => !found.Contains(w) && !Wildcard.HasWildcards(w)))
        {
            sink.WriteError(RotationNotFound(missing));
        }
    }

    /// <summary>The schedule an id names: a schedule (by id or name), or the schedule holding a layer of that id or name.</summary>
    public async Task<RotationDefinition> GetDefinitionAsync(RotationAddress address, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (IsUuid(address.ScheduleId))
        {
            return DatadogRotations.FromSchedule(await GetScheduleAsync(address.ScheduleId!, sink, cancellationToken).ConfigureAwait(false));
        }

        var schedules = await ListSchedulesAsync(sink, cancellationToken).ConfigureAwait(false);
        var named = schedules.Where(s => string.Equals(s.Id, address.Id, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Name, address.Id, StringComparison.OrdinalIgnoreCase)
            || string.Equals(s.Name, address.ScheduleId, StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var candidate in named.Count > 0 ? named : schedules)
        {
            var schedule = await GetScheduleAsync(candidate.Id, sink, cancellationToken).ConfigureAwait(false);
            if (named.Count > 0 || schedule.Layers.Any(l => string.Equals(l.Id, address.Id, StringComparison.OrdinalIgnoreCase) || string.Equals(l.Name, address.Id, StringComparison.OrdinalIgnoreCase)))
            {
                return DatadogRotations.FromSchedule(schedule);
            }
        }

        throw RotationNotFound(address.Id);
    }

    /// <summary>Each person by id, e-mail or name (GET /api/v2/users?filter=, known users first); null where nobody matches.</summary>
    public async Task<IReadOnlyList<RotationMember?>> FindMembersAsync(IReadOnlyList<RotationMember> wanted, IOperationSink sink, CancellationToken cancellationToken)
    {
        var result = new List<RotationMember?>();
        foreach (var hint in wanted)
        {
            DatadogUser? user = null;
            foreach (var text in new[] { hint.Id, hint.Email, hint.Name, hint.Display }.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                try
                {
                    user = await FindUserAsync(text!, sink, cancellationToken).ConfigureAwait(false);

                    // An id GET /api/v2/users/{id} does not know comes back as the bare id: nobody.
                    if (user.Email is null && user.Name is null && user.Handle is null)
                    {
                        user = null;
                        continue;
                    }

                    break;
                }
                catch (OnCallException ex) when (ex.Kind == OnCallErrorKind.NotFound)
                {
                }
            }

            result.Add(user is null ? null : new RotationMember { Id = user.Id, Name = user.Name, Email = user.Email, Display = user.Display });
        }

        return result;
    }

    public async Task SetTeamsAsync(RotationDefinition definition, IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (teams.Count == 0)
        {
            return;
        }

        var found = (await ResolveTeamsAsync(teams, sink, cancellationToken).ConfigureAwait(false)).OrThrow();
        definition.TeamIds.Clear();
        foreach (var team in found)
        {
            definition.TeamIds.Add(team.Id);
        }

        definition.Team = string.Join(", ", found.Select(t => t.Name));
    }

    public async Task<RotationDefinition> CreateAsync(RotationDefinition definition, IOperationSink sink, CancellationToken cancellationToken)
    {
        // With the include, the answer holds the layers and users: no second read.
        var request = new ApiRequest("POST", SchedulesPath).WithQuery("include", ScheduleInclude);
        request.Body = DatadogRotations.CreateBody(definition);
        request.WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check whether a schedule '{0}' was created", definition.Name);
        return await SendScheduleAsync(request, sink, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RotationDefinition> UpdateAsync(RotationDefinition current, RotationDefinition desired, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("PUT", Path(SchedulesPath + "/{0}", current.Id!)).WithQuery("include", ScheduleInclude);
        request.Body = DatadogRotations.UpdateBody(desired);
        request.WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check whether schedule '{0}' ({1}) was changed", current.Name, current.Id);
        return await SendScheduleAsync(request, sink, cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(RotationDefinition current, RotationLayer? layer, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (layer is not null)
        {
            var rest = current.Clone();
            rest.Layers.RemoveAt(current.Layers.IndexOf(layer));
            _ = await UpdateAsync(current, rest, sink, cancellationToken).ConfigureAwait(false);
            return;
        }

        var request = new ApiRequest("DELETE", Path(SchedulesPath + "/{0}", current.Id!));
        request.WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check whether schedule '{0}' ({1}) is gone", current.Name, current.Id);
        using var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Datadog has no validation call: the module's checks are all there is.</summary>
    public Task<RotationValidation?> ValidateAsync(RotationDefinition definition, IOperationSink sink, CancellationToken cancellationToken) =>
        Task.FromResult<RotationValidation?>(null);

    public IReadOnlyList<Rotation> ToRotations(RotationDefinition definition) => RotationView.ToRotations(definition, Connection);

    private async Task<RotationDefinition> SendScheduleAsync(ApiRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        using var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        Remember(response.RootElement);
        return response.Interpret(answer => DatadogRotations.FromSchedule(DatadogSchedule.FromDocument(answer.RootElement)));
    }

    private OnCallException RotationNotFound(string name) =>
        new(OnCallErrorKind.NotFound, RotationPlanner.RotationNotFound, string.Format(CultureInfo.InvariantCulture, "Datadog has no schedule or layer with the id or name '{0}'.", name), Provider, name);
}
