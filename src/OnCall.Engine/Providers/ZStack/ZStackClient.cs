using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Connections;
using OnCall.Engine.Http;
using OnCall.Engine.Json;
using OnCall.Engine.Scheduling;

using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.ZStack;

/// <summary>
/// ZStack "Alerting &amp; Response": on-call schedules (rendered by the schedule engine), the current shift,
/// overrides (create only: there is no list or delete endpoint) and alert events (list, get, acknowledge, resolve).
/// </summary>
public sealed class ZStackClient : IProviderClient, IOnCallUserSource, IScheduleSource, IRotationSource, IOverrideSource, IIncidentSource, IIncidentActions
{
    private const string Schedules = "/api/v1/oncall/schedules";
    private const string Events = "/api/v1/alerting/events";
    private const int PageSize = 200;

    private readonly ApiClient _client;
    private readonly OnCallConnection _info;

    public ZStackClient(ConnectionSettings settings, ApiClient client, OnCallConnection info)
    {
        _ = settings;
        _client = client;
        _info = info;
    }

    public OnCallProvider Provider => OnCallProvider.ZStack;

    private string Connection => _info.Name;

    public async Task ValidateAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", Schedules).WithQuery("limit", "1");
        _ = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- schedules

    /// <summary>Every schedule, following the items/total/limit/offset envelope until all are read.</summary>
    internal async Task<List<ZStackSchedule>> ListSchedulesAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        var result = new List<ZStackSchedule>();
        var offset = 0;
        while (true)
        {
            var request = new ApiRequest("GET", Schedules)
                .WithQuery("limit", PageSize.ToString(CultureInfo.InvariantCulture))
                .WithQuery("offset", offset.ToString(CultureInfo.InvariantCulture));
            var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
            using var document = response.ParseDocument();
            var items = document.RootElement.Items("items").ToList();
            result.AddRange(items.Select(ZStackSchedule.FromJson));
            offset += items.Count;
            var total = document.RootElement.Int("total");

            // A server that ignores limit/offset returns everything at once (and no total): stop there.
            if (items.Count == 0 || total is null || offset >= total.Value || document.RootElement.Int("offset") is null)
            {
                return result;
            }
        }
    }

    /// <summary>
    /// The schedules the names or uuids select (wildcards allowed); all when none are given. A name that matches
    /// nothing is a non-terminating NotFound error naming it.
    /// </summary>
    internal async Task<List<ZStackSchedule>> ResolveSchedulesAsync(IReadOnlyList<string> names, IOperationSink sink, CancellationToken cancellationToken)
    {
        var wanted = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();
        var all = await ListSchedulesAsync(sink, cancellationToken).ConfigureAwait(false);
        if (wanted.Count == 0)
        {
            return all;
        }

        var selected = new List<ZStackSchedule>();
        foreach (var name in wanted)
        {
            var matches = all.Where(s => Wildcard.IsMatch(s.Uuid, name) || Wildcard.IsMatch(s.Name, name)).ToList();
            if (matches.Count == 0 && !Wildcard.HasWildcards(name))
            {
                // The list may be capped by the server; ask for the uuid directly before giving up.
                var direct = new ApiRequest("GET", VendorProfile.Path(_client.Profile, Schedules + "/{0}", name));
                direct.AcceptedStatuses.Add(404);
                var response = await _client.SendAsync(direct, sink, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != 404)
                {
                    using var document = response.ParseDocument();
                    matches.Add(ZStackSchedule.FromJson(document.RootElement));
                }
            }

            if (matches.Count == 0)
            {
                if (!Wildcard.HasWildcards(name))
                {
                    sink.WriteError(ScheduleNotFound(name));
                }

                continue;
            }

            foreach (var match in matches.Where(m => selected.All(s => s.Uuid != m.Uuid)))
            {
                selected.Add(match);
            }
        }

        return selected;
    }

    private static OnCallException ScheduleNotFound(string name) => new(
        OnCallErrorKind.NotFound,
        "ScheduleNotFound",
        string.Format(CultureInfo.InvariantCulture, "ZStack has no on-call schedule named or with the uuid '{0}'.", name),
        OnCallProvider.ZStack,
        name)
    {
        RecommendedAction = "Run Get-OnCallRotation to list the schedules of the connection.",
    };

    public async Task GetRotationsAsync(IReadOnlyList<string> teams, IReadOnlyList<string> ids, IOperationSink sink, CancellationToken cancellationToken)
    {
        // ZStack has no teams: a schedule is the unit, so team names select schedules too.
        var names = (teams ?? Array.Empty<string>()).Concat(ids ?? Array.Empty<string>()).ToList();
        foreach (var schedule in await ResolveSchedulesAsync(names, sink, cancellationToken).ConfigureAwait(false))
        {
            sink.WriteObject(schedule.ToRotation(Connection));
        }
    }

    public async Task GetShiftsAsync(ScheduleQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        var names = query.Schedules.Concat(query.Teams).ToList();
        var schedules = await ResolveSchedulesAsync(names, sink, cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        foreach (var schedule in schedules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var definition = schedule.ToDefinition(Provider, Connection);
            if (definition is null)
            {
                sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "ZStack schedule '{0}' has no members or no start date: nobody is on call.", schedule.Name));
                continue;
            }

            // ZStack cannot list overrides; the one running now shows in the current shift, so the window that
            // holds "now" gets it, and the rendering is checked against ZStack's own answer.
            if (query.Start <= now && now < query.End)
            {
                var current = await CurrentShiftAsync(schedule, sink, cancellationToken).ConfigureAwait(false);
                definition = Check(schedule, definition, current, now, sink);
            }

            sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "ZStack schedule '{0}': overrides other than the current one are not visible (ZStack has no list-overrides API).", schedule.Name));
            foreach (var shift in definition.Render(query.Start, query.End))
            {
                if (query.Users.Count == 0 || query.Users.Any(u => Matches(schedule, shift.User, u) || Matches(schedule, shift.OriginalUser, u)))
                {
                    shift.Raw = schedule.Raw;
                    sink.WriteObject(shift);
                }
            }
        }
    }

    private ScheduleDefinition Check(ZStackSchedule schedule, ScheduleDefinition definition, JsonElement? current, DateTimeOffset now, IOperationSink sink)
    {
        if (current is not { } shift)
        {
            return definition;
        }

        var userId = shift.Str("userId");
        var user = schedule.FindMember(userId)?.UserName ?? shift.Str("userName") ?? userId;
        if (user is null)
        {
            return definition;
        }

        if (shift.Bool("isOverride") == true && shift.Time("startTime") is { } start && shift.Time("endTime") is { } end && end > start)
        {
            var withOverride = schedule.ToDefinition(Provider, Connection, new[] { new ScheduleOverride(user, start, end) })!;
            return withOverride;
        }

        var rendered = definition.WhoIsOnCall(now);
        if (rendered is null || !string.Equals(rendered.User, user, StringComparison.OrdinalIgnoreCase))
        {
            sink.WriteWarning(string.Format(
                CultureInfo.InvariantCulture,
                "ZStack says {0} is on call for '{1}' now, but the schedule definition gives {2}; the rendered shifts may be off.",
                user,
                schedule.Name,
                rendered?.User ?? "nobody"));
        }

        return definition;
    }

    private static bool Matches(ZStackSchedule schedule, string? shown, string wanted)
    {
        if (shown is null)
        {
            return false;
        }

        if (Wildcard.IsMatch(shown, wanted))
        {
            return true;
        }

        var member = schedule.FindMember(shown);
        return member is not null && Wildcard.IsMatch(member.UserId, wanted);
    }

    /// <summary>GET current-shift: null when nobody is on call (ZStack answers 404 NO_CURRENT_SHIFT).</summary>
    private async Task<JsonElement?> CurrentShiftAsync(ZStackSchedule schedule, IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", VendorProfile.Path(_client.Profile, Schedules + "/{0}/current-shift", schedule.Uuid));
        request.AcceptedStatuses.Add(404);
        var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        using var document = response.ParseDocument();
        if (response.StatusCode == 404)
        {
            // A missing schedule is an error; "nobody on call" is an answer.
            if (response.Content.IndexOf("NO_CURRENT_SHIFT", StringComparison.OrdinalIgnoreCase) < 0)
            {
                throw ScheduleNotFound(schedule.Uuid);
            }

            return null;
        }

        var root = document.RootElement;
        return root.Str("userId") is null && root.Str("userName") is null ? null : root.Clone();
    }

    // ---------------------------------------------------------------- who is on call

    public async Task GetOnCallUsersAsync(OnCallUserQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        var names = query.Schedules.Concat(query.Teams).Concat(query.Policies).ToList();
        var schedules = await ResolveSchedulesAsync(names, sink, cancellationToken).ConfigureAwait(false);
        foreach (var schedule in schedules)
        {
            try
            {
                var user = query.At is { } at && Math.Abs((at - DateTimeOffset.UtcNow).TotalMinutes) > 1
                    ? RenderedUserAt(schedule, at, sink)
                    : await CurrentUserAsync(schedule, sink, cancellationToken).ConfigureAwait(false);
                if (user is null)
                {
                    sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Nobody is on call for ZStack schedule '{0}'.", schedule.Name));
                    continue;
                }

                if (query.Users.Count == 0 || query.Users.Any(u => Wildcard.IsMatch(user.User, u) || Wildcard.IsMatch(user.UserId, u)))
                {
                    sink.WriteObject(user);
                }
            }
            catch (OnCallException ex)
            {
                sink.WriteError(ex.WithTarget(schedule.Name));
            }
        }
    }

    private async Task<OnCallUser?> CurrentUserAsync(ZStackSchedule schedule, IOperationSink sink, CancellationToken cancellationToken)
    {
        var current = await CurrentShiftAsync(schedule, sink, cancellationToken).ConfigureAwait(false);
        if (current is not { } shift)
        {
            return null;
        }

        var userId = shift.Str("userId");
        var isOverride = shift.Bool("isOverride") ?? false;
        string? original = null;
        if (isOverride && schedule.ToDefinition(Provider, Connection) is { } definition)
        {
            // Whoever the definition puts on call when the override's part of the shift begins.
            original = definition.WhoIsOnCall(shift.Time("startTime") ?? DateTimeOffset.UtcNow)?.User;
        }

        return new OnCallUser
        {
            Provider = Provider,
            Connection = Connection,
            Schedule = schedule.Name,
            ScheduleId = schedule.Uuid,
            User = shift.Str("userName") ?? schedule.FindMember(userId)?.UserName ?? userId ?? string.Empty,
            UserId = userId,
            Start = shift.Time("startTime"),
            End = shift.Time("endTime"),
            IsOverride = isOverride,
            OriginalUser = original,
            Raw = RawJson.ToDictionary(shift),
        };
    }

    /// <summary>ZStack answers only "now"; another time comes from the rendered definition (overrides unknown).</summary>
    private OnCallUser? RenderedUserAt(ZStackSchedule schedule, DateTimeOffset at, IOperationSink sink)
    {
        var definition = schedule.ToDefinition(Provider, Connection);
        if (definition is null)
        {
            return null;
        }

        sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "ZStack answers only for now: computing who is on call for '{0}' at {1:u} from its definition (overrides not included).", schedule.Name, at));
        var span = schedule.Duration > TimeSpan.FromDays(1) ? schedule.Duration : TimeSpan.FromDays(1);
        var shift = definition.Render(at - span - span, at + span + span).FirstOrDefault(s => s.Start <= at && at < s.End);
        if (shift is null)
        {
            return null;
        }

        return new OnCallUser
        {
            Provider = Provider,
            Connection = Connection,
            Schedule = schedule.Name,
            ScheduleId = schedule.Uuid,
            User = shift.User,
            UserId = schedule.FindMember(shift.User)?.UserId,
            Start = shift.Start,
            End = shift.End,
            Raw = schedule.Raw,
        };
    }

    // ---------------------------------------------------------------- overrides

    public Task GetOverridesAsync(OverrideQuery query, IOperationSink sink, CancellationToken cancellationToken) =>
        throw new OnCallException(
            OnCallErrorKind.NotSupported,
            "NotSupported",
            "ZStack has no API to list on-call overrides (only to create one). Get-OnCallUser shows whether the current shift is an override.",
            OnCallProvider.ZStack);

    public Task RemoveOverrideAsync(OverrideRemoval request, IOperationSink sink, CancellationToken cancellationToken) =>
        throw new OnCallException(
            OnCallErrorKind.NotSupported,
            "NotSupported",
            "ZStack has no API to delete an on-call override; remove it in the ZStack console.",
            OnCallProvider.ZStack,
            request?.Id);

    public async Task SetOverrideAsync(OverrideRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        var scheduleName = request.Schedule ?? request.Team ?? request.Policy;
        if (string.IsNullOrWhiteSpace(scheduleName) || Wildcard.HasWildcards(scheduleName!))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "ScheduleRequired", "A ZStack override needs one schedule (-Schedule, by name or uuid, no wildcards).", Provider);
        }

        if (string.IsNullOrWhiteSpace(request.User))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "UserRequired", "A ZStack override needs the user who takes over (-User).", Provider);
        }

        var found = await ResolveSchedulesAsync(new[] { scheduleName! }, NonErrorSink.Wrap(sink), cancellationToken).ConfigureAwait(false);
        if (found.Count != 1)
        {
            throw found.Count == 0
                ? ScheduleNotFound(scheduleName!)
                : new OnCallException(OnCallErrorKind.InvalidArgument, "AmbiguousSchedule", string.Format(CultureInfo.InvariantCulture, "'{0}' names {1} ZStack schedules; give the uuid.", scheduleName, found.Count), Provider, scheduleName);
        }

        var schedule = found[0];
        var now = DateTimeOffset.UtcNow;
        var start = request.Start ?? now;
        var definition = schedule.ToDefinition(Provider, Connection);
        var scheduled = FirstOf(definition?.Render(start, start.AddSeconds(1)));
        var end = request.End;
        if (end is null)
        {
            // "Take on-call now": until the end of the shift running at the start.
            var span = schedule.Duration > TimeSpan.FromDays(1) ? schedule.Duration : TimeSpan.FromDays(1);
            end = FirstOf(definition?.Render(start, start + span + span))?.End;
            if (end is null)
            {
                throw new OnCallException(OnCallErrorKind.InvalidArgument, "EndRequired", string.Format(CultureInfo.InvariantCulture, "Nobody is scheduled on '{0}' at {1:u}: give the end of the override (-End).", schedule.Name, start), Provider, schedule.Name);
            }
        }

        if (end <= start)
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidWindow", "The override must end after it starts.", Provider, schedule.Name);
        }

        var original = schedule.FindMember(request.OriginalUser) ?? schedule.FindMember(scheduled?.User);
        if (original is null)
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "OriginalUserRequired",
                string.Format(CultureInfo.InvariantCulture, "Say whom the override replaces (-OriginalUser): '{0}' is not a member of '{1}' (members: {2}).", request.OriginalUser ?? "(nobody scheduled)", schedule.Name, string.Join(", ", schedule.Members.Select(m => m.UserName + " [" + m.UserId + "]"))),
                Provider,
                schedule.Name);
        }

        var substitute = schedule.FindMember(request.User);
        var substituteId = substitute?.UserId ?? request.User.Trim();
        var body = new Dictionary<string, object?>
        {
            ["scheduleUuid"] = schedule.Uuid,
            ["originalUser"] = original.UserId,
            ["substituteUser"] = substituteId,
            ["startTime"] = ZStackJson.Format(start),
            ["endTime"] = ZStackJson.Format(end.Value),
        };
        if (!string.IsNullOrWhiteSpace(request.Reason))
        {
            body["reason"] = request.Reason;
        }

        var response = await _client.SendAsync(new ApiRequest("POST", "/api/v1/oncall/overrides") { Body = body }, sink, cancellationToken).ConfigureAwait(false);
        using var document = response.ParseDocument();
        var root = document.RootElement;
        sink.WriteObject(new Override
        {
            Provider = Provider,
            Connection = Connection,
            Id = root.Str("uuid") ?? string.Empty,
            Schedule = schedule.Name,
            ScheduleId = root.Str("scheduleUuid") ?? schedule.Uuid,
            User = substitute?.UserName ?? root.Str("substituteUser") ?? substituteId,
            OriginalUser = original.UserName,
            Start = root.Time("startTime") ?? start,
            End = root.Time("endTime") ?? end,
            TimeZone = schedule.TimeZone,
            Reason = root.Str("reason") ?? request.Reason,
            Raw = RawJson.ToDictionary(root),
        });
    }

    private static Shift? FirstOf(IReadOnlyList<Shift>? shifts) => shifts is { Count: > 0 } ? shifts[0] : null;

    // ---------------------------------------------------------------- alert events

    public async Task GetIncidentsAsync(IncidentQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (query.Ids.Count > 0)
        {
            foreach (var id in query.Ids)
            {
                try
                {
                    var response = await _client.SendAsync(new ApiRequest("GET", VendorProfile.Path(_client.Profile, Events + "/{0}", id)), sink, cancellationToken).ConfigureAwait(false);
                    using var document = response.ParseDocument();
                    var alert = document.RootElement.TryGetProperty("alert", out var a) && a.ValueKind == JsonValueKind.Object ? a : document.RootElement;
                    var incident = ToIncident(alert);
                    incident.Raw = RawJson.ToDictionary(document.RootElement);
                    sink.WriteObject(incident);
                }
                catch (OnCallException ex) when (ex.Kind == OnCallErrorKind.NotFound)
                {
                    sink.WriteError(new OnCallException(OnCallErrorKind.NotFound, "EventNotFound", string.Format(CultureInfo.InvariantCulture, "ZStack has no alert event '{0}'.", id), Provider, id) { StatusCode = ex.StatusCode, Request = ex.Request });
                }
            }

            return;
        }

        // No status asked: the open events (firing or acknowledged), unless history is wanted.
        var statuses = query.Statuses.Count > 0
            ? query.Statuses.Distinct().ToList()
            : query.History ? new List<IncidentStatus>() : new List<IncidentStatus> { IncidentStatus.Triggered, IncidentStatus.Acknowledged };
        var serverState = statuses.Count == 1 ? StateName(statuses[0]) : null;
        var written = 0;
        var offset = 0;
        while (true)
        {
            var request = new ApiRequest("GET", Events)
                .WithQuery("state", serverState)
                .WithQuery("limit", PageSize.ToString(CultureInfo.InvariantCulture))
                .WithQuery("offset", offset.ToString(CultureInfo.InvariantCulture));
            var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
            using var document = response.ParseDocument();
            var items = document.RootElement.Items("items").ToList();
            foreach (var item in items)
            {
                var incident = ToIncident(item);
                if ((statuses.Count > 0 && !statuses.Contains(incident.Status))
                    || (query.Start is { } from && incident.Start < from)
                    || (query.End is { } to && incident.Start >= to)
                    || (query.Services.Count > 0 && !query.Services.Any(s => Wildcard.IsMatch(incident.Service, s) || Wildcard.IsMatch(incident.Title, s))))
                {
                    continue;
                }

                sink.WriteObject(incident);
                if (query.First is { } first && ++written >= first)
                {
                    return;
                }
            }

            offset += items.Count;
            var total = document.RootElement.Int("total");
            if (items.Count == 0 || total is null || offset >= total.Value || document.RootElement.Int("offset") is null)
            {
                return;
            }
        }
    }

    internal Incident ToIncident(JsonElement e)
    {
        var acknowledgedAt = e.Time("acknowledgedAt");
        var resolvedAt = e.Time("resolvedAt");
        var notifiedAt = e.Time("notifiedAt") ?? e.Time("createDate");
        var incident = new Incident
        {
            Provider = Provider,
            Connection = Connection,
            Id = e.Str("uuid") ?? string.Empty,
            Status = ParseState(e.Str("state")),
            Title = e.Str("ruleName") ?? e.Str("message"),
            Service = e.Str("metricName"),
            Host = e.Str("resourceUuid"),
            Severity = e.Str("severity"),
            Start = notifiedAt,
            LastUpdate = new[] { notifiedAt, acknowledgedAt, resolvedAt }.Where(t => t.HasValue).Select(t => t!.Value).DefaultIfEmpty().Max() is var last && last != default ? last : null,
            User = e.Str("resolvedBy") ?? e.Str("acknowledgedBy"),
            Raw = RawJson.ToDictionary(e),
        };
        return incident;
    }

    internal static IncidentStatus ParseState(string? state) => (state ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "acknowledged" => IncidentStatus.Acknowledged,
        "resolved" => IncidentStatus.Resolved,
        _ => IncidentStatus.Triggered,
    };

    private static string StateName(IncidentStatus status) => status switch
    {
        IncidentStatus.Acknowledged => "acknowledged",
        IncidentStatus.Resolved => "resolved",
        _ => "firing",
    };

    public Task NewIncidentAsync(NewIncidentRequest request, IOperationSink sink, CancellationToken cancellationToken) =>
        throw new OnCallException(
            OnCallErrorKind.NotSupported,
            "NotSupported",
            "ZStack alert events are raised by alert rules; its API has no call that creates one.",
            OnCallProvider.ZStack);

    public async Task InvokeActionAsync(IncidentAction action, IReadOnlyList<string> ids, IncidentActionOptions options, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (action is not (IncidentAction.Acknowledge or IncidentAction.Resolve))
        {
            throw new OnCallException(OnCallErrorKind.NotSupported, "NotSupported", string.Format(CultureInfo.InvariantCulture, "ZStack alert events can be acknowledged or resolved, not {0}d.", action.ToString().ToLowerInvariant()), Provider);
        }

        var user = string.IsNullOrWhiteSpace(options.User) ? _info.UserName : options.User;
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "UserRequired",
                "ZStack records who acknowledged or resolved an event: give -User, or connect with -UserName.",
                Provider);
        }

        var (verb, field, name) = action == IncidentAction.Acknowledge ? ("acknowledge", "acknowledgedBy", "Ack") : ("resolve", "resolvedBy", "Resolve");
        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(id))
            {
                sink.WriteError(new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidEventId", "An alert event id is empty.", Provider, id));
                continue;
            }

            var body = new Dictionary<string, object?> { [field] = user, ["comment"] = options.Message ?? string.Empty };
            try
            {
                var request = new ApiRequest("POST", VendorProfile.Path(_client.Profile, Events + "/{0}/" + verb, id)) { Body = body };
                var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
                using var document = response.ParseDocument();
                var root = document.RootElement;
                sink.WriteObject(new IncidentActionResult
                {
                    Provider = Provider,
                    Connection = Connection,
                    Id = id,
                    Action = name,
                    Accepted = true,
                    User = user,
                    Message = root.Str("state") is { } state ? "state: " + state : null,
                    Raw = RawJson.ToDictionary(root),
                });
            }
            catch (OnCallException ex)
            {
                sink.WriteError(ex.WithTarget(id));
            }
        }
    }

    /// <summary>Passes everything through but errors, for look-ups whose misses the caller reports itself.</summary>
    private sealed class NonErrorSink : IOperationSink
    {
        private readonly IOperationSink _inner;

        private NonErrorSink(IOperationSink inner) => _inner = inner;

        public static NonErrorSink Wrap(IOperationSink inner) => new(inner);

        public void WriteObject(object item) => _inner.WriteObject(item);

        public void WriteError(OnCallException error)
        {
            // Dropped on purpose: the caller throws one clearer error.
        }

        public void WriteWarning(string message) => _inner.WriteWarning(message);

        public void WriteVerbose(string message) => _inner.WriteVerbose(message);

        public void WriteDebug(string message) => _inner.WriteDebug(message);

        public void WriteProgress(OperationProgress progress) => _inner.WriteProgress(progress);
    }
}
