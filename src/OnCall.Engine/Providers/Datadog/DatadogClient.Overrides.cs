using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;

using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.Datadog;

public sealed partial class DatadogClient
{
    // ================================================================ overrides

    private async Task<DatadogSchedule> OneScheduleAsync(string? name, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || Wildcard.HasWildcards(name!))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "ScheduleRequired", "Datadog overrides belong to one schedule: give -Schedule (id or name, no wildcards).", Provider);
        }

        var errors = new List<OnCallException>();
        var refs = await ResolveSchedulesAsync(new[] { name! }, Array.Empty<string>(), new ErrorCollectingSink(sink, errors), cancellationToken).ConfigureAwait(false);
        if (refs.Count != 1)
        {
            throw refs.Count == 0
                ? errors.FirstOrDefault() ?? ScheduleNotFound(name!)
                : new OnCallException(OnCallErrorKind.InvalidArgument, "AmbiguousSchedule", string.Format(CultureInfo.InvariantCulture, "'{0}' names {1} Datadog schedules; give the id.", name, refs.Count), Provider, name);
        }

        return await GetScheduleAsync(refs[0].Id, sink, cancellationToken).ConfigureAwait(false);
    }

    public async Task GetOverridesAsync(OverrideQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        // Datadog requires a window; without one, a week back to four weeks ahead.
        var start = query.Start ?? DateTimeOffset.UtcNow.AddDays(-7);
        var end = query.End ?? start.AddDays(35);
        var refs = await ResolveSchedulesAsync(string.IsNullOrWhiteSpace(query.Schedule) ? Array.Empty<string>() : new[] { query.Schedule! }, Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false);
        foreach (var scheduleRef in refs)
        {
            try
            {
                var schedule = await GetScheduleAsync(scheduleRef.Id, sink, cancellationToken).ConfigureAwait(false);
                foreach (var o in await ListOverridesAsync(schedule, start, end, sink, cancellationToken).ConfigureAwait(false))
                {
                    if ((query.Id is null || string.Equals(o.Id, query.Id, StringComparison.OrdinalIgnoreCase))
                        && (query.User is null || Wildcard.IsMatch(o.User, query.User) || Wildcard.IsMatch(o.OriginalUser, query.User)))
                    {
                        sink.WriteObject(o);
                    }
                }
            }
            catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
            {
                sink.WriteError(ex.WithTarget(scheduleRef.Name));
            }
        }
    }

    public async Task SetOverrideAsync(OverrideRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.User))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "UserRequired", "A Datadog override needs the user who takes over (-User).", Provider);
        }

        var schedule = await OneScheduleAsync(request.Schedule, sink, cancellationToken).ConfigureAwait(false);
        var start = request.Start ?? DateTimeOffset.UtcNow;
        var end = request.End;
        if (end is null)
        {
            // "Take on-call now": until the end of the shift running at the start.
            var definition = schedule.ToDefinition(Connection);
            end = definition?.Render(start, start.AddDays(400)).FirstOrDefault(s => s.Start <= start && s.User != DatadogSchedule.EmptySlot)?.End;
            if (end is null)
            {
                throw new OnCallException(OnCallErrorKind.InvalidArgument, "EndRequired", string.Format(CultureInfo.InvariantCulture, "Nobody is scheduled on '{0}' at {1:u}: give the end of the override (-End).", schedule.Name, start), Provider, schedule.Name);
            }
        }

        if (end <= start)
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidWindow", "The override must end after it starts.", Provider, schedule.Name);
        }

        var user = schedule.Users.Values.FirstOrDefault(u => u.IsNamed(request.User.Trim()) && !Wildcard.HasWildcards(request.User))
            ?? await FindUserAsync(request.User, sink, cancellationToken).ConfigureAwait(false);

        // The recorded form: data is an array of overrides (go-unmerged cassettes).
        var body = new Dictionary<string, object?>
        {
            ["data"] = new object[]
            {
                new Dictionary<string, object?>
                {
                    ["type"] = "overrides",
                    ["attributes"] = new Dictionary<string, object?> { ["start"] = DatadogJson.Format(start), ["end"] = DatadogJson.Format(end.Value) },
                    ["relationships"] = new Dictionary<string, object?>
                    {
                        ["user"] = new Dictionary<string, object?> { ["data"] = new Dictionary<string, object?> { ["id"] = user.Id, ["type"] = "users" } },
                    },
                },
            },
        };
        var post = new ApiRequest("POST", Path(SchedulesPath + "/{0}/overrides", schedule.Id))
        {
            Body = body,
            WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check with Get-OnCallOverride -Schedule '{0}' -Start {1} -End {2} whether an override for {3} was created", schedule.Name, DatadogJson.Format(start), DatadogJson.Format(end.Value), user.Display),
        };
        using var response = await _client.SendAsync(post, sink, cancellationToken).ConfigureAwait(false);

        // The created overrides, as an array (recorded) or one resource; without them the answer says nothing of what was done.
        var items = response.Interpret(answer =>
            answer.RootElement.Prop("data") is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() > 0 ? array.EnumerateArray().ToList()
            : answer.RootElement.Prop("data") is { ValueKind: JsonValueKind.Object } single ? new List<JsonElement> { single }
            : throw answer.Malformed("no created override in \"data\""));
        var original = schedule.ToDefinition(Connection)?.WhoIsOnCall(start)?.User;
        foreach (var item in items)
        {
            var created = await ToOverrideAsync(item, schedule, sink, cancellationToken, afterWrite: true).ConfigureAwait(false);
            created.OriginalUser ??= original == DatadogSchedule.EmptySlot ? null : original;
            created.Reason = request.Reason;
            sink.WriteObject(created);
        }
    }

    public async Task RemoveOverrideAsync(OverrideRemoval request, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (!DatadogJson.IsUuid(request.Id))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidOverrideId", string.Format(CultureInfo.InvariantCulture, "'{0}' is not a Datadog override id (a UUID).", request.Id), Provider, request.Id);
        }

        var schedule = DatadogJson.IsUuid(request.Schedule)
            ? request.Schedule!
            : (await OneScheduleAsync(request.Schedule, sink, cancellationToken).ConfigureAwait(false)).Id;
        var delete = new ApiRequest("DELETE", Path(SchedulesPath + "/{0}/overrides/{1}", schedule, request.Id));
        _ = await _client.SendAsync(delete, sink, cancellationToken).ConfigureAwait(false);
        sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Removed Datadog override {0} from schedule {1}.", request.Id, schedule));
    }

    /// <summary>Overrides of a schedule that meet the window (GET …/overrides?filter[start]&amp;filter[end]).</summary>
    internal async Task<List<Override>> ListOverridesAsync(DatadogSchedule schedule, DateTimeOffset start, DateTimeOffset end, IOperationSink sink, CancellationToken cancellationToken)
    {
        var result = new List<Override>();
        for (var page = 0; page < 1000; page++)
        {
            var request = new ApiRequest("GET", Path(SchedulesPath + "/{0}/overrides", schedule.Id))
                .WithQuery("filter[start]", DatadogJson.Format(start))
                .WithQuery("filter[end]", DatadogJson.Format(end))
                .WithQuery("page[size]", PageSize.ToString(CultureInfo.InvariantCulture))
                .WithQuery("page[number]", page.ToString(CultureInfo.InvariantCulture));
            using var document = await GetAsync(request, sink, cancellationToken).ConfigureAwait(false);
            var data = Data(document);
            Remember(document.RootElement);
            foreach (var item in data)
            {
                result.Add(await ToOverrideAsync(item, schedule, sink, cancellationToken).ConfigureAwait(false));
            }

            if (data.Count < PageSize)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>
    /// An override resource with its users' names. <paramref name="afterWrite"/>: the override exists
    /// already, so a failed name lookup shows the user id (with a warning) instead of failing a command
    /// whose change was made, which would invite a second override.
    /// </summary>
    private async Task<Override> ToOverrideAsync(JsonElement item, DatadogSchedule? schedule, IOperationSink sink, CancellationToken cancellationToken, bool afterWrite = false)
    {
        var userId = item.Related("user").FirstOrDefault().Id;
        var overriddenId = item.Related("overridden_user").FirstOrDefault().Id;
        async Task<DatadogUser?> Lookup(string? id)
        {
            if (id is null)
            {
                return null;
            }

            try
            {
                return await UserAsync(id, sink, cancellationToken).ConfigureAwait(false);
            }
            catch (OnCallException ex) when (afterWrite)
            {
                sink.WriteWarning(string.Format(CultureInfo.InvariantCulture, "The override was created; the name of user {0} could not be read ({1}).", id, ex.Message));
                return new DatadogUser(id, null, null, null);
            }
        }

        var user = await Lookup(userId).ConfigureAwait(false);
        var overridden = await Lookup(overriddenId).ConfigureAwait(false);
        return new Override
        {
            Provider = Provider,
            Connection = Connection,
            Id = item.Str("id") ?? string.Empty,
            Schedule = schedule?.Name,
            ScheduleId = schedule?.Id,
            Team = schedule is { TeamNames.Count: > 0 } ? string.Join(", ", schedule.TeamNames) : null,
            User = user?.Display,
            OriginalUser = overridden?.Display,
            Start = item.Attributes()?.Time("start"),
            End = item.Attributes()?.Time("end"),
            TimeZone = schedule?.TimeZone,
            Raw = RawJson.ToDictionary(item),
        };
    }

    /// <summary>Forwards everything, and also keeps the errors so the caller can throw the first one.</summary>
    private sealed class ErrorCollectingSink : IOperationSink
    {
        private readonly IOperationSink _inner;
        private readonly List<OnCallException> _errors;

        public ErrorCollectingSink(IOperationSink inner, List<OnCallException> errors)
        {
            _inner = inner;
            _errors = errors;
        }

        public void WriteObject(object item) => _inner.WriteObject(item);

        public void WriteError(OnCallException error)
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        }

        public void WriteWarning(string message) => _inner.WriteWarning(message);

        public void WriteVerbose(string message) => _inner.WriteVerbose(message);

        public void WriteDebug(string message) => _inner.WriteDebug(message);

        public void WriteProgress(OperationProgress progress) => _inner.WriteProgress(progress);
    }
}
