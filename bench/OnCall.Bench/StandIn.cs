using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OnCall.Bench;

/// <summary>What the stand-in serves and how slowly.</summary>
internal sealed class StandInOptions
{
    /// <summary>Added to every vendor answer (not to the /bench control calls).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Datadog teams in GET /api/v2/team (pages of up to 100).</summary>
    public int DatadogTeams { get; init; } = 20;

    /// <summary>Datadog escalation policies in GET /api/v2/on-call/escalation-policies (pages of up to 100), each on a team of the list.</summary>
    public int DatadogPolicies { get; init; }

    /// <summary>Incidents behind GET /api-reporting/v2/incidents.</summary>
    public int Incidents { get; init; }

    /// <summary>The X-RateLimit budget on Datadog answers (requests per period); 0 for none.</summary>
    public int RateLimit { get; init; }

    public int RatePeriodSeconds { get; init; } = 1;

    /// <summary>How many calls the budget lets through at once (see <see cref="Budget"/>).</summary>
    public int RateBurst { get; init; } = 20;
}

/// <summary>
/// The bench's own server (Kestrel on 127.0.0.1, a free port): fixed vendor-shaped answers built once,
/// a configurable latency, an enforced rate budget and request counters, so the figures measure OnCall and
/// not the emulator's bookkeeping. Control: POST /bench/reset, GET /bench/count/{all|reporting|throttled}.
/// </summary>
internal sealed class StandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StandInOptions _options;
    private readonly byte[][] _datadogTeamPages;
    private readonly byte[] _victorOpsTeams;
    private readonly byte[][] _datadogPolicyPages;
    private readonly Budget? _budget;
    private readonly System.Collections.Generic.List<Arrival> _arrivals = new();
    private readonly System.Collections.Generic.List<string> _throttleLog = new();
    private long _resetAt = System.Diagnostics.Stopwatch.GetTimestamp();
    private int _resets;
    private int _all;
    private int _reporting;
    private int _throttled;

    private StandIn(WebApplication app, StandInOptions options)
    {
        _app = app;
        _options = options;
        var teams = Enumerable.Range(0, options.DatadogTeams).Select(DatadogTeam).ToList();
        var pages = Math.Max(1, (teams.Count + 99) / 100);
        _datadogTeamPages = Enumerable.Range(0, pages + 1).Select(p => Utf8(
            "{\"data\":[" + string.Join(",", teams.Skip(p * 100).Take(100)) + "],\"meta\":{\"pagination\":{\"number\":" + p.ToString(CultureInfo.InvariantCulture)
            + ",\"size\":100,\"total\":" + teams.Count.ToString(CultureInfo.InvariantCulture) + ",\"type\":\"number_size\"}},\"links\":{\"self\":\"/api/v2/team\"}}")).ToArray();
        var policies = Enumerable.Range(0, options.DatadogPolicies).Select(n => DatadogPolicyListed(n, options.DatadogTeams)).ToList();
        _datadogPolicyPages = Enumerable.Range(0, Math.Max(1, (policies.Count + 99) / 100) + 1).Select(p => Utf8(
            "{\"data\":[" + string.Join(",", policies.Skip(p * 100).Take(100)) + "],\"meta\":{\"page\":{\"total_count\":" + policies.Count.ToString(CultureInfo.InvariantCulture)
            + ",\"total_filtered_count\":" + policies.Count.ToString(CultureInfo.InvariantCulture) + "}}}")).ToArray();
        _victorOpsTeams = Utf8("[" + string.Join(",", Enumerable.Range(0, 20).Select(VictorOpsTeam)) + "]");
        _budget = options.RateLimit > 0 ? new Budget(options.RateLimit / (double)options.RatePeriodSeconds, options.RateBurst) : null;
    }

    public Uri BaseUri { get; private set; } = null!;

    public static async Task<StandIn> StartAsync(StandInOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var standIn = new StandIn(app, options);
        standIn.Map();
        await app.StartAsync().ConfigureAwait(false);
        standIn.BaseUri = new Uri(app.Urls.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void Map()
    {
        _app.MapPost("/bench/reset", () =>
        {
            Interlocked.Exchange(ref _all, 0);
            Interlocked.Exchange(ref _reporting, 0);
            Interlocked.Exchange(ref _throttled, 0);
            lock (_arrivals)
            {
                _arrivals.Clear();
                _resetAt = System.Diagnostics.Stopwatch.GetTimestamp();
                _resets++;
            }

            _budget?.Refill();
            return Results.Ok();
        });
        _app.MapGet("/bench/count/{what}", (string what) => Results.Text((what switch
        {
            "reporting" => Volatile.Read(ref _reporting),
            "throttled" => Volatile.Read(ref _throttled),
            _ => Volatile.Read(ref _all),
        }).ToString(CultureInfo.InvariantCulture)));

        MapDatadogList("/api/v2/team", _datadogTeamPages);

        _app.MapGet("/api/v2/on-call/teams/{id}/on-call", async (HttpContext context, string id) =>
        {
            if (!await AdmitAsync(context, datadog: true).ConfigureAwait(false))
            {
                return;
            }

            await JsonAsync(context, Utf8(TeamOnCall(id))).ConfigureAwait(false);
        });

        MapDatadogList("/api/v2/on-call/escalation-policies", _datadogPolicyPages);

        _app.MapGet("/api/v2/on-call/escalation-policies/{id}", async (HttpContext context, string id) =>
        {
            if (!await AdmitAsync(context, datadog: true).ConfigureAwait(false))
            {
                return;
            }

            await JsonAsync(context, Utf8(DatadogPolicy(id, _options.DatadogTeams))).ConfigureAwait(false);
        });

        _app.MapGet("/api-public/v1/team", async (HttpContext context) =>
        {
            if (await AdmitAsync(context, datadog: false).ConfigureAwait(false))
            {
                await JsonAsync(context, _victorOpsTeams).ConfigureAwait(false);
            }
        });

        _app.MapGet("/api-reporting/v2/incidents", async (HttpContext context) =>
        {
            Interlocked.Increment(ref _reporting);
            if (!await AdmitAsync(context, datadog: false).ConfigureAwait(false))
            {
                return;
            }

            var offset = int.TryParse(context.Request.Query["offset"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) ? Math.Max(0, o) : 0;
            var limit = int.TryParse(context.Request.Query["limit"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 100) : 100;
            await JsonAsync(context, Utf8(IncidentPage(offset, limit))).ConfigureAwait(false);
        });
    }

    // A Datadog list read page by page (page[number] from 0; past the last page, the empty one).
    private void MapDatadogList(string path, byte[][] pages) => _app.MapGet(path, async (HttpContext context) =>
    {
        if (!await AdmitAsync(context, datadog: true).ConfigureAwait(false))
        {
            return;
        }

        var page = int.TryParse(context.Request.Query["page[number]"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        await JsonAsync(context, pages[Math.Clamp(page, 0, pages.Length - 1)]).ConfigureAwait(false);
    });

    // Every vendor answer: counted, delayed by the latency, and (Datadog) held to the budget.
    private async Task<bool> AdmitAsync(HttpContext context, bool datadog)
    {
        Interlocked.Increment(ref _all);
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_options.Latency > TimeSpan.Zero)
        {
            await Task.Delay(_options.Latency).ConfigureAwait(false);
        }

        if (!datadog || _budget is null)
        {
            return true;
        }

        var admitted = _budget.TryTake(out var remaining, out var reset);
        lock (_arrivals)
        {
            _arrivals.Add(new Arrival(context.Request.Path.Value ?? string.Empty, arrived, System.Diagnostics.Stopwatch.GetTimestamp(), admitted));
        }

        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = _options.RateLimit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Period"] = _options.RatePeriodSeconds.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Name"] = "oncall";
        if (admitted)
        {
            return true;
        }

        Interlocked.Increment(ref _throttled);
        lock (_arrivals)
        {
            _throttleLog.Add(string.Format(CultureInfo.InvariantCulture, "run {0}: 429 for {1} arrived {2:0.0} ms after the reset, {3} requests before it in this run", _resets, context.Request.Path.Value, (arrived - _resetAt) * 1000.0 / System.Diagnostics.Stopwatch.Frequency, _arrivals.Count));
        }

        context.Response.StatusCode = 429;
        await JsonAsync(context, Utf8("{\"errors\":[\"Too many requests\"]}")).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// Where the time of the last run went, from the budgeted requests the stand-in saw since the last reset:
    /// when the list reads and the fan-out's first, 20th and last requests arrived (ms after the first
    /// arrival), the most in flight at once, and how far each fan-out request arrived after the earliest time
    /// the budget would have let it be counted (the floor's schedule, from the fan-out's first arrival).
    /// </summary>
    public string DescribeLastRun(Func<string, bool> isFanOut)
    {
        Arrival[] all;
        lock (_arrivals)
        {
            all = _arrivals.OrderBy(a => a.Arrived).ToArray();
        }

        if (all.Length == 0 || _budget is null)
        {
            return "  (no budgeted requests seen)";
        }

        string[] throttles;
        lock (_arrivals)
        {
            throttles = _throttleLog.ToArray();
        }

        var t0 = all[0].Arrived;
        double Ms(long ticks) => (ticks - t0) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
        var lists = all.Where(a => !isFanOut(a.Path)).ToArray();
        var fan = all.Where(a => isFanOut(a.Path)).ToArray();
        var inFlight = all.SelectMany(a => new[] { (a.Arrived, 1), (a.Admitted, -1) }).OrderBy(e => e.Item1).ThenBy(e => e.Item2).Aggregate((Max: 0, Now: 0), (s, e) => (Math.Max(s.Max, s.Now + e.Item2), s.Now + e.Item2)).Max;
        var text = new StringBuilder();
        text.Append(string.Format(CultureInfo.InvariantCulture, "  stand-in trace of the last run: list reads arrived at {0} ms", string.Join(", ", lists.Select(a => Ms(a.Arrived).ToString("0.0", CultureInfo.InvariantCulture)))));
        if (fan.Length > 0)
        {
            var twentieth = fan[Math.Min(19, fan.Length - 1)];
            var lateness = new double[fan.Length];
            for (var i = 0; i < fan.Length; i++)
            {
                // Counted (after the latency) no earlier than the bucket allows once the fan-out began: burst, then one per 1/rate.
                var earliest = Ms(fan[0].Admitted) + Math.Max(0, i - (_options.RateBurst - lists.Length)) * 1000.0 * _options.RatePeriodSeconds / _options.RateLimit;
                lateness[i] = Ms(fan[i].Admitted) - earliest;
            }

            text.Append(string.Format(
                CultureInfo.InvariantCulture,
                "; fan-out requests arrived first at {0:0.0}, 20th at {1:0.0}, last at {2:0.0} ms (answered {3:0.0}); mean gap after the 20th {4:0.00} ms; most in flight at the server {5}; the last counted {6:0.0} ms after the budget's earliest for it, median request {7:0.0} ms",
                Ms(fan[0].Arrived),
                Ms(twentieth.Arrived),
                Ms(fan[^1].Arrived),
                Ms(fan.Max(a => a.Admitted)),
                fan.Length > 21 ? (Ms(fan[^1].Arrived) - Ms(twentieth.Arrived)) / (fan.Length - 20) : 0,
                inFlight,
                lateness[^1],
                lateness.OrderBy(l => l).ElementAt(lateness.Length / 2)));
        }

        foreach (var line in throttles)
        {
            text.Append(Environment.NewLine).Append("  ").Append(line);
        }

        return text.ToString();
    }

    private readonly record struct Arrival(string Path, long Arrived, long Admitted, bool Taken);

    private static Task JsonAsync(HttpContext context, byte[] body)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, 0, body.Length);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Id(int n) => string.Format(CultureInfo.InvariantCulture, "0b5c{0:x4}-54c3-4898-aabc-68d6fccbe20e", n);

    // The shape of a recorded GET /api/v2/team resource (fixtures/datadog-recorded).
    private static string DatadogTeam(int n) => string.Format(
        CultureInfo.InvariantCulture,
        "{{\"id\":\"{0}\",\"type\":\"team\",\"attributes\":{{\"avatar\":null,\"banner\":11,\"created_at\":\"2025-11-27T14:11:43.090563+00:00\",\"description\":\"Team {1} of the bench.\",\"handle\":\"bench-team-{1}\",\"hidden_modules\":[],\"link_count\":0,\"modified_at\":\"2025-11-27T14:11:43.090563+00:00\",\"name\":\"Bench Team {1}\",\"summary\":null,\"user_count\":{2},\"visible_modules\":[]}},\"relationships\":{{\"team_links\":{{\"data\":[],\"links\":{{\"related\":\"/api/v2/team/{0}/links\"}}}},\"user_team_permissions\":{{\"links\":{{\"related\":\"/api/v2/team/{0}/permission-settings\"}}}}}}}}",
        Id(n),
        n.ToString("000", CultureInfo.InvariantCulture),
        3 + (n % 7));

    // The recorded GET /api/v2/on-call/teams/{id}/on-call answer: one responder, included as a user.
    private static string TeamOnCall(string teamId)
    {
        var user = "ffde914a-cb9a-11f0-ae87-" + teamId.Substring(0, Math.Min(8, teamId.Length)).PadRight(12, '0');
        return "{\"data\":{\"id\":\"" + teamId + "-1764252704\",\"type\":\"team_oncall_responders\",\"relationships\":{\"escalations\":{\"data\":[]},\"responders\":{\"data\":[{\"id\":\""
            + user + "\",\"type\":\"users\"}]}}},\"included\":[{\"id\":\"" + user + "\",\"type\":\"users\",\"attributes\":{\"email\":\"oncall-" + teamId.Substring(0, 8) + "@example.com\",\"name\":\"On Call " + teamId.Substring(0, 8) + "\",\"status\":\"active\"}}]}";
    }

    private static string PolicyId(int n) => string.Format(CultureInfo.InvariantCulture, "7e36{0:x4}-25ef-46af-ba33-23aac9271dc5", n);

    private static int PolicyNumber(string id) => int.TryParse(id.AsSpan(4, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var n) ? n : 0;

    // A policy as the list names it: its id, name and team. GUESS: the list's shape and its paging meta (meta.page
    // total_filtered_count); the list endpoint has no released recording (fixtures/SOURCES.md: go-unmerged only).
    private static string DatadogPolicyListed(int n, int teams) => string.Format(
        CultureInfo.InvariantCulture,
        "{{\"id\":\"{0}\",\"type\":\"policies\",\"attributes\":{{\"name\":\"Bench Policy {1}\",\"resolve_page_on_policy_end\":true,\"retries\":2}},\"relationships\":{{\"teams\":{{\"data\":[{{\"id\":\"{2}\",\"type\":\"teams\"}}]}}}}}}",
        PolicyId(n),
        n.ToString("000", CultureInfo.InvariantCulture),
        Id(n % Math.Max(1, teams)));

    // The recorded GET /api/v2/on-call/escalation-policies/{id}?include=steps.targets answer (fixtures/datadog-recorded,
    // "Get On-Call escalation policy"), with the bench's ids: two steps, a team, a schedule and a user as targets.
    private static string DatadogPolicy(string id, int teams)
    {
        var n = PolicyNumber(id);
        var team = Id(n % Math.Max(1, teams));
        return "{\"data\":{\"id\":\"" + id + "\",\"type\":\"policies\",\"attributes\":{\"name\":\"Bench Policy " + n.ToString("000", CultureInfo.InvariantCulture) + "\",\"resolve_page_on_policy_end\":true,\"retries\":2},"
            + "\"relationships\":{\"steps\":{\"data\":[{\"id\":\"" + id + "-s1\",\"type\":\"steps\"},{\"id\":\"" + id + "-s2\",\"type\":\"steps\"}]},\"teams\":{\"data\":[{\"id\":\"" + team + "\",\"type\":\"teams\"}]}}},"
            + "\"included\":[{\"id\":\"" + id + "-s1\",\"type\":\"steps\",\"attributes\":{\"assignment\":\"default\",\"escalate_after_seconds\":3600},\"relationships\":{\"targets\":{\"data\":[{\"id\":\"" + team + "\",\"type\":\"teams\"},{\"id\":\"d8834350-ae3c-45eb-ad84-9f9a3cef46f3\",\"type\":\"schedules\"},{\"id\":\"fa8dbd27-cb9a-11f0-84fc-d6e063989c3f\",\"type\":\"users\"}]}}},"
            + "{\"id\":\"" + id + "-s2\",\"type\":\"steps\",\"attributes\":{\"assignment\":\"round-robin\",\"escalate_after_seconds\":3600},\"relationships\":{\"targets\":{\"data\":[{\"id\":\"" + team + "\",\"type\":\"teams\"}]}}},"
            + "{\"id\":\"" + team + "\",\"type\":\"teams\",\"attributes\":{\"avatar\":\"\",\"description\":\"\",\"handle\":\"bench-team\",\"name\":\"Bench Team\"}},"
            + "{\"id\":\"d8834350-ae3c-45eb-ad84-9f9a3cef46f3\",\"type\":\"schedules\",\"attributes\":{\"name\":\"Bench Schedule\",\"time_zone\":\"America/New_York\"}},"
            + "{\"id\":\"fa8dbd27-cb9a-11f0-84fc-d6e063989c3f\",\"type\":\"users\",\"attributes\":{\"email\":\"bench@example.com\",\"name\":\"Bench User\",\"status\":\"active\"}}]}";
    }

    private static string VictorOpsTeam(int n)
    {
        var slug = "team-bench" + n.ToString("0000000000", CultureInfo.InvariantCulture);
        return "{\"_selfUrl\":\"/api-public/v1/team/" + slug + "\",\"_membersUrl\":\"/api-public/v1/team/" + slug + "/members\",\"_policiesUrl\":\"/api-public/v1/team/" + slug
            + "/policies\",\"_adminsUrl\":\"/api-public/v1/team/" + slug + "/admins\",\"name\":\"Bench " + n.ToString(CultureInfo.InvariantCulture) + "\",\"slug\":\"" + slug
            + "\",\"memberCount\":4,\"version\":1,\"isDefaultTeam\":false,\"description\":\"A bench team.\"}";
    }

    // One page of the reporting API: a 1 KB incident (the sample in fixtures/victorops-samples) per number.
    private string IncidentPage(int offset, int limit)
    {
        var total = _options.Incidents;
        var builder = new StringBuilder(limit * 1100 + 100);
        builder.Append("{\"offset\":").Append(offset).Append(",\"limit\":").Append(limit).Append(",\"total\":").Append(total).Append(",\"incidents\":[");
        for (var n = offset; n < Math.Min(total, offset + limit); n++)
        {
            if (n > offset)
            {
                builder.Append(',');
            }

            var number = (n + 1).ToString(CultureInfo.InvariantCulture);
            builder.Append("{\"alertCount\":1,\"currentPhase\":\"acknowledged\",\"entityDisplayName\":\"Disk usage above 90% on db-").Append(number)
                .Append("\",\"entityId\":\"40195b07-0656-4fc9-b01f-").Append(n.ToString("x12", CultureInfo.InvariantCulture))
                .Append("\",\"entityState\":\"critical\",\"entityType\":\"service\",\"incidentNumber\":\"").Append(number)
                .Append("\",\"lastAlertId\":\"97fcff1c-6701-41a0-834d-c0aeb99553fd\",\"lastAlertTime\":\"2021-11-02T16:22:04Z\",\"routingKey\":\"default\",\"service\":\"db\",\"startTime\":\"2021-11-02T16:22:04Z\",")
                .Append("\"pagedTeams\":[\"team-Z3scfG2gh0qF3QsL\"],\"pagedUsers\":[\"roman.kyrnis\"],\"pagedPolicies\":[{\"policy\":{\"name\":\"team-Z3scfG2gh0qF3QsL\",\"slug\":\"team-Z3scfG2gh0qF3QsL\"},\"team\":{\"name\":\"Example\",\"slug\":\"team-Z3scfG2gh0qF3QsL\"}}],")
                .Append("\"transitions\":[{\"name\":\"triggered\",\"at\":\"2021-11-02T16:22:04Z\",\"alertId\":\"97fcff1c-6701-41a0-834d-c0aeb99553fd\",\"alertUrl\":\"https://api.victorops.com/api-public/v1/alerts/97fcff1c-6701-41a0-834d-c0aeb99553fd\"},")
                .Append("{\"name\":\"acknowledged\",\"at\":\"2021-11-02T16:38:34Z\",\"by\":\"roman.kyrnis\",\"alertId\":\"97fcff1c-6701-41a0-834d-c0aeb99553fd\",\"alertUrl\":\"https://api.victorops.com/api-public/v1/alerts/97fcff1c-6701-41a0-834d-c0aeb99553fd\"}]}");
        }

        return builder.Append("]}").ToString();
    }

    /// <summary>
    /// The advertised budget (Limit per Period) enforced as an even rate: a token bucket that refills at
    /// Limit/Period a second and holds at most Burst calls. A client that spreads its calls at the rate it
    /// was told never sees a 429; one that fires everything at once does.
    /// GUESS: Datadog counts calls in calendar-aligned windows and would let a burst of up to Limit
    /// through; the bench holds clients to the stricter, even reading so that "zero 429" means the client
    /// paced itself by the headers, not that it was lucky with a window boundary.
    /// </summary>
    internal sealed class Budget
    {
        private readonly object _gate = new();
        private readonly double _rate;
        private readonly double _burst;
        private double _tokens;
        private long _last;

        public Budget(double ratePerSecond, int burst)
        {
            _rate = ratePerSecond;
            _burst = burst;
            Refill();
        }

        public void Refill()
        {
            lock (_gate)
            {
                _tokens = _burst;
                _last = System.Diagnostics.Stopwatch.GetTimestamp();
            }
        }

        public bool TryTake(out int remaining, out int resetSeconds)
        {
            lock (_gate)
            {
                var now = System.Diagnostics.Stopwatch.GetTimestamp();
                _tokens = Math.Min(_burst, _tokens + (now - _last) * _rate / System.Diagnostics.Stopwatch.Frequency);
                _last = now;
                var admitted = _tokens >= 1;
                if (admitted)
                {
                    _tokens -= 1;
                }

                remaining = (int)Math.Floor(_tokens);
                resetSeconds = (int)Math.Ceiling((_burst - _tokens) / _rate);
                return admitted;
            }
        }

        /// <summary>
        /// The least wall time any client needs to read a list of <paramref name="items"/> in pages of
        /// <paramref name="pageSize"/> (one page after another: each names the next) and make one call per item,
        /// where an item's call can start as soon as the page naming it has been answered, with
        /// <paramref name="alongside"/> other independent calls ready from the start; every call takes its
        /// token from the bucket when it starts and is answered one latency later. Calls are started greedily
        /// in the order they become ready (the next page first when tied, since it makes more calls ready), as
        /// fast as the bucket lets them, which no client can beat while the bucket is what limits it.
        /// </summary>
        public static TimeSpan Floor(int items, int pageSize, int alongside, TimeSpan latency, double ratePerSecond, int burst)
        {
            var tokens = (double)burst;
            var now = 0.0;
            var lat = latency.TotalSeconds;
            double Take(double at)
            {
                if (at > now)
                {
                    tokens = Math.Min(burst, tokens + (at - now) * ratePerSecond);
                    now = at;
                }

                if (tokens < 1)
                {
                    now += (1 - tokens) / ratePerSecond;
                    tokens = 1;
                }

                tokens -= 1;
                return now;
            }

            var ready = new System.Collections.Generic.Queue<double>(Enumerable.Repeat(0.0, alongside));
            var pagesLeft = Math.Max(1, (items + pageSize - 1) / pageSize);
            var itemsLeft = items;
            var pageReady = 0.0;
            var end = 0.0;
            while (pagesLeft > 0 || ready.Count > 0)
            {
                if (pagesLeft > 0 && (ready.Count == 0 || pageReady <= ready.Peek()))
                {
                    var answered = Take(pageReady) + lat;
                    var named = Math.Min(pageSize, itemsLeft);
                    itemsLeft -= named;
                    for (var i = 0; i < named; i++)
                    {
                        ready.Enqueue(answered);
                    }

                    pagesLeft--;
                    pageReady = answered;
                    end = Math.Max(end, answered);
                }
                else
                {
                    end = Math.Max(end, Take(ready.Dequeue()) + lat);
                }
            }

            return TimeSpan.FromSeconds(end);
        }
    }
}
