using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Operations;
using OnCall.Engine.Scheduling;
using OnCall.Engine.Json;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.ZStack;

internal sealed partial class ZStackClient
{
    /// <summary>Every schedule, read page by page (<see cref="PageAsync"/>).</summary>
    internal async Task<List<ZStackSchedule>> ListSchedulesAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        var result = new List<ZStackSchedule>();
        await PageAsync(
            offset => new ApiRequest("GET", Schedules)
                .WithQuery("limit", PageSize.ToString(CultureInfo.InvariantCulture))
                .WithQuery("offset", offset.ToString(CultureInfo.InvariantCulture)),
            "on-call schedules",
            ZStackSchedule.FromJson,
            items =>
            {
                result.AddRange(items);
                return true;
            },
            sink,
            cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The schedules the names or uuids select (wildcards allowed); all when none are given. A plain name that
    /// matches nothing is unknown (ScheduleNotFound).
    /// </summary>
    internal async Task<NameResolution<ZStackSchedule>> ResolveSchedulesAsync(IReadOnlyList<string> names, IOperationSink sink, CancellationToken cancellationToken) =>
        await ResolveSchedulesAsync(names, await ListSchedulesAsync(sink, cancellationToken).ConfigureAwait(false), sink, cancellationToken).ConfigureAwait(false);

    /// <summary>The schedules <paramref name="names"/> select from a list already read (<paramref name="all"/>).</summary>
    internal async Task<NameResolution<ZStackSchedule>> ResolveSchedulesAsync(IReadOnlyList<string> names, List<ZStackSchedule> all, IOperationSink sink, CancellationToken cancellationToken)
    {
        var wanted = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();
        var unknown = new List<OnCallException>();
        if (wanted.Count == 0)
        {
            return new NameResolution<ZStackSchedule>(all, unknown);
        }

        var selected = new List<ZStackSchedule>();
        foreach (var name in wanted)
        {
            var matches = all.Where(s => Wildcard.IsMatch(s.Uuid, name) || Wildcard.IsMatch(s.Name, name)).ToList();
            if (matches.Count == 0 && !Wildcard.HasWildcards(name))
            {
                // The list may be capped by the server; ask for the uuid directly before giving up.
                if (await ReadScheduleAsync(name, sink, cancellationToken).ConfigureAwait(false) is { } direct)
                {
                    matches.Add(direct);
                }
            }

            if (matches.Count == 0)
            {
                if (!Wildcard.HasWildcards(name))
                {
                    unknown.Add(ScheduleNotFound(name));
                }

                continue;
            }

            foreach (var match in matches.Where(m => selected.All(s => s.Uuid != m.Uuid)))
            {
                selected.Add(match);
            }
        }

        return new NameResolution<ZStackSchedule>(selected, unknown);
    }

    private static OnCallException ScheduleNotFound(string name) => new(
        OnCallErrorKind.NotFound,
        "ScheduleNotFound",
        string.Format(CultureInfo.InvariantCulture, "ZStack has no on-call schedule named or with the uuid '{0}'.", name),
        OnCallProvider.ZStack,
        name);

    /// <summary>The shifts of the schedules asked for, rendered from their definitions (<see cref="RenderedSchedules"/>).</summary>
    public async Task GetShiftsAsync(ScheduleQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        var names = query.Schedules.Concat(query.Teams).ToList();
        var schedules = (await ResolveSchedulesAsync(names, sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink);
        await RenderedSchedules.WriteShiftsAsync(Provider, schedules.Select(s => new Rendering(this, s)).ToList(), query.Start, query.End, query.Users, _time.GetUtcNow(), FanOut.MaxInFlight, sink, cancellationToken, query.Merge).ConfigureAwait(false);
    }

    /// <summary>
    /// One ZStack schedule as the engine renders it. ZStack cannot list overrides; the one running now shows in
    /// its current shift, so a window that holds "now" gets that one.
    /// </summary>
    private sealed class Rendering : IRenderedSchedule
    {
        private readonly ZStackClient _client;
        private readonly ZStackSchedule _schedule;

        public Rendering(ZStackClient client, ZStackSchedule schedule)
        {
            _client = client;
            _schedule = schedule;
        }

        public string Name => _schedule.Name;

        public IDictionary<string, object?>? ShiftRaw => _schedule.Raw;

        public Task<ScheduleDefinition?> DefinitionAsync(DateTimeOffset start, DateTimeOffset end, IOperationSink sink, CancellationToken cancellationToken)
        {
            var definition = _schedule.ToDefinition(OnCallProvider.ZStack, _client.Connection);
            sink.WriteVerbose(definition is null
                ? string.Format(CultureInfo.InvariantCulture, "ZStack schedule '{0}' has no members or no start date: nobody is on call.", _schedule.Name)
                : string.Format(CultureInfo.InvariantCulture, "ZStack schedule '{0}': overrides other than the current one are not visible (ZStack has no list-overrides API).", _schedule.Name));
            return Task.FromResult(definition);
        }

        public async Task<VendorOnCall?> OnCallNowAsync(DateTimeOffset now, IOperationSink sink, CancellationToken cancellationToken)
        {
            if (await _client.CurrentShiftAsync(_schedule, sink, cancellationToken).ConfigureAwait(false) is not { } shift)
            {
                return null;
            }

            var userId = shift.Str("userId");
            var user = _schedule.FindMember(userId)?.UserName ?? shift.Str("userName") ?? userId;
            if (user is null)
            {
                return null;
            }

            var running = shift.Bool("isOverride") == true && shift.Time("startTime") is { } start && shift.Time("endTime") is { } end && end > start
                ? new ScheduleOverride(user, start, end)
                : null;
            return new VendorOnCall(new[] { user }, running);
        }

        /// <summary>A shift shows a member's user name: the member's id names it too.</summary>
        public bool Names(string shown, string wanted) =>
            Wildcard.IsMatch(shown, wanted) || (_schedule.FindMember(shown) is { } member && Wildcard.IsMatch(member.UserId, wanted));
    }

    /// <summary>
    /// GET current-shift: null when nobody is on call. ZStack documents only its 200 answer (zstack.md 1.6), so a
    /// 404 is read by what it is about, not by its body: when the schedule itself still reads, nobody is on call;
    /// when it does not, the schedule is gone (ScheduleNotFound).
    /// </summary>
    private async Task<JsonElement?> CurrentShiftAsync(ZStackSchedule schedule, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", VendorProfile.Path(_client.Profile, Schedules + "/{0}/current-shift", schedule.Uuid));
        request.AcceptedStatuses.Add(404);
        using var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404)
        {
            if (await ReadScheduleAsync(schedule.Uuid, sink, cancellationToken).ConfigureAwait(false) is null)
            {
                throw ScheduleNotFound(schedule.Uuid);
            }

            sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "ZStack answered 404 for the current shift of '{0}', whose schedule exists: nobody is on call now.", schedule.Name));
            return null;
        }

        // A 200 is a shift, and one without its user is an answer this module cannot read.
        return response.Interpret(answer =>
        {
            var shift = answer.RequireRootObject("userId", "userName");

            // The fields CurrentUserAsync reads, read here once so a wrong kind is this answer's malformed-body error.
            _ = (shift.Str("userId"), shift.Str("userName"), shift.Bool("isOverride"), shift.Time("startTime"), shift.Time("endTime"));
            return shift.Clone();
        });
    }

    /// <summary>GET the schedule by uuid; null when ZStack answers 404.</summary>
    private async Task<ZStackSchedule?> ReadScheduleAsync(string uuid, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", VendorProfile.Path(_client.Profile, Schedules + "/{0}", uuid));
        request.AcceptedStatuses.Add(404);
        using var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404)
        {
            return null;
        }

        var root = response.RequireRootObject("uuid");
        return response.Interpret(_ => ZStackSchedule.FromJson(root));
    }
}
