using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;
using OnCall.Engine.Providers.VictorOps.Dtos;
using OnCall.Engine.Providers.VictorOps.Schedules;

namespace OnCall.Engine.Providers.VictorOps;

// The past: GET /api-reporting/v1/team/{team}/oncall/log (swagger "A list of shift changes for a team"), as the
// schedule API reads only from today.
internal sealed partial class VictorOpsClient
{
    private const int LogProgressId = 0x564C;

    // No longest range is documented; a month a call keeps each answer small and each chunk one paced call.
    internal static readonly TimeSpan LogChunk = TimeSpan.FromDays(31);

    // The log "may be up to 15 minutes behind" (swagger).
    internal static readonly TimeSpan LogLag = TimeSpan.FromMinutes(15);

    /// <summary>Who is on call in the past comes from the log, which holds the first escalation step only.</summary>
    internal static void RequireLogStep(int step)
    {
        if (step != 0)
        {
            throw InvalidArgument(
                "PastStepUnavailable",
                string.Format(CultureInfo.InvariantCulture, "VictorOps keeps the past in its on-call log, which holds the first escalation step only; step {0} is known from today on.", step),
                step);
        }
    }

    /// <summary>What the verbose stream and help say about the log's pace.</summary>
    internal string LogPaceNote(TeamDto team)
    {
        var interval = _api.PaceInterval(LogRequest(team, DateTimeOffset.MinValue, DateTimeOffset.MinValue));
        return interval is { } spacing
            ? string.Format(CultureInfo.InvariantCulture, "VictorOps documents 60 calls a minute for the on-call log, so OnCall sends at most one every {0:0.##} s", spacing.TotalSeconds)
            : "client pacing is off for this connection";
    }

    /// <summary>
    /// The log of one team over [start, end), a month a call, as step-0 shift fragments clipped to the window (whether
    /// the server clips is not documented). Entries of the chunk calls count as negative chunks, so that the
    /// stitcher joins a shift cut at a month's seam, or at today's with the schedule API's first call (chunk 0).
    /// </summary>
    internal async Task<List<ShiftFragment>> ReadTeamLogAsync(TeamDto team, DateTimeOffset start, DateTimeOffset end, IOperationSink sink, CancellationToken cancellationToken)
    {
        var fragments = new List<ShiftFragment>();
        var calls = (int)Math.Ceiling((end - start).Ticks / (double)LogChunk.Ticks);
        sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "On-call log of team '{0}' for {1:u} - {2:u}: {3} call(s); {4}.", team.Display, start.ToUniversalTime(), end.ToUniversalTime(), calls, LogPaceNote(team)));
        var now = _time.GetUtcNow();
        var call = 0;
        for (var from = start; from < end; from += LogChunk)
        {
            var to = end - from < LogChunk ? end : from + LogChunk;
            var request = LogRequest(team, from, to);
            if (calls > 1 || _api.EstimateWait(request) >= TimeSpan.FromSeconds(1))
            {
                sink.WriteProgress(new OperationProgress(LogProgressId, "Reading the VictorOps on-call log", string.Format(CultureInfo.InvariantCulture, "Team {0}: call {1} of {2}", team.Display, call + 1, calls))
                {
                    PercentComplete = (int)(call * 100L / calls),
                    SecondsRemaining = (int)Math.Ceiling(_api.EstimateWait(request).TotalSeconds + ((calls - call - 1) * (_api.PaceInterval(request) ?? TimeSpan.Zero).TotalSeconds)),
                });
            }

            using var document = await SendAsync(request, sink, cancellationToken, ex => TeamNotFound(team.Display, _teams?.Items ?? Array.Empty<TeamDto>())).ConfigureAwait(false);
            var userLogs = document.RequireObjects("userLogs");
            fragments.AddRange(document.Interpret(_ => ReadLog(userLogs, team, from, to, now, -1 - call)));
            call++;
        }

        if (calls > 1)
        {
            sink.WriteProgress(new OperationProgress(LogProgressId, "Reading the VictorOps on-call log", "Done") { Completed = true, PercentComplete = 100, SecondsRemaining = 0 });
        }

        return fragments;
    }

    private ApiRequest LogRequest(TeamDto team, DateTimeOffset from, DateTimeOffset to) =>
        new ApiRequest("GET", PathOf("/api-reporting/v1/team/{0}/oncall/log", team.Slug ?? team.Display))
            .WithQuery("start", TimeParsing.FormatUtc(from))
            .WithQuery("end", TimeParsing.FormatUtc(to));

    /// <summary>
    /// userLogs[{userId, log:[{on, off, escalationPolicy{name, slug}}]}]: userId is the username (the Go client's
    /// mock and the emulator agree). An entry without "off" is a shift still running: it lasts to the window's end
    /// or now. total and adjustedTotal are not read (what adjusts them is not documented).
    /// </summary>
    private static IEnumerable<ShiftFragment> ReadLog(IReadOnlyList<System.Text.Json.JsonElement> userLogs, TeamDto team, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, int chunk)
    {
        foreach (var userLog in userLogs)
        {
            var user = userLog.Str("userId");
            if (string.IsNullOrEmpty(user))
            {
                continue;
            }

            foreach (var entry in userLog.Items("log"))
            {
                var on = entry.Time("on");
                var off = entry.Time("off") ?? (now < to ? now : to);
                if (on is null)
                {
                    continue;
                }

                var start = on.Value < from ? from.ToOffset(on.Value.Offset) : on.Value;
                var end = off > to ? to.ToOffset(off.Offset) : off;
                if (end <= start)
                {
                    continue;
                }

                var policy = entry.Prop("escalationPolicy");
                yield return new ShiftFragment
                {
                    TeamName = team.Display,
                    TeamSlug = team.Slug,
                    PolicyName = policy?.Str("name"),
                    PolicySlug = policy?.Str("slug"),
                    User = user!,
                    Start = start,
                    End = end,
                    Chunk = chunk,
                    Raw = VictorOpsJson.Raw(entry, ("userId", userLog.Prop("userId"))),
                };
            }
        }
    }

    /// <summary>
    /// A log entry that ends where the schedule API begins (today) and a roll of the same person and policy that
    /// starts there are one shift: the log names no rotation, so the entry takes the roll's, and the stitcher
    /// joins them across the seam.
    /// </summary>
    internal static void JoinAtToday(List<ShiftFragment> fragments, DateTimeOffset today)
    {
        foreach (var logged in fragments.Where(f => f.Chunk < 0 && f.End == today && f.Rotation is null))
        {
            var roll = fragments.FirstOrDefault(f => f.Chunk >= 0 && f.Start == today
                && string.Equals(f.User, logged.User, StringComparison.OrdinalIgnoreCase)
                && string.Equals(f.PolicySlug, logged.PolicySlug, StringComparison.OrdinalIgnoreCase)
                && string.Equals(f.TeamSlug, logged.TeamSlug, StringComparison.OrdinalIgnoreCase));
            if (roll is not null)
            {
                logged.Rotation = roll.Rotation;
                logged.ShiftName = roll.ShiftName;
            }
        }
    }
}
