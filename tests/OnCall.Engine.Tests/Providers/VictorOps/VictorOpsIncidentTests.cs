using System.Globalization;
using OnCall.Emulator;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Providers;

using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers.VictorOps;

public sealed class VictorOpsIncidentTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string OpenIncidents = """
        {"incidents":[
          {"incidentNumber":"101","currentPhase":"UNACKED","entityDisplayName":"Disk full","service":"db-1","host":"db1","entityState":"CRITICAL","startTime":"2026-03-10T10:00:00Z","pagedTeams":["team-Z3scfG2gh0qF3QsL"],"pagedUsers":["roman.kyrnis"],
           "pagedPolicies":[{"policy":{"name":"Example","slug":"team-Z3scfG2gh0qF3QsL"},"team":{"name":"Example","slug":"team-Z3scfG2gh0qF3QsL"}}],"transitions":[{"name":"triggered","at":"2026-03-10T10:00:00Z"}]},
          {"incidentNumber":"102","currentPhase":"ACKED","entityDisplayName":"CPU","service":"web-1","startTime":1773140400000,"pagedTeams":["team-JsxJ4dtL2oX4SkEx"],
           "transitions":[{"name":"triggered","at":"2026-03-10T11:00:00Z"},{"name":"acknowledged","at":"2026-03-10T11:05:00Z","by":"bob"}]},
          {"incidentNumber":"103","currentPhase":"RESOLVED","entityDisplayName":"Old","service":"web-2","startTime":"2026-03-09T11:00:00Z","pagedTeams":["team-JsxJ4dtL2oX4SkEx"]}]}
        """;

    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement;

    [Fact]
    public async Task Open_incidents_map_phases_to_statuses_and_filter_by_status_team_name_and_service()
    {
        var server = fixture.Fresh()
            .On("GET", "/api-public/v1/incidents", OpenIncidents)
            .On("GET", "/api-public/v1/team", VictorOpsSamples.TeamList);
        var client = VictorOpsTestClient.Create(server);

        var all = new RecordingSink();
        await client.GetIncidentsAsync(new IncidentQuery(), all, CancellationToken.None);
        var incidents = all.Of<Incident>();
        Assert.Equal(new[] { IncidentStatus.Triggered, IncidentStatus.Acknowledged, IncidentStatus.Resolved }, incidents.Select(i => i.Status).ToArray());
        Assert.Equal("Disk full", incidents[0].Title);
        Assert.Equal("Example", incidents[0].Team);
        Assert.Equal("bob", incidents[1].User);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 11, 0, 0, TimeSpan.Zero), incidents[1].Start); // epoch ms
        Assert.All(incidents, i => Assert.Equal("vo-test", i.Connection));

        var faros = new RecordingSink();
        await client.GetIncidentsAsync(new IncidentQuery { Teams = new[] { "Faros" }, Statuses = new[] { IncidentStatus.Acknowledged, IncidentStatus.Triggered } }, faros, CancellationToken.None);
        Assert.Equal("102", Assert.Single(faros.Of<Incident>()).Id);

        var service = new RecordingSink();
        await client.GetIncidentsAsync(new IncidentQuery { Services = new[] { "web-*" }, First = 1 }, service, CancellationToken.None);
        Assert.Equal("102", Assert.Single(service.Of<Incident>()).Id);
    }

    [Fact]
    public async Task Incidents_by_number_are_read_one_by_one_and_a_missing_one_is_a_non_terminating_error()
    {
        var server = fixture.Fresh()
            .On("GET", "/api-public/v1/incidents/*", request => new CannedAnswer(200, "{\"incidentNumber\":\"" + request.Path.Split('/').Last() + "\",\"currentPhase\":\"ACKED\"}"))
            .On("GET", "/api-public/v1/incidents/404", "{\"message\":\"Incident not found\"}", 404);
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.GetIncidentsAsync(new IncidentQuery { Ids = new[] { "7", "404", "8" } }, sink, CancellationToken.None);

        Assert.Equal(new[] { "7", "8" }, sink.Of<Incident>().Select(i => i.Id).ToArray());
        var error = Assert.Single(sink.Errors);
        Assert.Equal("IncidentNotFound", error.Reason);
        Assert.Equal("404", error.Target);
    }

    [Theory]
    [InlineData("12a")]
    [InlineData("../1")]
    [InlineData("")]
    public async Task An_incident_number_that_is_not_a_number_is_an_error_for_that_item_and_is_never_sent(string id)
    {
        var server = fixture.Fresh();
        var client = VictorOpsTestClient.Create(server);

        var note = await Assert.ThrowsAsync<OnCallException>(() => client.AddNoteAsync(id, "n", "t", new RecordingSink(), CancellationToken.None));
        var sink = new RecordingSink();
        await client.InvokeActionAsync(IncidentAction.Acknowledge, new[] { id }, new IncidentActionOptions { User = "jdoe" }, sink, CancellationToken.None);

        var error = Assert.Single(sink.Errors);
        Assert.All(new[] { note, error }, e => Assert.Equal("InvalidIncidentNumber", e.Reason));
        Assert.All(new[] { note, error }, e => Assert.Equal(OnCallErrorKind.InvalidArgument, e.Kind));
        Assert.Equal(id, error.Target);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task History_pages_through_the_reporting_API_streaming_each_page_with_progress()
    {
        const int total = 250;
        var server = fixture.Fresh()
            .On("GET", "/api-reporting/v2/incidents", request =>
            {
                var offset = int.Parse(request.Q("offset")!, CultureInfo.InvariantCulture);
                var limit = int.Parse(request.Q("limit")!, CultureInfo.InvariantCulture);
                var items = Enumerable.Range(offset, Math.Max(0, Math.Min(limit, total - offset)))
                    .Select(n => new { incidentNumber = (n + 1).ToString(), currentPhase = n % 2 == 0 ? "resolved" : "acknowledged", startTime = "2026-03-01T00:00:00Z", pagedTeams = new[] { "team-Z3scfG2gh0qF3QsL" } });
                return new CannedAnswer(200, JsonSerializer.Serialize(new { offset, limit, total, incidents = items }));
            });
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink(() => server.Calls("GET", "/api-reporting/").Count);
        var start = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

        await client.GetIncidentsAsync(new IncidentQuery { History = true, Start = start, End = start.AddDays(30) }, sink, CancellationToken.None);

        var calls = server.Calls("GET", "/api-reporting/v2/incidents");
        Assert.Equal(new[] { "0", "100", "200" }, calls.Select(c => c.Q("offset")).ToArray());
        Assert.All(calls, c => Assert.Equal("100", c.Q("limit")));
        Assert.All(calls, c => Assert.Equal("triggered,acknowledged,resolved", c.Q("currentPhase")));
        Assert.All(calls, c => Assert.Equal("2026-02-01T00:00:00Z", c.Q("startedAfter")));
        Assert.All(calls, c => Assert.Equal("2026-03-03T00:00:00Z", c.Q("startedBefore")));
        Assert.Equal(total, sink.Of<Incident>().Count);

        // Streamed: the first page's incidents were written before the second page was asked for.
        Assert.All(sink.ProbeAtWrite.Take(100), seen => Assert.Equal(1, seen));

        var progress = sink.Progress.ToList();
        Assert.Contains(progress, p => p.Status.Contains("100 of 250") && p.SecondsRemaining >= 0 && p.PercentComplete == 40);
        Assert.True(progress[^1].Completed);
    }

    [Fact]
    public async Task History_sends_only_the_statuses_asked_and_reads_the_recorded_sample()
    {
        var server = fixture.Fresh().On("GET", "/api-reporting/v2/incidents", VictorOpsSamples.ReportingIncidents);
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.GetIncidentsAsync(new IncidentQuery { History = true, Statuses = new[] { IncidentStatus.Acknowledged }, Services = new[] { "Faros-test" } }, sink, CancellationToken.None);

        var call = Assert.Single(server.Requests);
        Assert.Equal("acknowledged", call.Q("currentPhase"));
        Assert.Equal("Faros-test", call.Q("service"));
        var incident = Assert.Single(sink.Of<Incident>()); // the sample's second incident is service "#2"
        Assert.Equal(IncidentStatus.Acknowledged, incident.Status); // "acknowledged", lower case, in reporting answers
        Assert.Equal("roman.kyrnis", incident.User);
        Assert.Equal("Example", incident.Team);
        Assert.Equal(new[] { "team-Z3scfG2gh0qF3QsL" }, incident.PagedTeams.ToArray());
    }

    [Fact]
    public async Task Ack_batches_incident_names_and_reports_refusals_as_errors_only()
    {
        var server = fixture.Fresh().On("PATCH", "/api-public/v1/incidents/ack", AckAnswer(refuse: "7"));
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();
        var ids = Enumerable.Range(1, 1200).Select(n => n.ToString()).ToList();

        await client.InvokeActionAsync(IncidentAction.Acknowledge, ids, new IncidentActionOptions { Message = "on it" }, sink, CancellationToken.None);

        var calls = server.Calls("PATCH", "/api-public/v1/incidents/ack");
        Assert.Equal(new[] { 500, 500, 200 }, calls.Select(c => Json(c.Body).GetProperty("incidentNames").GetArrayLength()).ToArray());
        Assert.All(calls, c => Assert.Equal("alice", Json(c.Body).GetProperty("userName").GetString()));
        Assert.All(calls, c => Assert.Equal("on it", Json(c.Body).GetProperty("message").GetString()));
        var results = sink.Of<IncidentActionResult>();
        Assert.Equal(1199, results.Count);
        Assert.All(results, r => Assert.True(r.Accepted));
        Assert.DoesNotContain(results, r => r.Id == "7");
        var error = Assert.Single(sink.Errors);
        Assert.Equal("ActionRefused", error.Reason);
        Assert.Equal("7", error.Target);
        Assert.Contains("already resolved", error.Message);
    }

    [Fact]
    public async Task Ten_thousand_incidents_take_at_most_one_percent_of_one_request_each()
    {
        var server = fixture.Fresh().On("PATCH", "/api-public/v1/incidents/resolve", AckAnswer(refuse: null));
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.InvokeActionAsync(IncidentAction.Resolve, Enumerable.Range(1, 10_000).Select(n => n.ToString()).ToList(), new IncidentActionOptions(), sink, CancellationToken.None);

        Assert.InRange(server.Requests.Count, 1, 100);
        Assert.Equal(10_000, sink.Of<IncidentActionResult>().Count);
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task Acting_without_a_user_or_a_connection_default_is_UserRequired_without_a_request()
    {
        var server = fixture.Fresh();
        var client = VictorOpsTestClient.Create(server, userName: null);

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.InvokeActionAsync(IncidentAction.Acknowledge, new[] { "1" }, new IncidentActionOptions(), new RecordingSink(), CancellationToken.None));

        Assert.Equal("UserRequired", error.Reason);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ByUser_resolves_everything_the_user_was_paged_for()
    {
        var server = fixture.Fresh().On("PATCH", "/api-public/v1/incidents/byUser/resolve", "{\"results\":[{\"incidentNumber\":\"5\",\"entityId\":\"e\",\"cmdAccepted\":true,\"message\":\"ok\"}]}");
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.InvokeActionAsync(IncidentAction.Resolve, Array.Empty<string>(), new IncidentActionOptions { ByUser = true, User = "bob" }, sink, CancellationToken.None);

        var body = Json(Assert.Single(server.Requests).Body);
        Assert.Equal("bob", body.GetProperty("userName").GetString());
        var result = Assert.Single(sink.Of<IncidentActionResult>());
        Assert.Equal("Resolve", result.Action);
        Assert.Equal("bob", result.User);
    }

    [Fact]
    public async Task Reroute_posts_targets_per_incident_and_reports_each_status()
    {
        var server = fixture.Fresh().On("POST", "/api-public/v1/incidents/reroute",
            "{\"statuses\":[{\"incidentNumber\":\"1\",\"success\":true,\"targetStatus\":[]},{\"incidentNumber\":\"2\",\"success\":false,\"message\":\"incident is resolved\"}]}");
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.InvokeActionAsync(IncidentAction.Reroute, new[] { "1", "2" }, new IncidentActionOptions { Targets = new[] { "pol-abc", "User:carol" } }, sink, CancellationToken.None);

        var body = Json(Assert.Single(server.Requests).Body);
        var reroutes = body.GetProperty("reroutes");
        Assert.Equal(2, reroutes.GetArrayLength());
        var targets = reroutes[0].GetProperty("targets");
        Assert.Equal("EscalationPolicy", targets[0].GetProperty("type").GetString());
        Assert.Equal("pol-abc", targets[0].GetProperty("slug").GetString());
        Assert.Equal("User", targets[1].GetProperty("type").GetString());
        Assert.Equal("1", Assert.Single(sink.Of<IncidentActionResult>()).Id);
        Assert.Equal("2", Assert.Single(sink.Errors).Target);
    }

    [Fact]
    public async Task Escalate_is_not_supported_and_says_to_reroute()
    {
        var server = fixture.Fresh();
        var client = VictorOpsTestClient.Create(server);
        var error = await Assert.ThrowsAsync<OnCallException>(() => client.InvokeActionAsync(IncidentAction.Escalate, new[] { "1" }, new IncidentActionOptions(), new RecordingSink(), CancellationToken.None));
        Assert.Equal(OnCallErrorKind.NotSupported, error.Kind);
        Assert.Contains("reroute", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_new_incident_posts_the_documented_body()
    {
        var server = fixture.Fresh().On("POST", "/api-public/v1/incidents", "{\"incidentNumber\":\"4711\"}");
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.NewIncidentAsync(new NewIncidentRequest { Title = "Database down", Description = "db1 refuses connections", Targets = new[] { "EscalationPolicy:pol-db", "jane@example.com" } }, sink, CancellationToken.None);

        var body = Json(Assert.Single(server.Requests).Body);
        Assert.Equal("Database down", body.GetProperty("summary").GetString());
        Assert.Equal("db1 refuses connections", body.GetProperty("details").GetString());
        Assert.Equal("alice", body.GetProperty("userName").GetString());
        Assert.Equal("User", body.GetProperty("targets")[1].GetProperty("type").GetString());
        Assert.False(body.TryGetProperty("isMultiResponder", out _));
        var result = Assert.Single(sink.Of<IncidentActionResult>());
        Assert.Equal("4711", result.Id);
        Assert.Equal("Create", result.Action);
    }

    [Fact]
    public async Task A_note_is_posted_with_its_value_as_json()
    {
        var server = fixture.Fresh().On("POST", "/api-public/v1/incidents/*/notes", request => new CannedAnswer(200, request.Body.Replace("display_name", "displayName")));
        var client = VictorOpsTestClient.Create(server);
        var sink = new RecordingSink();

        await client.AddNoteAsync("42", "handover", "Restarted db1 at 10:00", sink, CancellationToken.None);

        var call = Assert.Single(server.Requests);
        Assert.Equal("/api-public/v1/incidents/42/notes", call.Path);
        var body = Json(call.Body);
        Assert.Equal("handover", body.GetProperty("name").GetString());
        Assert.Equal("Restarted db1 at 10:00", body.GetProperty("json_value").GetProperty("text").GetString());
        var note = Assert.Single(sink.Of<IncidentNote>());
        Assert.Equal("42", note.IncidentId);
        Assert.Equal("Restarted db1 at 10:00", note.Text);
    }

    private static Func<CannedRequest, CannedAnswer> AckAnswer(string? refuse) => request =>
    {
        var names = Json(request.Body).GetProperty("incidentNames").EnumerateArray().Select(e => e.GetString()!).ToList();
        var results = names.Select(n => new Dictionary<string, object>
        {
            ["incidentNumber"] = n,
            ["entityId"] = "entity-" + n,
            ["cmdAccepted"] = n != refuse,
            ["message"] = n == refuse ? "Incident is already resolved" : "ok",
        });
        return new CannedAnswer(200, JsonSerializer.Serialize(new { results }));
    };
}
