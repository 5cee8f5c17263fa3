using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Json;
using OnCall.Engine.Operations;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.ZStack;

internal sealed partial class ZStackClient
{
    public async Task GetOnCallUsersAsync(OnCallUserQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        var names = query.Schedules.Concat(query.Teams).Concat(query.Policies).ToList();
        var schedules = (await ResolveSchedulesAsync(names, sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink);
        var at = query.At is { } when && Math.Abs((when - _time.GetUtcNow()).TotalMinutes) > 1 ? when : (DateTimeOffset?)null;

        // One current-shift read per schedule, independent of each other: in flight together, written in the order asked for.
        await FanOut.InOrderAsync(
            schedules,
            FanOut.MaxInFlight,
            (schedule, token) => at is { } then ? Task.FromResult(RenderedUserAt(schedule, then, sink)) : CurrentUserAsync(schedule, sink, token),
            (schedule, answer) =>
            {
                if (!FanOut.Succeeded(answer, sink, schedule.Name, out var current))
                {
                    return;
                }

                if (current is not { } user)
                {
                    sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Nobody is on call for ZStack schedule '{0}'.", schedule.Name));
                }
                else if (query.Users.Count == 0 || query.Users.Any(u => Wildcard.IsMatch(user.User, u) || Wildcard.IsMatch(user.UserId, u)))
                {
                    sink.WriteObject(user);
                }
            },
            cancellationToken).ConfigureAwait(false);
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
            original = definition.WhoIsOnCall(shift.Time("startTime") ?? _time.GetUtcNow())?.User;
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
}
