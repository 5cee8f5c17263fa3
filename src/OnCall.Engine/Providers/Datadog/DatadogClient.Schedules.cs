using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Operations;
using OnCall.Engine.Scheduling;
using OnCall.Engine.Json;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.Datadog;

internal sealed partial class DatadogClient
{
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
        await ReadAllPagesAsync(
            () => new ApiRequest("GET", SchedulesPath),
            (_, data) => result.AddRange(data.Select(s => new ScheduleRef(s.Str("id") ?? string.Empty, s.Attr("name") ?? s.Str("id") ?? string.Empty, s.Related("teams").Select(t => t.Id).ToList()))),
            sink,
            cancellationToken).ConfigureAwait(false);

        return result;
    }

    /// <summary>
    /// Schedule ids from schedule ids or names (wildcards allowed) and from teams (their schedules); all schedules
    /// when neither is given. A plain name that matches nothing, schedule or team, is unknown (NotFound).
    /// </summary>
    internal async Task<NameResolution<ScheduleRef>> ResolveSchedulesAsync(IReadOnlyList<string> schedules, IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken)
    {
        var names = schedules.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();
        var teamNames = teams.Where(n => !string.IsNullOrWhiteSpace(n)).ToList();

        var unknown = new List<OnCallException>();

        // Only uuids: no list call needed (the list endpoint is newer than the others).
        if (teamNames.Count == 0 && names.Count > 0 && names.All(IsUuid))
        {
            return new NameResolution<ScheduleRef>(names.Distinct(StringComparer.OrdinalIgnoreCase).Select(n => new ScheduleRef(n, n, Array.Empty<string>())).ToList(), unknown);
        }

        var all = await ListSchedulesAsync(sink, cancellationToken).ConfigureAwait(false);
        var result = new List<ScheduleRef>();
        if (names.Count == 0 && teamNames.Count == 0)
        {
            return new NameResolution<ScheduleRef>(all, unknown);
        }

        foreach (var name in names)
        {
            var matches = all.Where(s => Wildcard.IsMatch(s.Id, name) || Wildcard.IsMatch(s.Name, name)).ToList();
            if (matches.Count == 0 && IsUuid(name))
            {
                matches.Add(new ScheduleRef(name, name, Array.Empty<string>()));
            }

            if (matches.Count == 0 && !Wildcard.HasWildcards(name))
            {
                unknown.Add(ScheduleNotFound(name));
            }

            result.AddRange(matches.Where(m => result.All(r => r.Id != m.Id)));
        }

        if (teamNames.Count > 0)
        {
            var teamsFound = await ResolveTeamsAsync(teamNames, sink, cancellationToken).ConfigureAwait(false);
            unknown.AddRange(teamsFound.Unknown);
            foreach (var team in teamsFound.Found)
            {
                var owned = all.Where(s => s.TeamIds.Contains(team.Id, StringComparer.OrdinalIgnoreCase)).ToList();
                if (owned.Count == 0)
                {
                    sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Datadog team '{0}' owns no on-call schedule.", team.Name));
                }

                result.AddRange(owned.Where(m => result.All(r => r.Id != m.Id)));
            }
        }

        return new NameResolution<ScheduleRef>(result, unknown);
    }

    private OnCallException ScheduleNotFound(string name) =>
        new(OnCallErrorKind.NotFound, "ScheduleNotFound", string.Format(CultureInfo.InvariantCulture, "Datadog has no on-call schedule with the id or name '{0}'.", name), Provider, name);

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
        catch (OnCallException ex) when (ex.Kind == OnCallErrorKind.NotFound || (ex.StatusCode == 400 && !IsUuid(id)))
        {
            throw ScheduleNotFound(id);
        }
    }

    /// <summary>The shifts of the schedules asked for, rendered from their layers and overrides (<see cref="RenderedSchedules"/>).</summary>
    public async Task GetShiftsAsync(ScheduleQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        var refs = (await ResolveSchedulesAsync(query.Schedules, query.Teams, sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink);
        await RenderedSchedules.WriteShiftsAsync(Provider, refs.Select(r => new Rendering(this, r)).ToList(), query.Start, query.End, query.Users, _time.GetUtcNow(), FanOut.BudgetedInFlight, sink, cancellationToken, query.Merge).ConfigureAwait(false);
    }

    /// <summary>One Datadog schedule as the engine renders it: its layers and listed overrides, checked against its responders now.</summary>
    private sealed class Rendering : IRenderedSchedule
    {
        private readonly DatadogClient _client;
        private readonly ScheduleRef _ref;
        private DatadogSchedule? _schedule;

        public Rendering(DatadogClient client, ScheduleRef scheduleRef)
        {
            _client = client;
            _ref = scheduleRef;
        }

        public string Name => _ref.Name;

        public IDictionary<string, object?>? ShiftRaw => null;

        public async Task<ScheduleDefinition?> DefinitionAsync(DateTimeOffset start, DateTimeOffset end, IOperationSink sink, CancellationToken cancellationToken)
        {
            var schedule = _schedule = await _client.GetScheduleAsync(_ref.Id, sink, cancellationToken).ConfigureAwait(false);
            var overrides = new List<Override>();
            try
            {
                overrides = await _client.ListOverridesAsync(schedule, start, end, sink, cancellationToken).ConfigureAwait(false);
            }
            catch (OnCallException ex) when (ex.Kind is OnCallErrorKind.NotFound or OnCallErrorKind.InvalidArgument or OnCallErrorKind.PermissionDenied)
            {
                // The overrides API is newer than schedules; without it the layers alone are still right.
                sink.WriteWarning(string.Format(CultureInfo.InvariantCulture, "Could not read the overrides of Datadog schedule '{0}' ({1}); the shifts show the layers only.", schedule.Name, ex.Message));
            }

            var definition = schedule.ToDefinition(_client.Connection, overrides.Where(o => o.User is not null && o.Start < o.End).Select(o => new ScheduleOverride(o.UserId ?? o.User!, o.Start!.Value, o.End!.Value, o.Id)), overrides);
            if (definition is null)
            {
                sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Datadog schedule '{0}' has no layer with members: nobody is on call.", schedule.Name));
            }

            return definition;
        }

        public async Task<VendorOnCall?> OnCallNowAsync(DateTimeOffset now, IOperationSink sink, CancellationToken cancellationToken)
        {
            var schedule = _schedule!;
            try
            {
                var responders = await _client.ScheduleRespondersAsync(schedule.Id, schedule.Name, now, sink, cancellationToken).ConfigureAwait(false);
                return new VendorOnCall(responders.Select(r => r.User).ToList());
            }
            catch (OnCallException ex) when (ex.Kind is OnCallErrorKind.NotFound or OnCallErrorKind.InvalidArgument)
            {
                sink.WriteVerbose("Could not check the rendering against Datadog's on-call answer: " + ex.Message);
                return null;
            }
        }

        /// <summary>A shift shows a user's e-mail (or handle, name, id): the others name the same user too.</summary>
        public bool Names(string shown, string wanted)
        {
            if (Wildcard.IsMatch(shown, wanted))
            {
                return true;
            }

            var user = (_schedule?.Users.Values ?? Enumerable.Empty<DatadogUser>()).Concat(_client._users.Values).FirstOrDefault(u => u.Display == shown);
            return user is not null && user.IsNamed(wanted);
        }
    }
}
