using System.Management.Automation;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>
/// How objects travel from the engine to the pipeline (issue 11): a paged read stays about a page ahead
/// of a slow consumer, stops when the pipeline downstream stops, and every object's Raw is the vendor's
/// answer that PowerShell dots into like a hashtable.
/// </summary>
public sealed class StreamingTests : IClassFixture<SessionFixture>
{
    private const string History = "Get-OnCallIncident -History -Status Resolved -Start ([DateTimeOffset]::Now.AddYears(-1))";
    private const string ReportingPath = "/api-reporting/v2/incidents";

    private readonly SessionFixture _emulator;
    private readonly PowerShellSession _session;

    public StreamingTests(SessionFixture emulator)
    {
        _emulator = emulator;
        _session = emulator.Fresh();
    }

    private int ReportingRequests() => _emulator.Server.Requests.Count(r => r.Path == ReportingPath);

    [Fact]
    public void A_slow_consumer_holds_the_history_reading_to_the_first_page()
    {
        _emulator.Server.ClearRequests();

        // Ten objects at 5 ms each: time enough for an unbounded reader to fetch every page.
        var seen = _session.RunOk(
            "$server = $args[0]; $path = $args[1]; $n = 0; $seen = -1; " +
            History + " | ForEach-Object { $n++; if ($n -le 10) { Start-Sleep -Milliseconds 5 }; if ($n -eq 10) { $seen = @($server.Requests | Where-Object Path -eq $path).Count } }; $seen",
            _emulator.Server,
            ReportingPath);

        Assert.True(ReportingRequests() >= 2, "the seeded history must span more than one page for this test to mean anything");
        Assert.Equal(1, (int)seen.Single().BaseObject);
    }

    [Fact]
    public void Stopping_the_pipeline_downstream_stops_the_reading()
    {
        _emulator.Server.ClearRequests();
        var taken = _session.RunOk("$n = 0; do { " + History + " | ForEach-Object { $n++; if ($n -ge 5) { break } } } while ($false); $n");
        Thread.Sleep(500);

        Assert.Equal(5, (int)taken.Single().BaseObject);
        Assert.Equal(1, ReportingRequests());
    }

    [Fact]
    public void A_list_served_without_a_request_is_written_whole_and_stops_downstream_like_a_read_one()
    {
        // More users than the hand-off holds (OperationPump.Capacity, 64). The second listing comes from
        // the connection's cache, so the command's work ends before its first wait: everything it writes
        // is written from the pipeline thread while that thread runs it, which must never wait for room
        // only itself can make.
        var users = string.Join(",", Enumerable.Range(0, 150).Select(i => $"{{\"username\":\"user{i}\",\"firstName\":\"User\",\"lastName\":\"{i}\",\"email\":\"user{i}@example.com\"}}"));
        using var standIn = new StandInServer(_emulator.BaseUri).On("GET", "/api-public/v1/user", StandInAnswer.Canned(200, "{\"users\":[[" + users + "]]}"));
        _session.RunOk(ConnectCommands.ConnectVictorOps(standIn.BaseUri, "cached", "-SkipValidation") + " | Out-Null");
        Assert.Equal(150, _session.RunOk("Get-OnCallTeamMember -Connection cached").Count);

        using var ps = PowerShell.Create();
        ps.Runspace = _session.Runspace;
        ps.AddScript(
            "$all = @(Get-OnCallTeamMember -Connection cached); $n = 0; " +
            "do { Get-OnCallTeamMember -Connection cached | ForEach-Object { $n++; if ($n -ge 70) { break } } } while ($false); " +
            "$all.Count; $n; @(Get-OnCallTeamMember -Connection cached | Select-Object -First 3).Count; $all[149].Email");
        var run = ps.BeginInvoke();
        if (!run.AsyncWaitHandle.WaitOne(TimeSpan.FromMinutes(1)))
        {
            // A write that waits for the thread it runs on never returns; stop it so the suite goes on.
            ps.Stop();
            Assert.Fail("listing from the cache never finished: a write on the pipeline thread waited for room only that thread makes");
        }

        var output = ps.EndInvoke(run).Select(o => o.BaseObject.ToString()).ToList();
        Assert.Empty(ps.Streams.Error);
        Assert.Equal(new[] { "150", "70", "3", "user149@example.com" }, output);
        Assert.Equal(1, standIn.Count("GET /api-public/v1/user"));
    }

    [Fact]
    public void Raw_is_the_answer_and_dots_like_a_hashtable_without_json_types()
    {
        var result = _session.RunOk(
            "$t = (Get-OnCallTeam)[0]; " +
            "$t.Raw.slug; $t.Raw['NAME']; ($t.Raw -is [System.Collections.IDictionary]); $t.Raw.GetType().FullName; $t.Id; $t.Name");
        var values = result.Select(o => o.BaseObject.ToString()).ToList();
        Assert.Equal(values[4], values[0]);
        Assert.Equal(values[5], values[1]);
        Assert.Equal("True", values[2]);
        Assert.DoesNotContain("System.Text.Json", values[3], StringComparison.Ordinal);

        // A key the provider adds (the team an on-call entry belongs to) and values nested in it.
        var user = _session.RunOk("$u = (Get-OnCallUser)[0]; $u.Raw.team.name; $u.Team; $u.Raw.team.GetType().FullName");
        Assert.Equal(user[1].BaseObject.ToString(), user[0].BaseObject.ToString());
        Assert.DoesNotContain("System.Text.Json", user[2].BaseObject.ToString(), StringComparison.Ordinal);
    }
}
