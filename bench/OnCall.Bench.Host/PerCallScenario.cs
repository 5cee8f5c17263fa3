using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OnCall.Bench.Host;

/// <summary>
/// One GET of a 20-team Datadog list (Datadog's team list is not cached, so every call is a request):
/// Get-OnCallTeam and Invoke-OnCallApi in a hosted runspace, raw HttpClient + System.Text.Json in the
/// same process, and Invoke-RestMethod in the same runspace. Rounds interleave the four so that
/// machine noise falls on all of them; each figure is the median of the rounds' per-call means.
/// </summary>
internal static class PerCallScenario
{
    private const string ApiKey = "bench-api-key";
    private const string AppKey = "bench-app-key";

    public static IDictionary<string, double> Run(Options options)
    {
        var url = options.Url;
        var rounds = options.Int("rounds", 15);
        var batch = options.Int("batch", 50);
        var warmup = TimeSpan.FromSeconds(options.Number("warmup", 3));
        var settle = TimeSpan.FromSeconds(options.Number("settle", 30));
        var teamUri = new Uri(url, "/api/v2/team?page%5Bsize%5D=100&page%5Bnumber%5D=0");

        using var session = new HostedSession();
        session.Run("Import-Module -Name $args[0] -ErrorAction Stop", options.Module);
        session.Run($"Connect-OnCall -Provider Datadog -Name bench -ApiKey {ApiKey} -ApplicationKey {AppKey} -BaseUri '{url}' -SkipValidation | Out-Null");

        using var getTeam = session.Command("Get-OnCallTeam");
        using var invokeApi = session.Command("Invoke-OnCallApi", new Hashtable
        {
            ["Path"] = "/api/v2/team",
            ["Query"] = new Hashtable { ["page[size]"] = "100", ["page[number]"] = "0" },
        });
        using var restMethod = session.Command("Invoke-RestMethod", new Hashtable
        {
            ["Uri"] = teamUri,
            ["Headers"] = new Hashtable { ["DD-API-KEY"] = ApiKey, ["DD-APPLICATION-KEY"] = AppKey, ["Accept"] = "application/json" },
        });

        // What hosting alone costs: a cmdlet that writes 20 objects and sends nothing.
        using var noop = session.Command("Receive-BenchObject", new Hashtable { ["Emit"] = 20 });

        using var http = new HttpClient();
        var raw = () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, teamUri);
            request.Headers.Add("DD-API-KEY", ApiKey);
            request.Headers.Add("DD-APPLICATION-KEY", AppKey);
            request.Headers.Add("Accept", "application/json");
            using var response = http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            using var stream = response.Content.ReadAsStreamAsync().GetAwaiter().GetResult();
            var page = JsonSerializer.Deserialize<TeamPage>(stream, JsonOptions)!;
            return page.Data.Count;
        };

        var subjects = new (string Name, Func<int> Call, int Expected)[]
        {
            ("raw", raw, 20),
            ("get-team", () => HostedSession.Invoke(getTeam), 20),
            ("invoke-api", () => HostedSession.Invoke(invokeApi), 1),
            ("irm", () => HostedSession.Invoke(restMethod), 1),
            ("noop", () => HostedSession.Invoke(noop), 20),
        };

        foreach (var subject in subjects)
        {
            var got = subject.Call();
            if (got != subject.Expected)
            {
                throw new InvalidOperationException($"{subject.Name} returned {got} objects, expected {subject.Expected}");
            }
        }

        var calls = subjects.Select(s => (s.Name, (Action)(() => s.Call()))).ToList();
        var warm = InterleavedRounds.WarmUp(calls, warmup, settle);
        var perCall = InterleavedRounds.Measure(calls, TimeSpan.Zero, rounds, batch);

        var figures = new Dictionary<string, double>();
        foreach (var (name, values) in perCall)
        {
            values.Sort();
            figures[name + "-us"] = values[values.Count / 2];
            figures[name + "-best-us"] = values[0];
        }

        figures["calls"] = rounds * batch;
        figures["warmup-s"] = warm.Seconds;
        figures["warmup-jit-per-s"] = warm.JitPerSecond;
        return figures;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed class TeamPage
    {
        [JsonPropertyName("data")]
        public List<TeamResource> Data { get; set; } = new();
    }

    private sealed class TeamResource
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }

        [JsonPropertyName("attributes")]
        public TeamAttributes? Attributes { get; set; }
    }

    private sealed class TeamAttributes
    {
        [JsonPropertyName("name")]
        public string? Name { get; set; }

        [JsonPropertyName("handle")]
        public string? Handle { get; set; }

        [JsonPropertyName("user_count")]
        public int? UserCount { get; set; }
    }
}
