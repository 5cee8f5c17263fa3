using System.Management.Automation;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>ZStack's undocumented corners (issue 10) as a user meets them: refusals with stable ids, before any write.</summary>
public sealed class ZStackFidelityTests : IClassFixture<ZStackFidelityFixture>
{
    private readonly SessionFixture _emulator;
    private readonly PowerShellSession _session;

    public ZStackFidelityTests(ZStackFidelityFixture emulator)
    {
        _emulator = emulator;
        _session = emulator.Fresh();
    }

    [Fact]
    public void An_override_for_a_name_no_schedule_knows_is_refused_and_nothing_is_sent()
    {
        _emulator.Server.ClearRequests();

        var result = _session.Run("Set-OnCallOverride -Schedule 'Platform On-Call' -User 'Zed Nobody' -Start ([datetimeoffset]'2030-01-01T00:00:00Z') -End ([datetimeoffset]'2030-01-01T04:00:00Z') -Confirm:$false");

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("OnCall.ZStack.SubstituteUserUnknown", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("Zed Nobody", error.TargetObject?.ToString());
        Assert.DoesNotContain(_emulator.Server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public void An_override_for_a_members_name_sends_the_members_id()
    {
        _emulator.Server.ClearRequests();

        var made = _session.RunOk("Set-OnCallOverride -Schedule 'Platform On-Call' -User 'John Smith' -Start ([datetimeoffset]'2030-01-01T00:00:00Z') -End ([datetimeoffset]'2030-01-01T04:00:00Z') -Confirm:$false");

        Assert.Equal("John Smith", Assert.Single(made).Properties["User"].Value);
        var post = Assert.Single(_emulator.Server.Requests, r => r.Method == "POST" && r.Path == "/api/v1/oncall/overrides");
        Assert.Contains("\"substituteUser\":\"user-john\"", post.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_that_ignores_offset_stops_the_list_with_OffsetIgnored()
    {
        lock (_emulator.Server.State.Sync)
        {
            _emulator.Server.State.ZStack.Paging.MaxLimit = 2;
            _emulator.Server.State.ZStack.Paging.IgnoresOffset = true;
        }

        try
        {
            var result = _session.Run("Get-OnCallIncident -History");

            var error = Assert.Single(result.AllErrors);
            Assert.Equal("OnCall.ZStack.OffsetIgnored", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Equal(2, result.Output.Count);
        }
        finally
        {
            lock (_emulator.Server.State.Sync)
            {
                _emulator.Server.State.ZStack.Paging.Reset();
            }
        }
    }
}

public sealed class ZStackFidelityFixture : SessionFixture
{
    protected override IEnumerable<string> Connections() => [ConnectZStack("zs")];
}
