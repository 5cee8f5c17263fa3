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

public sealed partial class ZStackClient
{
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

        var post = new ApiRequest("POST", "/api/v1/oncall/overrides")
        {
            Body = body,
            WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check in ZStack whether an override of '{0}' for {1} was created (its API cannot list overrides; Get-OnCallUser -Schedule '{0}' shows the current one)", schedule.Name, substitute?.UserName ?? substituteId),
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
