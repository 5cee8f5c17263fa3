using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Operations;
using OnCall.Engine.Json;
using OnCall.Engine.Scheduling;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.Datadog;

internal sealed partial class DatadogClient
{
    private async Task<DatadogSchedule> OneScheduleAsync(string? name, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || Wildcard.HasWildcards(name!))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "ScheduleRequired", "Datadog overrides belong to one schedule, named by its id or name without wildcards.", Provider);
        }

        var refs = (await ResolveSchedulesAsync(new[] { name! }, Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false)).OrThrow();
        if (refs.Count != 1)
        {
            throw refs.Count == 0
                ? ScheduleNotFound(name!)
                : new OnCallException(OnCallErrorKind.InvalidArgument, "AmbiguousSchedule", string.Format(CultureInfo.InvariantCulture, "'{0}' names {1} Datadog schedules; give the id.", name, refs.Count), Provider, name);
        }

        return await GetScheduleAsync(refs[0].Id, sink, cancellationToken).ConfigureAwait(false);
    }

    public async Task GetOverridesAsync(OverrideQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        // Datadog requires a window; without one, a week back to four weeks ahead.
        var start = query.Start ?? _time.GetUtcNow().AddDays(-7);
        var end = query.End ?? start.AddDays(35);
        var refs = (await ResolveSchedulesAsync(string.IsNullOrWhiteSpace(query.Schedule) ? Array.Empty<string>() : new[] { query.Schedule! }, Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink);

        // One schedule's reads do not depend on another's: in flight together, written in schedule order.
        await FanOut.InOrderAsync(
            refs,
            FanOut.BudgetedInFlight,
            async (scheduleRef, token) => await ListOverridesAsync(await GetScheduleAsync(scheduleRef.Id, sink, token).ConfigureAwait(false), start, end, sink, token).ConfigureAwait(false),
            (scheduleRef, read) =>
            {
                if (!FanOut.Succeeded(read, sink, scheduleRef.Name, out var overrides))
                {
                    return;
                }

                foreach (var o in overrides)
                {
                    if ((query.Id is null || string.Equals(o.Id, query.Id, StringComparison.OrdinalIgnoreCase))
                        && (query.User is null || Wildcard.IsMatch(o.User, query.User) || Wildcard.IsMatch(o.OriginalUser, query.User)))
                    {
                        sink.WriteObject(o);
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task SetOverrideAsync(OverrideRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.User))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "UserRequired", "A Datadog override needs the user who takes over.", Provider);
        }

        var schedule = await OneScheduleAsync(request.Schedule, sink, cancellationToken).ConfigureAwait(false);
        var start = request.Start ?? _time.GetUtcNow();
        var end = request.End;
        if (end is null)
        {
            // "Take on-call now": until the end of the shift running at the start.
            end = schedule.ToDefinition(Connection)?.CurrentShiftEnd(start, TimeSpan.FromDays(400));
            if (end is null)
            {
                throw new OnCallException(OnCallErrorKind.InvalidArgument, "EndRequired", string.Format(CultureInfo.InvariantCulture, "Nobody is scheduled on '{0}' at {1:u}, so the override has no shift to end with: it needs an end.", schedule.Name, start), Provider, schedule.Name);
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
                    ["attributes"] = new Dictionary<string, object?> { ["start"] = TimeParsing.FormatUtc(start), ["end"] = TimeParsing.FormatUtc(end.Value) },
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
            WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check whether an override of '{0}' for {3} from {1} to {2} was created", schedule.Name, TimeParsing.FormatUtc(start), TimeParsing.FormatUtc(end.Value), user.Display),
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
            created.OriginalUser ??= ShiftRotation.IsEmptySlot(original) ? null : original;
            created.Reason = request.Reason;
            sink.WriteObject(created);
        }
    }

    public async Task RemoveOverrideAsync(OverrideRemoval request, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (!IsUuid(request.Id))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidOverrideId", string.Format(CultureInfo.InvariantCulture, "'{0}' is not a Datadog override id (a UUID).", request.Id), Provider, request.Id);
        }

        var schedule = IsUuid(request.Schedule)
            ? request.Schedule!
            : (await OneScheduleAsync(request.Schedule, sink, cancellationToken).ConfigureAwait(false)).Id;
        var delete = new ApiRequest("DELETE", Path(SchedulesPath + "/{0}/overrides/{1}", schedule, request.Id));
        _ = await _client.SendAsync(delete, sink, cancellationToken).ConfigureAwait(false);
        sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Removed Datadog override {0} from schedule {1}.", request.Id, schedule));
    }

    /// <summary>Overrides of a schedule that meet the window (GET …/overrides?filter[start]&amp;filter[end]).</summary>
    internal async Task<List<Override>> ListOverridesAsync(DatadogSchedule schedule, DateTimeOffset start, DateTimeOffset end, IOperationSink sink, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        await ReadAllPagesAsync(
            () => new ApiRequest("GET", Path(SchedulesPath + "/{0}/overrides", schedule.Id))
                .WithQuery("filter[start]", TimeParsing.FormatUtc(start))
                .WithQuery("filter[end]", TimeParsing.FormatUtc(end)),
            (document, data) =>
            {
                Remember(document.RootElement);
                items.AddRange(data.Select(item => item.Clone()));
            },
            sink,
            cancellationToken).ConfigureAwait(false);

        var result = new List<Override>();
        foreach (var item in items)
        {
            result.Add(await ToOverrideAsync(item, schedule, sink, cancellationToken).ConfigureAwait(false));
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
            UserId = user?.Id,
            OriginalUser = overridden?.Display,
            Start = item.Attributes()?.Time("start"),
            End = item.Attributes()?.Time("end"),
            TimeZone = schedule?.TimeZone,
            Raw = RawJson.ToDictionary(item),
        };
    }
}
