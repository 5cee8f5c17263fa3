using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Scheduling;

using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.ZStack;

public sealed partial class ZStackClient
{
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
            using var document = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
            var items = document.RequireObjects("items");
            result.AddRange(document.Interpret(_ => items.Select(ZStackSchedule.FromJson).ToList()));
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
                using var response = await _client.SendAsync(direct, sink, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != 404)
                {
                    var root = response.RequireRootObject("uuid");
                    matches.Add(response.Interpret(_ => ZStackSchedule.FromJson(root)));
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
        using var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404)
        {
            // A missing schedule is an error; "nobody on call" is an answer.
            if (response.Content.IndexOf("NO_CURRENT_SHIFT", StringComparison.OrdinalIgnoreCase) < 0)
            {
                throw ScheduleNotFound(schedule.Uuid);
            }

            return null;
        }

        // Nobody on call is a 404 (above); a 200 is a shift, and one without its user is an answer this module cannot read.
        return response.RequireRootObject("userId", "userName").Clone();
    }
}
