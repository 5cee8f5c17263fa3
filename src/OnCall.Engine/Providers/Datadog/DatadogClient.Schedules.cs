using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Scheduling;

using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.Datadog;

public sealed partial class DatadogClient
{
    // ================================================================ schedules

    internal sealed class ScheduleRef
    {
        public ScheduleRef(string id, string name, IReadOnlyList<string> teamIds)
        {
            Id = id;
            Name = name;
            TeamIds = teamIds;
        }

        public string Id { get; }

        public string Name { get; }

        public IReadOnlyList<string> TeamIds { get; }
    }

    /// <summary>GET /api/v2/on-call/schedules, every page (the list answer carries names and teams only).</summary>
    internal async Task<List<ScheduleRef>> ListSchedulesAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        var result = new List<ScheduleRef>();
        for (var page = 0; page < 1000; page++)
        {
            var request = new ApiRequest("GET", SchedulesPath)
                .WithQuery("page[size]", PageSize.ToString(CultureInfo.InvariantCulture))
                .WithQuery("page[number]", page.ToString(CultureInfo.InvariantCulture));
            using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
            var data = Data(document);
            result.AddRange(data.Select(s => new ScheduleRef(s.Str("id") ?? string.Empty, s.Attr("name") ?? s.Str("id") ?? string.Empty, s.Related("teams").Select(t => t.Id).ToList())));
            if (data.Count < PageSize)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>
    /// Schedule ids from schedule ids or names (wildcards allowed) and from teams (their schedules); all schedules
    /// when neither is given. Unknown names are NotFound errors naming them.
    /// </summary>
    internal async Task<List<ScheduleRef>> ResolveSchedulesAsync(IReadOnlyList<string> schedules, IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken)
    {
        var names = schedules.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();
        var teamNames = teams.Where(n => !string.IsNullOrWhiteSpace(n)).ToList();

        // Only uuids: no list call needed (the list endpoint is newer than the others).
        if (teamNames.Count == 0 && names.Count > 0 && names.All(DatadogJson.IsUuid))
        {
            return names.Distinct(StringComparer.OrdinalIgnoreCase).Select(n => new ScheduleRef(n, n, Array.Empty<string>())).ToList();
        }

        var all = await ListSchedulesAsync(sink, cancellationToken).ConfigureAwait(false);
        var result = new List<ScheduleRef>();
        if (names.Count == 0 && teamNames.Count == 0)
        {
            return all;
        }

        foreach (var name in names)
        {
            var matches = all.Where(s => Wildcard.IsMatch(s.Id, name) || Wildcard.IsMatch(s.Name, name)).ToList();
            if (matches.Count == 0 && DatadogJson.IsUuid(name))
            {
                matches.Add(new ScheduleRef(name, name, Array.Empty<string>()));
            }

            if (matches.Count == 0 && !Wildcard.HasWildcards(name))
            {
                sink.WriteError(ScheduleNotFound(name));
            }

            result.AddRange(matches.Where(m => result.All(r => r.Id != m.Id)));
        }

        if (teamNames.Count > 0)
        {
            foreach (var team in await ResolveTeamsAsync(teamNames, sink, cancellationToken).ConfigureAwait(false))
            {
                var owned = all.Where(s => s.TeamIds.Contains(team.Id, StringComparer.OrdinalIgnoreCase)).ToList();
                if (owned.Count == 0)
                {
                    sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Datadog team '{0}' owns no on-call schedule.", team.Name));
                }

                result.AddRange(owned.Where(m => result.All(r => r.Id != m.Id)));
            }
        }

        return result;
    }

    private OnCallException ScheduleNotFound(string name) =>
        new(OnCallErrorKind.NotFound, "ScheduleNotFound", string.Format(CultureInfo.InvariantCulture, "Datadog has no on-call schedule with the id or name '{0}'.", name), Provider, name)
        {
            RecommendedAction = "Run Get-OnCallRotation to list the schedules and their layers.",
        };

    /// <summary>GET schedules/{id} with its layers, members, users and teams.</summary>
    internal async Task<DatadogSchedule> GetScheduleAsync(string id, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", Path(SchedulesPath + "/{0}", id)).WithQuery("include", ScheduleInclude);
        try
        {
            using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
            Remember(document.RootElement);
            return document.Interpret(answer => DatadogSchedule.FromDocument(answer.RootElement));
        }
        catch (OnCallException ex) when (ex.Kind == OnCallErrorKind.NotFound || (ex.StatusCode == 400 && !DatadogJson.IsUuid(id)))
        {
            throw ScheduleNotFound(id);
        }
    }

    public async Task GetShiftsAsync(ScheduleQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        var refs = await ResolveSchedulesAsync(query.Schedules, query.Teams, sink, cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < refs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sink.WriteProgress(new OperationProgress(1, "Rendering Datadog schedules", refs[i].Name) { PercentComplete = refs.Count == 0 ? -1 : i * 100 / refs.Count });
            try
            {
                var schedule = await GetScheduleAsync(refs[i].Id, sink, cancellationToken).ConfigureAwait(false);
                var overrides = new List<Override>();
                try
                {
                    overrides = await ListOverridesAsync(schedule, query.Start, query.End, sink, cancellationToken).ConfigureAwait(false);
                }
                catch (OnCallException ex) when (ex.Kind is OnCallErrorKind.NotFound or OnCallErrorKind.InvalidArgument or OnCallErrorKind.PermissionDenied)
                {
                    // The overrides API is newer than schedules; without it the layers alone are still right.
                    sink.WriteWarning(string.Format(CultureInfo.InvariantCulture, "Could not read the overrides of Datadog schedule '{0}' ({1}); the shifts show the layers only.", schedule.Name, ex.Message));
                }

                var definition = schedule.ToDefinition(Connection, overrides.Where(o => o.User is not null && o.Start < o.End).Select(o => new ScheduleOverride(o.User!, o.Start!.Value, o.End!.Value, o.Id)));
                if (definition is null)
                {
                    sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Datadog schedule '{0}' has no layer with members: nobody is on call.", schedule.Name));
                    continue;
                }

                if (query.Start <= now && now < query.End)
                {
                    await CheckAgainstVendorAsync(schedule, definition, now, sink, cancellationToken).ConfigureAwait(false);
                }

                foreach (var shift in DatadogSchedule.WithoutEmptySlots(definition.Render(query.Start, query.End)))
                {
                    if (query.Users.Count == 0 || query.Users.Any(u => Names(schedule, shift.User, u) || Names(schedule, shift.OriginalUser, u)))
                    {
                        sink.WriteObject(shift);
                    }
                }
            }
            catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
            {
                sink.WriteError(ex.WithTarget(refs[i].Name));
            }
        }

        sink.WriteProgress(new OperationProgress(1, "Rendering Datadog schedules", "Done") { Completed = true });
    }

    private bool Names(DatadogSchedule schedule, string? shown, string wanted)
    {
        if (shown is null)
        {
            return false;
        }

        if (Wildcard.IsMatch(shown, wanted))
        {
            return true;
        }

        var user = schedule.Users.Values.Concat(_users.Values).FirstOrDefault(u => u.Display == shown);
        return user is not null && user.IsNamed(wanted);
    }

    /// <summary>DESIGN: the rendering is checked against Datadog's own "who is on call now"; a difference is a warning.</summary>
    private async Task CheckAgainstVendorAsync(DatadogSchedule schedule, ScheduleDefinition definition, DateTimeOffset now, IOperationSink sink, CancellationToken cancellationToken)
    {
        try
        {
            var vendor = await ScheduleRespondersAsync(schedule.Id, schedule.Name, now, sink, cancellationToken).ConfigureAwait(false);
            var rendered = definition.WhoIsOnCall(now);
            var renderedUser = rendered is null || rendered.User == DatadogSchedule.EmptySlot ? null : rendered.User;
            var vendorUsers = vendor.Select(v => v.User).ToList();
            if (renderedUser is null ? vendorUsers.Count > 0 : !vendorUsers.Contains(renderedUser, StringComparer.OrdinalIgnoreCase))
            {
                sink.WriteWarning(string.Format(
                    CultureInfo.InvariantCulture,
                    "Datadog says {0} on call for '{1}' now, but its layers give {2}; the rendered shifts may be off.",
                    vendorUsers.Count == 0 ? "nobody is" : string.Join(", ", vendorUsers) + (vendorUsers.Count == 1 ? " is" : " are"),
                    schedule.Name,
                    renderedUser ?? "nobody"));
            }
        }
        catch (OnCallException ex) when (ex.Kind is OnCallErrorKind.NotFound or OnCallErrorKind.InvalidArgument)
        {
            sink.WriteVerbose("Could not check the rendering against Datadog's on-call answer: " + ex.Message);
        }
    }

    public async Task GetRotationsAsync(IReadOnlyList<string> teams, IReadOnlyList<string> ids, IOperationSink sink, CancellationToken cancellationToken)
    {
        // Ids may name schedules or single layers: layers are found inside the schedules they belong to.
        var wanted = (ids ?? Array.Empty<string>()).Where(i => !string.IsNullOrWhiteSpace(i)).ToList();
        var refs = await ResolveSchedulesAsync(Array.Empty<string>(), teams ?? Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false);
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var scheduleRef in refs)
        {
            try
            {
                var schedule = await GetScheduleAsync(scheduleRef.Id, sink, cancellationToken).ConfigureAwait(false);
                foreach (var rotation in schedule.ToRotations(Connection))
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
            }
            catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
            {
                sink.WriteError(ex.WithTarget(scheduleRef.Name));
            }
        }

        foreach (var missing in wanted.Where(w => !found.Contains(w) && !Wildcard.HasWildcards(w)))
        {
            sink.WriteError(new OnCallException(OnCallErrorKind.NotFound, "RotationNotFound", string.Format(CultureInfo.InvariantCulture, "Datadog has no schedule or layer with the id or name '{0}'.", missing), Provider, missing));
        }
    }
}
