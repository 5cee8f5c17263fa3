using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Providers.VictorOps.Dtos;
using OnCall.Engine.Providers.VictorOps.Schedules;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.VictorOps;

internal sealed partial class VictorOpsClient
{
    // An -At this close to now is "now": the current endpoint answers it in one call.
    private static readonly TimeSpan NowTolerance = TimeSpan.FromMinutes(1);

    // How much of the log around a past instant is read: a week either side holds a weekly shift whole.
    private static readonly TimeSpan LogAround = TimeSpan.FromDays(8);

    /// <summary>
    /// Who is on call: GET /v1/oncall/current for now (one OnCallUser per team, policy and user), or
    /// the team schedules around <see cref="OnCallUserQuery.At"/> for another time. Teams and
    /// Policies match names or slugs with wildcards; Users keeps only those people.
    /// </summary>
    public async Task GetOnCallUsersAsync(OnCallUserQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        if (query.Schedules.Count > 0)
        {
            sink.WriteVerbose("VictorOps has no schedules apart from teams and escalation policies; the schedule filter is ignored (filter by team or policy).");
        }

        if (query.At is { } at && (at - _time.GetUtcNow()).Duration() > NowTolerance)
        {
            await GetOnCallUsersAtAsync(query, at, sink, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var document = await SendAsync(new ApiRequest("GET", PublicApi + "/v1/oncall/current"), sink, cancellationToken).ConfigureAwait(false);
        var matchedTeamPatterns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var teamElement in VictorOpsJson.List(document, "teamsOnCall"))
        {
            var teamEntry = VictorOpsJson.Bind<OnCallTeamEntryDto>(teamElement, "an on-call team");
            var team = teamEntry.Team;
            var teamPatterns = query.Teams.Where(p => Wildcard.IsMatch(team?.Name, p) || Wildcard.IsMatch(team?.Slug, p)).ToList();
            if (query.Teams.Count > 0 && teamPatterns.Count == 0)
            {
                continue;
            }

            matchedTeamPatterns.UnionWith(teamPatterns);
            var teamRaw = VictorOpsJson.Optional(teamElement, "team");
            foreach (var nowElement in teamEntry.OnCallNow ?? new List<System.Text.Json.JsonElement>())
            {
                var now = VictorOpsJson.Bind<OnCallNowDto>(nowElement, "an on-call policy");
                var policy = now.EscalationPolicy;
                if (!PolicyMatches(query.Policies, policy?.Name, policy?.Slug))
                {
                    continue;
                }

                var policyRaw = VictorOpsJson.Optional(nowElement, "escalationPolicy");
                foreach (var userElement in now.Users ?? new List<System.Text.Json.JsonElement>())
                {
                    var user = VictorOpsJson.Bind<OnCallUserEntryDto>(userElement, "an on-call user").OnCallUser;
                    if (string.IsNullOrEmpty(user?.Username) || !Wildcard.MatchesAny(user!.Username, query.Users))
                    {
                        continue;
                    }

                    sink.WriteObject(Stamp(
                        new OnCallUser
                        {
                            Team = team?.Display,
                            TeamId = team?.Slug,
                            Policy = policy?.Display,
                            PolicyId = policy?.Slug,
                            User = user.Username!,
                            UserId = user.Username,
                        },
                        VictorOpsJson.Raw(userElement, ("team", teamRaw), ("escalationPolicy", policyRaw))));
                }
            }
        }

        // A plain team name that matched nothing: either nobody is on call there, or it does not
        // exist. Only the second is an error, and only then is the team list worth a call.
        var unmatched = query.Teams.Where(p => !Wildcard.HasWildcards(p) && !matchedTeamPatterns.Contains(p)).ToList();
        if (unmatched.Count > 0)
        {
            _ = (await ResolveTeamsAsync(unmatched, sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink);
        }
    }

    /// <summary>
    /// On call at another time: the shifts of the teams that contain that instant, from the team schedules from
    /// today on, from the teams' on-call logs (first step only) before today.
    /// </summary>
    private async Task GetOnCallUsersAtAsync(OnCallUserQuery query, DateTimeOffset at, IOperationSink sink, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var today = ScheduleWindow.Today(now);
        var past = at < today;
        var window = ScheduleWindow.Plan(at, at.AddMinutes(1), now);
        if (past)
        {
            RequireLogStep(query.Step ?? 0);
        }

        var teams = (await ResolveTeamsAsync(query.Teams, sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink);
        foreach (var team in teams)
        {
            var fragments = new ScheduleReading();
            if (past)
            {
                // A week either side, so that the shift holding the instant reads whole in one call.
                var from = at - LogAround;
                var to = at + LogAround < today ? at + LogAround : today;
                fragments.Fragments.AddRange(await ReadTeamLogAsync(team, from, to, sink, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                fragments = await ReadTeamScheduleAsync(team, window, query.Step ?? 0, sink, cancellationToken).ConfigureAwait(false);
            }

            foreach (var shift in ShiftStitcher.Build(fragments, at, at.AddTicks(1)))
            {
                if (!Wildcard.MatchesAny(shift.User, query.Users)
                    || !PolicyMatches(query.Policies, shift.PolicyName, shift.PolicySlug))
                {
                    continue;
                }

                sink.WriteObject(Stamp(
                    new OnCallUser
                    {
                        Team = shift.TeamName,
                        TeamId = shift.TeamSlug,
                        Policy = shift.PolicyName,
                        PolicyId = shift.PolicySlug,
                        User = shift.User,
                        UserId = shift.User,
                        Start = shift.OriginalStart,
                        End = shift.OriginalEnd,
                        Step = query.Step ?? 0,
                        IsOverride = shift.IsOverride,
                        OriginalUser = shift.OriginalUser,
                    },
                    shift.Raw));
            }
        }

        sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "On call at {0:u}: read from the {1} of {2} team(s).", at.ToUniversalTime(), past ? "on-call logs" : "schedules", teams.Count));
    }
}
