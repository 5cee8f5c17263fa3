using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Json;
using OnCall.Engine.Http;
using OnCall.Engine.Providers.VictorOps.Dtos;
using OnCall.Engine.Providers.VictorOps.Schedules;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.VictorOps;

internal sealed partial class VictorOpsClient
{
    private const int MaxStep = 3;

    /// <summary>
    /// The shifts of teams and/or users over [Start, End): from today on, v2 team and user schedules, split into as
    /// many calls as the API's reach needs (daysSkip ≤ 90, daysForward ≤ 30); before today, the teams' on-call logs
    /// (first step only); all stitched into one Shift per roll with overrides applied, clipped to the window (with
    /// Merge, touching shifts of one person in one policy and rotation joined). No
    /// team and no user: every team. A window the API cannot reach fails with WindowOutOfReach before anything is sent.
    /// </summary>
    public async Task GetShiftsAsync(ScheduleQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        var step = query.Step ?? 0;
        if (step < 0 || step > MaxStep)
        {
            throw InvalidArgument("InvalidStep", string.Format(CultureInfo.InvariantCulture, "Step {0} is not an escalation step VictorOps schedules have (0 to {1}).", step, MaxStep), step);
        }

        var now = _time.GetUtcNow();
        var today = ScheduleWindow.Today(now);
        var chunks = ScheduleWindow.Plan(query.Start, query.End, now);
        var readsPast = query.Start < today;
        if (readsPast)
        {
            RequireLogStep(step);
        }

        sink.WriteVerbose(string.Format(
            CultureInfo.InvariantCulture,
            "Schedule window {0:u} - {1:u}: {2}{3} schedule call(s) per team or user ({4}); today begins {5:u} (00:00 UTC) for daysSkip.",
            query.Start.ToUniversalTime(),
            query.End.ToUniversalTime(),
            readsPast ? "the on-call log before today, then " : string.Empty,
            chunks.Count,
            string.Join(", ", chunks.Select(c => "daysSkip=" + c.DaysSkip.ToString(CultureInfo.InvariantCulture) + " daysForward=" + c.DaysForward.ToString(CultureInfo.InvariantCulture))),
            today));
        if (readsPast && query.End > today && now - today < LogLag)
        {
            sink.WriteWarning(string.Format(CultureInfo.InvariantCulture, "VictorOps' on-call log may be up to 15 minutes behind, and today began {0:0} minute(s) ago: a hand-off just before midnight UTC may be missing.", (now - today).TotalMinutes));
        }

        var reading = new ScheduleReading();
        var users = query.Users.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u.Trim()).ToList();
        var byTeam = query.Teams.Count > 0 || users.Count == 0;
        if (byTeam || readsPast)
        {
            // The log is kept per team: a user's past is found in every team's.
            var teams = (await ResolveTeamsAsync(byTeam ? query.Teams : Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink);
            foreach (var team in teams)
            {
                if (readsPast)
                {
                    reading.Fragments.AddRange(await ReadTeamLogAsync(team, query.Start, query.End < today ? query.End : today, sink, cancellationToken).ConfigureAwait(false));
                }

                if (byTeam)
                {
                    reading.Add(await ReadTeamScheduleAsync(team, chunks, step, sink, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        foreach (var user in users)
        {
            if (chunks.Count == 0)
            {
                // Only the past, read from the team logs: a name the organisation does not know is still an error.
                var known = await GetUserListAsync(sink, cancellationToken).ConfigureAwait(false);
                if (!known.Any(u => string.Equals(u.User.Username, user, StringComparison.OrdinalIgnoreCase)))
                {
                    sink.WriteError(await UserNotFoundAsync(user, null, sink, cancellationToken).ConfigureAwait(false));
                }

                continue;
            }

            try
            {
                var userReading = await ReadUserScheduleAsync(user, chunks, step, sink, cancellationToken).ConfigureAwait(false);

                // A user's schedule lists whole team schedules: keep the rolls that are this user's.
                userReading.Fragments.RemoveAll(f => !string.Equals(f.User, user, StringComparison.OrdinalIgnoreCase)
                    && !userReading.Overrides.Any(o => string.Equals(o.User, user, StringComparison.OrdinalIgnoreCase) && string.Equals(o.OriginalUser, f.User, StringComparison.OrdinalIgnoreCase)));
                reading.Add(userReading);
            }
            catch (OnCallException ex) when (ex.Reason == "UserNotFound")
            {
                sink.WriteError(ex);
            }
        }

        JoinAtToday(reading.Fragments, today);
        var pieces = ShiftStitcher.Build(reading, query.Start, query.End).Where(piece =>
            (users.Count == 0 || query.Teams.Count > 0
                || users.Any(u => string.Equals(u, piece.User, StringComparison.OrdinalIgnoreCase) || string.Equals(u, piece.OriginalUser, StringComparison.OrdinalIgnoreCase)))
            && PolicyMatches(query.Policies, piece.PolicyName, piece.PolicySlug)
            && Wildcard.MatchesAny(piece.Rotation, query.Schedules));

        // Merged after filtering, so that the merged shifts cover exactly the time the unmerged ones do.
        foreach (var piece in query.Merge ? ShiftStitcher.Merge(pieces) : pieces)
        {
            sink.WriteObject(Stamp(
                new Shift
                {
                    Team = piece.TeamName,
                    Policy = piece.PolicyName,
                    Schedule = piece.PolicyName,
                    ScheduleId = piece.PolicySlug,
                    Rotation = piece.Rotation,
                    User = piece.User,
                    UserId = piece.User,
                    Start = piece.Start,
                    End = piece.End,
                    IsOverride = piece.IsOverride,
                    OriginalUser = piece.OriginalUser,
                    Step = step,
                },
                piece.Raw));
        }
    }

    internal async Task<ScheduleReading> ReadTeamScheduleAsync(TeamDto team, IReadOnlyList<ScheduleChunk> chunks, int step, IOperationSink sink, CancellationToken cancellationToken)
    {
        var reading = new ScheduleReading();
        foreach (var chunk in chunks)
        {
            var request = ScheduleRequest(PathOf(PublicApi + "/v2/team/{0}/oncall/schedule", team.Slug ?? team.Display), chunk, step);
            using var document = await SendAsync(request, sink, cancellationToken, ex => TeamNotFound(team.Display, _teams?.Items ?? Array.Empty<TeamDto>())).ConfigureAwait(false);

            // A TeamSchedule is {team, schedules:[...]}; without the schedules it is not one (an error body, null, a 204).
            _ = document.RequireArray("schedules");
            ReadTeamSchedule(document.RootElement, chunk.Index, reading, team);
        }

        return reading;
    }

    internal async Task<ScheduleReading> ReadUserScheduleAsync(string user, IReadOnlyList<ScheduleChunk> chunks, int step, IOperationSink sink, CancellationToken cancellationToken)
    {
        var reading = new ScheduleReading();
        foreach (var chunk in chunks)
        {
            var request = ScheduleRequest(PathOf(PublicApi + "/v2/user/{0}/oncall/schedule", user), chunk, step);
            using (var document = await SendAboutUserAsync(request, user, sink, cancellationToken).ConfigureAwait(false))
            {
                // {"teamSchedules":[TeamSchedule...]}; a bare array of them is read the same way.
                foreach (var teamSchedule in VictorOpsJson.List(document, "teamSchedules"))
                {
                    ReadTeamSchedule(teamSchedule, chunk.Index, reading, null);
                }
            }
        }

        return reading;
    }

    private static ApiRequest ScheduleRequest(string path, ScheduleChunk chunk, int step) =>
        new ApiRequest("GET", path)
            .WithQuery("daysForward", chunk.DaysForward.ToString(CultureInfo.InvariantCulture))
            .WithQuery("daysSkip", chunk.DaysSkip.ToString(CultureInfo.InvariantCulture))
            .WithQuery("step", step.ToString(CultureInfo.InvariantCulture));

    /// <summary>Flattens one TeamSchedule ({team, schedules:[{policy, schedule:[entry{rolls}], overrides}]}).</summary>
    private static void ReadTeamSchedule(JsonElement element, int chunk, ScheduleReading reading, TeamDto? knownTeam)
    {
        var teamSchedule = VictorOpsJson.Bind<TeamScheduleDto>(element, "a team schedule");
        var teamName = teamSchedule.Team?.Display ?? knownTeam?.Display;
        var teamSlug = teamSchedule.Team?.Slug ?? knownTeam?.Slug;
        var policyElements = element.Items("schedules").ToList();
        for (var p = 0; p < policyElements.Count; p++)
        {
            var policySchedule = VictorOpsJson.Bind<PolicyScheduleDto>(policyElements[p], "a policy schedule");
            var policy = policySchedule.Policy;
            var policyRaw = VictorOpsJson.Optional(policyElements[p], "policy");
            foreach (var entryElement in policySchedule.Schedule ?? new List<JsonElement>())
            {
                var entry = VictorOpsJson.Bind<ScheduleEntryDto>(entryElement, "a schedule entry");
                foreach (var rollElement in entry.Rolls ?? new List<JsonElement>())
                {
                    var roll = VictorOpsJson.Bind<ScheduleRollDto>(rollElement, "a schedule roll");
                    var user = roll.OnCallUser?.Username ?? entry.OnCallUser?.Username;
                    if (roll.Start is not { } start || roll.End is not { } end || string.IsNullOrEmpty(user) || end <= start)
                    {
                        continue;
                    }

                    reading.Fragments.Add(new ShiftFragment
                    {
                        TeamName = teamName,
                        TeamSlug = teamSlug,
                        PolicyName = policy?.Display,
                        PolicySlug = policy?.Slug ?? policy?.Name,
                        Rotation = entry.RotationName,
                        ShiftName = entry.ShiftName,
                        User = user!,
                        Start = start,
                        End = end,
                        Chunk = chunk,
                        Raw = VictorOpsJson.Raw(
                            rollElement,
                            ("team", VictorOpsJson.Optional(element, "team")),
                            ("policy", policyRaw),
                            ("rotationName", VictorOpsJson.Optional(entryElement, "rotationName")),
                            ("shiftName", VictorOpsJson.Optional(entryElement, "shiftName")),
                            ("onCallType", VictorOpsJson.Optional(entryElement, "onCallType"))),
                    });
                }
            }

            foreach (var over in policySchedule.Overrides ?? new List<ScheduleOverrideDto>())
            {
                if (over.Start is { } start && over.End is { } end && end > start
                    && !string.IsNullOrEmpty(over.OrigOnCallUser?.Username) && !string.IsNullOrEmpty(over.OverrideOnCallUser?.Username))
                {
                    reading.Overrides.Add(new OverrideWindow(
                        teamSlug,
                        over.Policy?.Slug ?? policy?.Slug ?? policy?.Name,
                        over.OrigOnCallUser!.Username!,
                        over.OverrideOnCallUser!.Username!,
                        start,
                        end));
                }
            }
        }
    }
}
