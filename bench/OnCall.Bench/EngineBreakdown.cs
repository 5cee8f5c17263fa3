using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using OnCall.Engine.Connections;
using OnCall.Engine.Http;
using OnCall.Engine.Providers;

namespace OnCall.Bench;

/// <summary>
/// Where a per-call's time goes below PowerShell, measured in this process on the same stand-in: a raw
/// HttpClient GET (body read whole), the HTTP pipeline's SendAsync (HttpClient, Polly, verbose
/// text), SendAsync plus parsing the body, and the Datadog client's GetTeamsAsync (all of it, objects
/// and Raw included), each its best round. The hosted figure minus GetTeamsAsync is PowerShell and the pump.
/// </summary>
internal static class EngineBreakdown
{
    public static IReadOnlyDictionary<string, double> Measure(Uri baseUri, bool quick)
    {
        using var connection = ProviderFactory.Create(new ConnectionSettings
        {
            Name = "bench",
            Provider = OnCallProvider.Datadog,
            BaseUri = baseUri,
            ApiKey = SecretText.FromString("bench-api-key"),
            ApplicationKey = SecretText.FromString("bench-app-key"),
        });
        var api = connection.Client;
        var directory = (IDirectorySource)connection.ProviderClient;
        var teamUri = new Uri(baseUri, "/api/v2/team?page%5Bsize%5D=100&page%5Bnumber%5D=0");
        ApiRequest Request() => new ApiRequest("GET", "/api/v2/team").WithQuery("page[size]", "100").WithQuery("page[number]", "0");

        using var http = new HttpClient();
        var subjects = new (string Name, Action Call)[]
        {
            ("raw-get", () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, teamUri);
                request.Headers.Add("DD-API-KEY", "bench-api-key");
                request.Headers.Add("DD-APPLICATION-KEY", "bench-app-key");
                using var response = http.SendAsync(request).GetAwaiter().GetResult();
                using var document = JsonDocument.Parse(response.Content.ReadAsStream());
            }),
            ("send", () => api.SendAsync(Request(), NullOperationSink.Instance, CancellationToken.None).GetAwaiter().GetResult()),
            ("send-parse", () =>
            {
                using var response = api.SendAsync(Request(), NullOperationSink.Instance, CancellationToken.None).GetAwaiter().GetResult();
                using var document = response.ParseDocument();
            }),
            ("get-teams", () => directory.GetTeamsAsync(Array.Empty<string>(), NullOperationSink.Instance, CancellationToken.None).GetAwaiter().GetResult()),
        };

        var times = InterleavedRounds.Measure(subjects, TimeSpan.FromSeconds(quick ? 0.3 : 2), quick ? 3 : 15, quick ? 10 : 50);

        // The best round: interference from other processes only ever adds time, and a breakdown by
        // subtraction needs the steady-state cost of each part.
        return times.ToDictionary(t => t.Key, t => t.Value.Min());
    }

    public static void Print(IReadOnlyDictionary<string, double> engine, IReadOnlyDictionary<string, double> hosted, TextWriter output) =>
        output.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "per-call, best rounds: hosted Get-OnCallTeam {7:0} µs, Invoke-OnCallApi {10:0} µs, raw {8:0} µs, a cmdlet writing 20 objects {9:0} µs; below PowerShell (this process): raw GET+parse {0:0} µs, ApiClient.SendAsync {1:0} µs, + parse {2:0} µs, GetTeamsAsync {3:0} µs; so the HTTP pipeline adds {4:0} µs, mapping {5:0} µs, PowerShell, the cmdlet and the pump {6:0} µs",
            engine["raw-get"],
            engine["send"],
            engine["send-parse"],
            engine["get-teams"],
            engine["send-parse"] - engine["raw-get"],
            engine["get-teams"] - engine["send-parse"],
            hosted["get-team-best-us"] - engine["get-teams"],
            hosted["get-team-best-us"],
            hosted["raw-best-us"],
            hosted["noop-best-us"],
            hosted["invoke-api-best-us"]));
}
