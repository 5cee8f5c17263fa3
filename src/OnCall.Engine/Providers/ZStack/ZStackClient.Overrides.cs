using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.ZStack;

internal sealed partial class ZStackClient
{
    public Task GetOverridesAsync(OverrideQuery query, IOperationSink sink, CancellationToken cancellationToken) =>
        throw new OnCallException(
            OnCallErrorKind.NotSupported,
            "NotSupported",
            "ZStack has no API to list on-call overrides (only to create one); its current shift shows whether an override runs now.",
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
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "ScheduleRequired", "A ZStack override needs one schedule, named by its name or uuid without wildcards.", Provider);
        }

        if (string.IsNullOrWhiteSpace(request.User))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "UserRequired", "A ZStack override needs the user who takes over.", Provider);
        }

        // Read once: the substitute may be a member of another schedule (FindSubstitute).
        var all = await ListSchedulesAsync(sink, cancellationToken).ConfigureAwait(false);
        var found = (await ResolveSchedulesAsync(new[] { scheduleName! }, all, sink, cancellationToken).ConfigureAwait(false)).OrThrow();
        if (found.Count != 1)
        {
            throw found.Count == 0
                ? ScheduleNotFound(scheduleName!)
                : new OnCallException(OnCallErrorKind.InvalidArgument, "AmbiguousSchedule", string.Format(CultureInfo.InvariantCulture, "'{0}' names {1} ZStack schedules; give the uuid.", scheduleName, found.Count), Provider, scheduleName);
        }

        var schedule = found[0];
        var now = _time.GetUtcNow();
        var start = request.Start ?? now;
        var definition = schedule.ToDefinition(Provider, Connection);
        var scheduled = definition?.WhoIsOnCall(start);
        var end = request.End;
        if (end is null)
        {
            // "Take on-call now": until the end of the shift running at the start.
            var span = schedule.Duration > TimeSpan.FromDays(1) ? schedule.Duration : TimeSpan.FromDays(1);
            end = definition?.CurrentShiftEnd(start, span + span);
            if (end is null)
            {
                throw new OnCallException(OnCallErrorKind.InvalidArgument, "EndRequired", string.Format(CultureInfo.InvariantCulture, "Nobody is scheduled on '{0}' at {1:u}, so the override has no shift to end with: it needs an end.", schedule.Name, start), Provider, schedule.Name);
            }
        }

        if (end <= start)
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidWindow", "The override must end after it starts.", Provider, schedule.Name);
        }

        // A named original that is no member is refused, not replaced by whoever is scheduled.
        var original = string.IsNullOrWhiteSpace(request.OriginalUser) ? schedule.FindMember(scheduled?.User) : schedule.FindMember(request.OriginalUser);
        if (original is null)
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "OriginalUserRequired",
                string.Format(CultureInfo.InvariantCulture, "The override must name whom it replaces: '{0}' is not a member of '{1}' (members: {2}).", request.OriginalUser ?? "(nobody scheduled)", schedule.Name, string.Join(", ", schedule.Members.Select(m => m.UserName + " [" + m.UserId + "]"))),
                Provider,
                schedule.Name);
        }

        var substitute = FindSubstitute(schedule, all, request.User);
        var substituteId = substitute.UserId;
        var body = new Dictionary<string, object?>
        {
            ["scheduleUuid"] = schedule.Uuid,
            ["originalUser"] = original.UserId,
            ["substituteUser"] = substituteId,
            ["startTime"] = TimeParsing.FormatUtc(start),
            ["endTime"] = TimeParsing.FormatUtc(end.Value),
        };
        if (!string.IsNullOrWhiteSpace(request.Reason))
        {
            body["reason"] = request.Reason;
        }

        var post = new ApiRequest("POST", "/api/v1/oncall/overrides")
        {
            Body = body,
            WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check in ZStack whether an override of '{0}' for {1} was created (its API cannot list overrides; the current shift shows a running one)", schedule.Name, substitute.UserName),
        };
        using var response = await _client.SendAsync(post, sink, cancellationToken).ConfigureAwait(false);
        var root = response.Interpret(answer => answer.RequireRootObject("uuid"));
        sink.WriteObject(new Override
        {
            Provider = Provider,
            Connection = Connection,
            Id = root.Str("uuid") ?? string.Empty,
            Schedule = schedule.Name,
            ScheduleId = root.Str("scheduleUuid") ?? schedule.Uuid,
            User = substitute.UserName,
            OriginalUser = original.UserName,
            Start = root.Time("startTime") ?? start,
            End = root.Time("endTime") ?? end,
            TimeZone = schedule.TimeZone,
            Reason = root.Str("reason") ?? request.Reason,
            Raw = RawJson.ToDictionary(root),
        });
    }

    /// <summary>
    /// The user who takes over, by id or name. ZStack wants a user id (zstack.md 1.7) and has no user directory,
    /// so the ids it knows are its schedules' members: this schedule's first, then any other schedule's. Text that
    /// names none of them is refused before the override is sent, never passed on as if it were an id.
    /// </summary>
    private ZStackMember FindSubstitute(ZStackSchedule schedule, IReadOnlyList<ZStackSchedule> others, string user)
    {
        if (schedule.FindMember(user) is { } member)
        {
            return member;
        }

        var matches = others
            .Where(s => s.Uuid != schedule.Uuid)
            .Select(s => s.FindMember(user))
            .OfType<ZStackMember>()
            .GroupBy(m => m.UserId, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToList();
        if (matches.Count == 1)
        {
            return matches[0];
        }

        throw new OnCallException(
            OnCallErrorKind.InvalidArgument,
            matches.Count == 0 ? "SubstituteUserUnknown" : "AmbiguousSubstituteUser",
            matches.Count == 0
                ? string.Format(CultureInfo.InvariantCulture, "'{0}' is no member of any ZStack on-call schedule: ZStack needs the substitute's user id, and the members are the users this module can find one for (members of '{1}': {2}).", user.Trim(), schedule.Name, string.Join(", ", schedule.Members.Select(m => m.UserName + " [" + m.UserId + "]")))
                : string.Format(CultureInfo.InvariantCulture, "'{0}' names {1} different ZStack users ({2}); give the user id.", user.Trim(), matches.Count, string.Join(", ", matches.Select(m => m.UserName + " [" + m.UserId + "]"))),
            Provider,
            user.Trim());
    }
}
