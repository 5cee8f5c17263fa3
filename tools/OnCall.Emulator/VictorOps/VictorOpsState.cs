using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace OnCall.Emulator.VictorOps;

/// <summary>
/// The VictorOps side of the demo organisation. Callers lock <see cref="EmulatorState.Sync"/> around reads and writes;
/// the endpoints do.
/// </summary>
public sealed class VictorOpsState
{
    private readonly TimeProvider clock;

    internal VictorOpsState(TimeProvider clock, int historyCount)
    {
        this.clock = clock;
        Seed(historyCount);
    }

    public List<VoUser> Users { get; } = [];
    public List<VoTeam> Teams { get; } = [];
    public List<VoRotation> Rotations { get; } = [];
    public List<VoPolicy> Policies { get; } = [];
    public List<VoTake> Takes { get; } = [];
    public List<VoOverride> Overrides { get; } = [];
    public List<VoIncident> Incidents { get; } = [];
    public List<VoRoutingKey> RoutingKeys { get; } = [];

    public int NextIncidentNumber => Incidents.Count == 0 ? 1 : Incidents.Max(i => i.Number) + 1;

    public VoUser? User(string username) => Users.Find(u => u.Username == username);

    public VoTeam? Team(string slug) => Teams.Find(t => t.Slug == slug);

    public VoPolicy? Policy(string slug) => Policies.Find(p => p.Slug == slug);

    /// <summary>A group by its numeric id or its rtg- slug.</summary>
    public VoRotation? Rotation(string id) => Rotations.Find(r => r.IsNamed(id));

    public long NextGroupId => Rotations.Count == 0 ? 40101 : Rotations.Max(r => r.GroupId) + 1;

    public long NextShiftId => Rotations.SelectMany(r => r.Shifts).Select(s => s.ShiftId).DefaultIfEmpty(200).Max() + 1;

    public VoIncident? Incident(string number) =>
        int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Incidents.Find(i => i.Number == n) : null;

    public IEnumerable<VoPolicy> PoliciesOf(string teamSlug) => Policies.Where(p => p.TeamSlug == teamSlug);

    /// <summary>Who the rotation alone puts on call for a policy at a time.</summary>
    public string? ScheduledAt(VoPolicy policy, DateTimeOffset at)
    {
        var rotation = Rotation(policy.RotationGroupId);
        return rotation?.MemberFor(rotation.ShiftIndexAt(at), policy.RotationOffset);
    }

    /// <summary>Who is really on call: the rotation, then any take on-call, then any assigned scheduled override.</summary>
    public (string? User, string? OverriddenUser) OnCallAt(VoPolicy policy, DateTimeOffset at)
    {
        var scheduled = ScheduledAt(policy, at);
        var user = scheduled;
        var take = Takes.LastOrDefault(t => t.PolicySlug == policy.Slug && t.Start <= at && at < t.End && t.FromUser == user);
        if (take is not null)
        {
            user = take.ToUser;
        }

        var cover = Overrides
            .Where(o => o.Username == user && o.Start <= at && at < o.End)
            .SelectMany(o => o.Assignments)
            .FirstOrDefault(a => a.Key == policy.Slug && a.Value is not null);
        if (cover.Value is not null)
        {
            user = cover.Value;
        }

        return (user, user == scheduled ? null : scheduled);
    }

    /// <summary>Take on-call: replaces <paramref name="fromUser"/> by <paramref name="toUser"/> until the current shift ends.</summary>
    internal bool Take(VoPolicy policy, string fromUser, string toUser)
    {
        var now = clock.GetUtcNow();
        var (current, _) = OnCallAt(policy, now);
        if (current != fromUser)
        {
            return false;
        }

        var rotation = Rotation(policy.RotationGroupId)!;
        var end = rotation.ShiftStart(rotation.ShiftIndexAt(now) + 1);
        Takes.Add(new VoTake { PolicySlug = policy.Slug, FromUser = fromUser, ToUser = toUser, Start = now, End = end });
        return true;
    }

