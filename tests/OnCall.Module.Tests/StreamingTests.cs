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
