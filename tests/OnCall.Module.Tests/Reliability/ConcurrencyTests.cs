using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Net.Http;
using System.Text.RegularExpressions;
using OnCall.Emulator;
using OnCall.Module.Tests.Infrastructure;
using Xunit.Abstractions;
using static OnCall.Module.Tests.Infrastructure.ConnectCommands;
using static OnCall.Module.Tests.Reliability.ReliabilityKit;

namespace OnCall.Module.Tests.Reliability;

/// <summary>
/// Sixteen runspaces of one process, each with its own connection to one VictorOps account, make 1,000 calls against
/// an emulator that enforces the published 2 requests a second per endpoint. Pacing belongs to the account, so
/// together they stay inside the limit: no endpoint sees a third request within any second (from the emulator's own
/// timestamps), nothing is throttled, and every call gets the answer to its own request.
/// </summary>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private const int Runspaces = 16;
    private const int Calls = 1000;
    private const int Limit = 2;

    private static readonly string[] Teams = ["team-platformops00001", "team-databasesre00002"];
    private static readonly string[] Users = [DemoPeople.John, DemoPeople.Alice, DemoPeople.Bob, DemoPeople.Carol, DemoPeople.Dave];
    private static readonly string[] Policies = ["pol-platformops00001", "pol-platformops00003", "pol-databasesre00002"];
    private static readonly string[] Incidents = ["1", "2", "3", "4", "5"];

    /// <summary>One VictorOps endpoint (the limit is per endpoint, whatever its variables) and the values to call it with.</summary>
    private static readonly (string Template, string[] Values)[] Endpoints =
    [
        ("/api-public/v1/team", [""]),
        ("/api-public/v1/team/{0}", Teams),
        ("/api-public/v1/team/{0}/members", Teams),
        ("/api-public/v1/team/{0}/admins", Teams),
        ("/api-public/v1/team/{0}/policies", Teams),
        ("/api-public/v1/team/{0}/oncall/schedule", Teams),
        ("/api-public/v2/team/{0}/oncall/schedule", Teams),
        ("/api-public/v1/teams/{0}/rotations", Teams),
        ("/api-public/v2/team/{0}/rotations", Teams),
        ("/api-reporting/v1/team/{0}/oncall/log", Teams),
        ("/api-public/v1/user", [""]),
        ("/api-public/v2/user", [""]),
        ("/api-public/v1/user/{0}", Users),
        ("/api-public/v1/user/{0}/teams", Users),
        ("/api-public/v1/user/{0}/oncall/schedule", Users),
        ("/api-public/v2/user/{0}/oncall/schedule", Users),
        ("/api-public/v1/policies", [""]),
        ("/api-public/v1/policies/{0}", Policies),
        ("/api-public/v1/oncall/current", [""]),
        ("/api-public/v1/incidents", [""]),
        ("/api-public/v1/incidents/{0}", Incidents),
        ("/api-public/v1/incidents/{0}/notes", Incidents),
        ("/api-public/v1/overrides", [""]),
        ("/api-public/v1/overrides/{0}", [SeededOverride]),
        ("/api-public/v1/overrides/{0}/assignments", [SeededOverride]),
        ("/api-public/v1/org/routing-keys", [""]),
    ];

    private const string Runner = """
        foreach ($call in $args[0]) {
            $err = $null
            $body = Invoke-OnCallApi -Connection c -Path $call.Path -Raw -ErrorVariable err -ErrorAction SilentlyContinue
            [pscustomobject]@{ N = $call.N; Body = [string]$body; Err = @($err | Where-Object { $_ -ne $null }) }
        }
        """;

    [Fact]
    public async Task Sixteen_runspaces_on_one_account_stay_inside_two_requests_a_second_per_endpoint()
    {
        // An account of its own: the pacing state this test builds up belongs to it alone.
        var keys = OwnAccount("concurrency");
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Credentials = keys, MaxRecordedRequests = 100_000 });
        SeedOverride(server);

        // What each call's own answer looks like.
        var paths = Endpoints.SelectMany(e => e.Values.Select(v => (e.Template, Path: string.Format(CultureInfo.InvariantCulture, e.Template, v), Value: v))).ToList();
        var expected = await ExpectedAsync(server, keys, paths);

        // The endpoints in turn, each with its values in turn: every endpoint gets its share, so pacing sets the pace.
        var calls = Enumerable.Range(0, Calls).Select(n =>
        {
            var (template, values) = Endpoints[n % Endpoints.Length];
            var value = values[n / Endpoints.Length % values.Length];
            return (N: n, Call: paths.Single(p => p.Template == template && p.Value == value));
        }).ToList();

        var sessions = new PowerShellSession[Runspaces];
        try
        {
            var setup = Stopwatch.StartNew();
            Parallel.For(0, Runspaces, i =>
            {
                sessions[i] = new PowerShellSession();
                sessions[i].RunOk(Connect("VictorOps", server.BaseUri, "c", "-SkipValidation", keys) + " | Out-Null");
            });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Runspaces} runspaces connected in {setup.Elapsed.TotalSeconds:0.0} s"));

            server.ClearRequests();
            server.RateLimits.Reset();
            server.RateLimits.VictorOps = true;
            server.RateLimits.VictorOpsPerSecond = Limit;

            var watch = Stopwatch.StartNew();
            var results = new System.Collections.Concurrent.ConcurrentDictionary<int, (string Body, IReadOnlyList<ErrorRecord> Errors)>();
            Parallel.For(0, Runspaces, new ParallelOptions { MaxDegreeOfParallelism = Runspaces }, i =>
            {
                foreach (var chunk in calls.Where(c => c.N % Runspaces == i).Chunk(10))
                {
                    var batch = chunk.Select(c => new Hashtable { ["N"] = c.N, ["Path"] = c.Call.Path }).ToArray();
                    var run = sessions[i].Run(Runner, (object)batch);
                    foreach (var record in run.Output)
                    {
                        var errors = ((IEnumerable?)record.Properties["Err"].Value ?? Array.Empty<object>()).Cast<object>()
                            .Select(e => e is PSObject p ? p.BaseObject : e).OfType<ErrorRecord>().ToList();
                        results[Convert.ToInt32(record.Properties["N"].Value, CultureInfo.InvariantCulture)] = (record.Properties["Body"].Value?.ToString() ?? string.Empty, errors);
                    }
                }
            });
            watch.Stop();

            var requests = server.Requests;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Calls} calls over {Endpoints.Length} endpoints: {requests.Count} requests in {watch.Elapsed.TotalSeconds:0.0} s, {server.RateLimits.TooManyRequestsSent} answered 429"));

            var problems = new List<string>();
            problems.AddRange(Crowded(requests));
            if (server.RateLimits.TooManyRequestsSent > 0)
            {
                problems.Add($"{server.RateLimits.TooManyRequestsSent} requests were answered 429 Too Many Requests");
            }

            foreach (var (n, call) in calls)
            {
                if (!results.TryGetValue(n, out var result))
                {
                    problems.Add($"call {n} ({call.Path}) never ended");
                }
                else if (result.Errors.Count > 0)
                {
                    problems.Add($"call {n} ({call.Path}) failed: {Describe(result.Errors[0])}");
                }
                else if (!expected[call.Path](result.Body))
                {
                    problems.Add($"call {n} ({call.Path}) got an answer that is not its own: {result.Body[..Math.Min(120, result.Body.Length)]}");
                }
            }

            Assert.True(problems.Count == 0, problems.Count + " problems:\n" + string.Join("\n", problems.Take(25)));

            // Pacing that works cannot be faster than the limit allows: a lower bound, from the calls per endpoint.
            var busiest = calls.GroupBy(c => c.Call.Template).Max(g => g.Count());
            Assert.True(watch.Elapsed >= TimeSpan.FromSeconds((busiest - Limit) / (double)Limit), $"{busiest} calls to one endpoint took {watch.Elapsed}");
        }
        finally
        {
            foreach (var session in sessions)
            {
                session?.Dispose();
            }
        }
    }

    /// <summary>Every endpoint's timestamps: any three within one second are one too many.</summary>
    private static IEnumerable<string> Crowded(IReadOnlyList<RecordedRequest> requests)
    {
        var templates = Endpoints.Select(e => (e.Template, Pattern: new Regex("^" + Regex.Escape(e.Template).Replace(@"\{0}", "[^/]+", StringComparison.Ordinal) + "$"))).ToList();
        foreach (var endpoint in requests.GroupBy(r => r.Method + " " + (templates.FirstOrDefault(t => t.Pattern.IsMatch(r.Path)).Template ?? r.Path)))
        {
            var times = endpoint.Select(r => r.Timestamp).Order().ToList();
            for (var i = 0; i + Limit < times.Count; i++)
            {
                if (times[i + Limit] - times[i] < TimeSpan.FromSeconds(1))
                {
                    yield return string.Create(CultureInfo.InvariantCulture, $"{endpoint.Key}: {Limit + 1} requests within {(times[i + Limit] - times[i]).TotalMilliseconds:0} ms from {times[i]:HH:mm:ss.fff}");
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Asks each path twice, a second apart, before the limit is on. An answer that did not change but for its times
    /// is what every call of that path must get, times aside. One that changes more must at least carry something no
    /// other path's answer has, or the variable it asked about when no sibling's answer names it.
    /// </summary>
    private static async Task<Dictionary<string, Func<string, bool>>> ExpectedAsync(EmulatorServer server, AcceptedCredentials keys, List<(string Template, string Path, string Value)> paths)
    {
        using var client = new HttpClient { BaseAddress = server.BaseUri };
        client.DefaultRequestHeaders.Add("X-VO-Api-Id", keys.VictorOpsApiId);
        client.DefaultRequestHeaders.Add("X-VO-Api-Key", keys.VictorOpsApiKey);
        var first = new Dictionary<string, string>();
        var second = new Dictionary<string, string>();
        foreach (var (_, path, _) in paths)
        {
            first[path] = await client.GetStringAsync(path.TrimStart('/'));
        }

        await Task.Delay(TimeSpan.FromSeconds(1.1));
        foreach (var (_, path, _) in paths)
        {
            second[path] = await client.GetStringAsync(path.TrimStart('/'));
        }

        var expected = new Dictionary<string, Func<string, bool>>();
        foreach (var (template, path, value) in paths)
        {
            var body = second[path];
            var stable = Timeless(body);
            if (Timeless(first[path]) == stable)
            {
                expected[path] = answer => Timeless(answer) == stable;
                continue;
            }

            var others = paths.Where(p => p.Path != path).Select(p => second[p.Path]).ToList();
            var siblings = paths.Where(p => p.Template == template && p.Path != path).Select(p => second[p.Path]).ToList();
            var marker = Regex.Matches(body, "\"[^\"]{1,40}\":\"[^\"]{1,80}\"|\"[^\"]{4,80}\"").Select(m => m.Value)
                .FirstOrDefault(m => first[path].Contains(m, StringComparison.Ordinal) && others.All(o => !o.Contains(m, StringComparison.Ordinal)))
                ?? (value.Length > 0 && body.Contains(value, StringComparison.Ordinal) && siblings.All(o => !o.Contains(value, StringComparison.Ordinal)) ? value : null);
            if (marker is not null)
            {
                expected[path] = answer => answer.Contains(marker, StringComparison.Ordinal);
                continue;
            }

            // The start of the answer, up to the first value that moves with the clock, when no other answer starts so.
            var prefix = body[..Math.Min(40, body.Length)];
            Assert.True(first[path].StartsWith(prefix, StringComparison.Ordinal) && others.All(o => !o.StartsWith(prefix, StringComparison.Ordinal)), "nothing tells the answer of " + path + " from the others: " + body[..Math.Min(300, body.Length)]);
            expected[path] = answer => answer.StartsWith(prefix, StringComparison.Ordinal);
        }

        return expected;
    }

    private static readonly Regex Times = new(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d|\\u002B\d\d:\d\d)?", RegexOptions.CultureInvariant);

    /// <summary>An answer with its times blanked: what a schedule or "on call now" says, whatever second it was asked.</summary>
    private static string Timeless(string answer) => Times.Replace(answer, "<time>");
}