    private void Seed(int historyCount)
    {
        var now = clock.GetUtcNow();
        foreach (var (username, first, last) in DemoPeople.All)
        {
            Users.Add(new VoUser { Username = username, FirstName = first, LastName = last, Email = DemoPeople.Email(username) });
        }

        var platform = new VoTeam { Name = "Platform Ops", Slug = "team-platformops00001", Description = "Runs the platform." };
        platform.Members.AddRange([DemoPeople.Jane, DemoPeople.John, DemoPeople.Alice, DemoPeople.Bob]);
        platform.Admins.Add(DemoPeople.Jane);
        var database = new VoTeam { Name = "Database SRE", Slug = "team-databasesre00002", Description = "Keeps the databases up." };
        database.Members.AddRange([DemoPeople.Bob, DemoPeople.Carol, DemoPeople.Dave]);
        database.Admins.Add(DemoPeople.Carol);
        Teams.AddRange([platform, database]);

        var weekly = new VoRotation { GroupId = 40101, Slug = "rtg-platformops00001", Label = "Platform Primary", TeamSlug = platform.Slug };
        weekly.Shifts.Add(new VoShift
        {
            ShiftId = 201,
            Label = "Weekly",
            Start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(-5)),
            DurationDays = 7,
            TimeZone = "America/New_York",
        });
        weekly.Members.AddRange([DemoPeople.Jane, DemoPeople.John, DemoPeople.Alice]);
        var daily = new VoRotation { GroupId = 40102, Slug = "rtg-databasesre00002", Label = "Database Daily", TeamSlug = database.Slug };
        daily.Shifts.Add(new VoShift
        {
            ShiftId = 202,
            Label = "Daily",
            Start = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.FromHours(1)),
            DurationDays = 1,
            TimeZone = "Europe/Berlin",
        });
        daily.Members.AddRange([DemoPeople.Bob, DemoPeople.Carol, DemoPeople.Dave]);

        // A partial-day shift (Monday to Friday, 08:00 to 18:00 Berlin time), so a copy has something it cannot carry.
        var office = new VoRotation { GroupId = 40103, Slug = "rtg-databasebiz00003", Label = "Database Office Hours", TeamSlug = database.Slug };
        var hours = new VoShift
        {
            ShiftId = 203,
            Label = "Office hours",
            Start = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.FromHours(1)),
            DurationDays = 1,
            TimeZone = "Europe/Berlin",
            ShiftType = "pho",
        };
        var weekdays = new VoMask();
        weekdays.Times.Add((TimeSpan.FromHours(8), TimeSpan.FromHours(18)));
        foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
        {
            weekdays.Days[(int)day] = true;
        }

        hours.Masks.Add(weekdays);
        hours.Members.AddRange([DemoPeople.Carol, DemoPeople.Dave]);
        office.Shifts.Add(hours);
        Rotations.AddRange([weekly, daily, office]);

        Policies.Add(new VoPolicy { Name = "Platform Ops Primary", Slug = "pol-platformops00001", TeamSlug = platform.Slug, RotationGroupId = weekly.Slug, StepTwoUser = DemoPeople.Bob });
        Policies.Add(new VoPolicy { Name = "Platform Ops Secondary", Slug = "pol-platformops00003", TeamSlug = platform.Slug, RotationGroupId = weekly.Slug, RotationOffset = 1 });
        Policies.Add(new VoPolicy { Name = "Database SRE", Slug = "pol-databasesre00002", TeamSlug = database.Slug, RotationGroupId = daily.Slug, StepTwoUser = DemoPeople.Carol });

        foreach (var (key, policy, isDefault) in new[] { ("default", "pol-platformops00001", true), ("platform", "pol-platformops00001", false), ("database", "pol-databasesre00002", false) })
        {
            var routingKey = new VoRoutingKey { RoutingKey = key, IsDefault = isDefault };
            routingKey.PolicySlugs.Add(policy);
            RoutingKeys.Add(routingKey);
        }

        SeedIncidents(now, historyCount);
    }

    private void SeedIncidents(DateTimeOffset now, int historyCount)
    {
        string[] services = ["checkout-api", "payments-db", "search", "auth-gateway", "billing-worker"];
        string[] hosts = ["web-01", "web-02", "db-01", "db-02", "worker-01"];
        var spacing = TimeSpan.FromHours(4);
        var total = historyCount + 6;
        for (var n = 1; n <= total; n++)
        {
            var serviceIndex = n % services.Length;
            var isDb = services[serviceIndex].Contains("db", StringComparison.Ordinal);
            var policy = Policies[isDb ? 2 : 0];
            var team = Team(policy.TeamSlug)!;
            var start = n <= historyCount ? now - (spacing * (historyCount - n + 2)) : now - TimeSpan.FromMinutes(10 * (total - n + 1));
            var incident = new VoIncident
            {
                Number = n,
                StartTime = start,
                EntityId = DemoIds.Guid("vo-entity", n),
                EntityDisplayName = services[serviceIndex] + " is CRITICAL",
                Service = services[serviceIndex],
                Host = hosts[serviceIndex],
                RoutingKey = isDb ? "database" : "platform",
                LastAlertId = DemoIds.Guid("vo-alert", n),
            };
            var paged = ScheduledAt(policy, start) ?? DemoPeople.Jane;
            incident.PagedUsers.Add(paged);
            incident.PagedTeams.Add(team.Slug);
            incident.PagedPolicies.Add(policy.Slug);
            incident.Transitions.Add(new VoTransition { Name = "triggered", At = start, AlertId = incident.LastAlertId });

            // The last six are live: one resolved a moment ago, two acknowledged, three still unacknowledged.
            var live = n - historyCount;
            if (live <= 1)
            {
                incident.CurrentPhase = VoPhase.Resolved;
                incident.Transitions.Add(new VoTransition { Name = "acknowledged", At = start.AddMinutes(3), By = paged, Manually = true });
                incident.Transitions.Add(new VoTransition { Name = "resolved", At = start.AddMinutes(25), By = paged, Manually = true });
            }
            else if (live <= 3)
            {
                incident.CurrentPhase = VoPhase.Acked;
                incident.Transitions.Add(new VoTransition { Name = "acknowledged", At = start.AddMinutes(2), By = paged, Manually = true });
            }

            Incidents.Add(incident);
        }
    }
}
