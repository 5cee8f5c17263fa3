using System.Management.Automation;
using OnCall.Emulator;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>A runspace connected to each vendor of one emulator: dd (Datadog), zs (ZStack) and vo (VictorOps, the default).</summary>
public sealed class RotationFixture : SessionFixture
{
    protected override IEnumerable<string> Connections() =>
        [ConnectDatadog("dd", "-NoClientPacing"), ConnectZStack("zs", "-NoClientPacing"), ConnectVictorOps("vo", "-NoClientPacing")];
}

/// <summary>
/// Issue 9 through the public surface against the emulator: round trips that send nothing, the bodies a Set
/// sends, refusals before any request, -WhatIf field by field, creates and removes, validation, and a copy in
/// each direction checked by rendering both sides with Get-OnCallSchedule over 28 days. One emulator and one
/// runspace for the class: each test names what it creates after itself and changes only seeded rotations no
/// other test here depends on the shape of, so the order the tests run in does not matter.
/// </summary>
public sealed class RotationTests : IClassFixture<RotationFixture>
{
    private const string DdSchedule = "5c3e9b10-0000-4000-8000-00000000b001";
    private const string DdLayer = "2b8f6a30-0000-4000-8000-00000000d001";

    private readonly EmulatorServer _server;

    public RotationTests(RotationFixture fixture)
    {
        Session = fixture.Fresh();
        _server = fixture.Server;
        _server.ClearRequests();
    }

    private PowerShellSession Session { get; }

    [Theory]
    [InlineData("dd")]
    [InlineData("zs")]
    [InlineData("vo")]
    public void Get_piped_to_Set_changes_nothing_and_sends_nothing(string connection)
    {
        Session.RunOk($"$script:rotations = @(Get-OnCallRotation -Connection {connection})");
        _server.ClearRequests();

        var result = Session.Run("$script:rotations | Set-OnCallRotation -Confirm:$false -Verbose");

        Assert.Empty(result.AllErrors);
        Assert.Empty(_server.Requests);
        Assert.True(result.Output.Count >= 2, $"{result.Output.Count} rotations written");
        Assert.Contains(result.Verbose, v => v.Contains("nothing to change", StringComparison.Ordinal));
    }

    [Fact]
    public void A_ZStack_Set_sends_the_whole_update_body_with_only_the_duration_changed()
    {

        var rotation = Session.RunOk("Get-OnCallRotation -Connection zs -Id sched-00112233 | Set-OnCallRotation -ShiftDuration 24h -Confirm:$false").Single();

        var put = Assert.Single(_server.Requests, r => r.Method == "PUT");
        Assert.Equal("/api/v1/oncall/schedules/sched-00112233", put.Path);
        Assert.Equal(
            "{\"name\":\"Platform On-Call\",\"description\":\"24x7 platform on-call rotation\",\"timezone\":\"America/New_York\",\"shiftDuration\":\"24h\","
            + "\"members\":[{\"userId\":\"user-jane\",\"userName\":\"Jane Doe\",\"order\":1},{\"userId\":\"user-john\",\"userName\":\"John Smith\",\"order\":2},{\"userId\":\"user-alice\",\"userName\":\"Alice Nguyen\",\"order\":3}]}",
            put.Body);
        Assert.Equal("24h", rotation.Properties["ShiftDuration"].Value);
        Assert.Equal("weekly", rotation.Properties["RotationType"].Value);
    }

    [Fact]
    public void Set_with_the_seed_examples_sends_the_seed_UpdateOnCallSchedule_body()
    {
        // research-9 2.2: the seed's example body is a placeholder; its field examples give this body.
        Session.RunOk("$script:made = New-OnCallRotation -Connection zs -Name draft -Members 'John Smith' -ShiftDuration 24h -Start '2026-01-15T08:00Z' -TimeZone UTC -Confirm:$false");
        _server.ClearRequests();

        Session.RunOk("$script:made | Set-OnCallRotation -Name my-resource -Description 'A brief description' -TimeZone Asia/Shanghai -ShiftDuration 168h -Members 'user-abc123=Alice Smith' -Confirm:$false");

        var put = Assert.Single(_server.Requests, r => r.Method == "PUT");
        Assert.Equal(
            "{\"name\":\"my-resource\",\"description\":\"A brief description\",\"timezone\":\"Asia/Shanghai\",\"shiftDuration\":\"168h\",\"members\":[{\"userId\":\"user-abc123\",\"userName\":\"Alice Smith\",\"order\":1}]}",
            put.Body);
    }

    [Fact]
    public void A_Datadog_Set_keeps_the_layer_id_and_everything_else_and_WhatIf_shows_the_change_field_by_field()
    {
        var whatIf = Session.Run($"Get-OnCallRotation -Connection dd -Id {DdLayer} | Set-OnCallRotation -ShiftDuration 24h -Members john.smith@example.com, jane.doe@example.com -WhatIf");

        Assert.Empty(whatIf.AllErrors);
        Assert.DoesNotContain(_server.Requests, r => r.Method != "GET");
        var text = Session.Host.Text;
        Assert.Contains("layer 'Weekly' of schedule 'Platform Primary' on Datadog connection dd", text, StringComparison.Ordinal);
        Assert.Contains("Weekly: ShiftDuration: 168h (calendar days) -> 24h (calendar days)", text, StringComparison.Ordinal);
        Assert.Contains("Weekly: Members: jane.doe@example.com, john.smith@example.com, alice.nguyen@example.com -> john.smith@example.com, jane.doe@example.com", text, StringComparison.Ordinal);

        Session.RunOk($"Get-OnCallRotation -Connection dd -Id {DdLayer} | Set-OnCallRotation -ShiftDuration 24h -Confirm:$false");
        var put = Assert.Single(_server.Requests, r => r.Method == "PUT");
        Assert.Equal($"/api/v2/on-call/schedules/{DdSchedule}", put.Path);
        Assert.Equal(
            "{\"data\":{\"attributes\":{\"layers\":[{\"effective_date\":\"2026-01-05T14:00:00Z\",\"id\":\"" + DdLayer + "\",\"interval\":{\"days\":1},"
            + "\"members\":[{\"user\":{\"id\":\"" + User("jane.doe@example.com") + "\"}},{\"user\":{\"id\":\"" + User("john.smith") + "\"}},{\"user\":{\"id\":\"" + User("alice.nguyen") + "\"}}],"
            + "\"name\":\"Weekly\",\"restrictions\":[],\"rotation_start\":\"2026-01-05T14:00:00Z\"}],\"name\":\"Platform Primary\",\"time_zone\":\"America/New_York\"},"
            + "\"id\":\"" + DdSchedule + "\",\"relationships\":{\"teams\":{\"data\":[{\"id\":\"6a1f0d2e-0000-4000-8000-00000000a001\",\"type\":\"teams\"}]}},\"type\":\"schedules\"}}",
            put.Body);
        Assert.Equal(TimeSpan.FromDays(1), Session.RunOk($"(Get-OnCallRotation -Connection dd -Id {DdLayer}).ShiftLength").Single().BaseObject);
    }

    [Fact]
    public void VictorOps_changes_who_holds_a_shift_and_refuses_any_other_change_before_a_request()
    {
        Session.RunOk("$script:vo = Get-OnCallRotation -Connection vo -Team 'Platform Ops'");
        _server.ClearRequests();
        var refused = Session.Run("$script:vo | Set-OnCallRotation -ShiftDuration 24h -Members alice.nguyen, john.smith -Confirm:$false");

        var error = Assert.Single(refused.AllErrors);
        Assert.StartsWith("OnCall.VictorOps.ChangeNotSupported,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("ShiftDuration, Members", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.Empty(_server.Requests);

        var changed = Session.RunOk("$script:vo | Set-OnCallRotation -CurrentMember alice.nguyen -Confirm:$false").Single();

        var put = Assert.Single(_server.Requests, r => r.Method == "PUT");
        Assert.Equal("/api-public/v1/teams/team-platformops00001/rotations/40101/201/scheduled", put.Path);
        Assert.Equal("{\"username\":\"alice.nguyen\",\"memberSlug\":\"rtm-alicenguyen\"}", put.Body);
        Assert.Equal("alice.nguyen", changed.Properties["CurrentMember"].Value);
    }

    [Fact]
    public void ZStack_refuses_a_new_type_or_start_and_has_no_delete_before_any_request()
    {
        Session.RunOk("$script:zs = Get-OnCallRotation -Connection zs -Id sched-00112233");
        _server.ClearRequests();

        var type = Session.Run("$script:zs | Set-OnCallRotation -RotationType daily -Confirm:$false");
        var start = Session.Run("$script:zs | Set-OnCallRotation -Start '2027-01-04T09:00-05:00' -Confirm:$false");
        var remove = Session.Run("$script:zs | Remove-OnCallRotation -Confirm:$false");

        Assert.StartsWith("OnCall.ZStack.FixedAfterCreate,", Assert.Single(type.AllErrors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("weekly -> daily", Assert.Single(type.AllErrors).Exception.Message, StringComparison.Ordinal);
        Assert.StartsWith("OnCall.ZStack.FixedAfterCreate,", Assert.Single(start.AllErrors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.StartsWith("OnCall.ZStack.RemoveNotSupported,", Assert.Single(remove.AllErrors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void New_creates_on_each_vendor_what_Get_reads_back_and_Remove_deletes_where_the_vendor_can()
    {
        const string common = "-ShiftDuration 168h -Start '2026-12-07T09:00-05:00' -TimeZone America/New_York -Confirm:$false";
        var dd = Session.RunOk($"New-OnCallRotation -Connection dd -Name Trial -Team 'Platform Ops' -Members jane.doe@example.com, 'John Smith' {common} -Restriction 'Monday 09:00 - Friday 17:00'").Single();
        var vo = Session.RunOk($"New-OnCallRotation -Connection vo -Name Trial -Team 'Platform Ops' -Members jane.doe@example.com, john.smith {common}").Single();
        var zs = Session.RunOk("New-OnCallRotation -Connection zs -Name Trial -Members 'Jane Doe', 'John Smith' -ShiftDuration 36h30m -Start '2026-12-07T09:00-05:00' -TimeZone America/New_York -Confirm:$false").Single();

        Assert.Equal(new[] { "jane.doe@example.com", "john.smith@example.com" }, ((System.Collections.IEnumerable)dd.Properties["Members"].Value).Cast<object>().Select(o => o.ToString()));
        Assert.Equal("Monday 09:00 - Friday 17:00", ((System.Collections.IEnumerable)dd.Properties["Restrictions"].Value).Cast<object>().Single().ToString());
        Assert.Equal("Platform Ops", dd.Properties["Team"].Value);
        Assert.Matches("^[0-9]+$", vo.Properties["Id"].Value.ToString()!);
        Assert.Matches("^rtg-", vo.Properties["ScheduleId"].Value.ToString()!);
        Assert.Equal("36h30m", zs.Properties["ShiftDuration"].Value);
        Assert.Equal("custom", zs.Properties["RotationType"].Value);
        var created = _server.Requests.Where(r => r.Method == "POST").Select(r => r.Path).ToList();
        Assert.Equal(["/api/v2/on-call/schedules", "/api-public/v1/teams/team-platformops00001/rotations", "/api/v1/oncall/schedules"], created);

        Session.RunOk("Get-OnCallRotation -Connection dd -Id Trial | Remove-OnCallRotation -Confirm:$false");
        Session.RunOk("$args[0] | Remove-OnCallRotation -Confirm:$false", vo);

        Assert.Empty(Session.Run("Get-OnCallRotation -Connection dd -Id Trial").Output);
        Assert.Empty(Session.Run("Get-OnCallRotation -Connection vo -Team 'Platform Ops' -Id Trial").Output);
        Assert.Contains(_server.Requests, r => r.Method == "DELETE" && r.Path.StartsWith("/api-public/v1/teams/team-platformops00001/rotations/", StringComparison.Ordinal) && r.Path.Split('/').Last().All(char.IsDigit));
    }

    [Fact]
    public void Bad_input_is_refused_before_any_request_and_unknown_people_are_named_before_anything_is_created()
    {
        var zero = Session.Run("New-OnCallRotation -Connection dd -Name x -Members john.smith -ShiftDuration 0 -Start '2026-12-07T09:00Z' -TimeZone UTC -Confirm:$false");
        var twice = Session.Run("New-OnCallRotation -Connection dd -Name x -Members john.smith, john.smith -ShiftDuration 24h -Start '2026-12-07T09:00Z' -TimeZone UTC -Confirm:$false");
        var short_ = Session.Run("New-OnCallRotation -Connection dd -Name x -Members john.smith -ShiftDuration 30m -Start '2026-12-07T09:00Z' -TimeZone UTC -Confirm:$false");
        var partDays = Session.Run("New-OnCallRotation -Connection vo -Team 'Platform Ops' -Name x -Members john.smith -ShiftDuration 36h -Start '2026-12-07T09:00Z' -TimeZone UTC -Confirm:$false");
        var windows = Session.Run("New-OnCallRotation -Connection zs -Name x -Members 'John Smith' -ShiftDuration 24h -Start '2026-12-07T09:00Z' -TimeZone UTC -Restriction 'Monday 09:00 - Friday 17:00' -Confirm:$false");
        Assert.Empty(_server.Requests);
        Assert.StartsWith("OnCall.Module.InvalidShiftDuration,", Assert.Single(zero.AllErrors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.StartsWith("OnCall.Module.DuplicateMember,", Assert.Single(twice.AllErrors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.StartsWith("OnCall.Module.ShortInterval,", Assert.Single(short_.AllErrors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.StartsWith("OnCall.VictorOps.NotWholeDays,", Assert.Single(partDays.AllErrors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.StartsWith("OnCall.ZStack.NotSupported,", Assert.Single(windows.AllErrors).FullyQualifiedErrorId, StringComparison.Ordinal);

        var unknown = Session.Run("New-OnCallRotation -Connection dd -Name x -Members john.smith@example.com, nobody@example.com, ghost -ShiftDuration 24h -Start '2026-12-07T09:00Z' -TimeZone UTC -Confirm:$false");
        var error = Assert.Single(unknown.AllErrors);
        Assert.StartsWith("OnCall.Datadog.UnknownMember,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("'nobody@example.com', 'ghost'", error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Requests, r => r.Method != "GET");
    }

    [Fact]
    public void Input_errors_name_the_data_and_their_advice_names_the_parameter()
    {
        var twice = Assert.Single(Session.Run("New-OnCallRotation -Connection dd -Name x -Members john.smith, john.smith -ShiftDuration 24h -Start '2026-12-07T09:00Z' -TimeZone UTC -Confirm:$false").AllErrors);
        var nobody = Assert.Single(Session.Run("Set-OnCallRotation -Connection dd -Id x -Members '(nobody)' -Confirm:$false").AllErrors);
        var missing = Assert.Single(Session.Run("Test-OnCallRotation -Connection dd -Name x -Members john.smith -TimeZone UTC").AllErrors);

        Assert.Empty(_server.Requests);
        Assert.Equal(
            new[] { ("OnCall.Module.DuplicateMember", "Name each person once in -Members."), ("OnCall.Module.EmptyLayer", "Give -Members at least one person."), ("OnCall.Module.MissingField", "Give -ShiftDuration, -Start.") },
            new[] { twice, nobody, missing }.Select(e => (e.FullyQualifiedErrorId.Split(',')[0], e.ErrorDetails?.RecommendedAction ?? string.Empty)).ToArray());
        Assert.All(new[] { twice, nobody, missing }, e => Assert.DoesNotContain("-Members", e.Exception.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_copy_names_the_Team_parameter_only_where_the_destination_has_owning_teams()
    {
        Session.Run("Get-OnCallRotation -Connection dd -Id $args[0] | Copy-OnCallRotation -Destination zs -WhatIf", DdLayer);
        var toZStack = Session.Host.Text;
        Session.Host.ClearText();
        Session.Run("Get-OnCallRotation -Connection dd -Id $args[0] | Copy-OnCallRotation -Destination dd -Name 'Copy with teams' -WhatIf", DdLayer);
        var toDatadog = Session.Host.Text;

        Assert.Contains("Not carried over: the owning teams (", toZStack, StringComparison.Ordinal);
        Assert.DoesNotContain("-Team", toZStack, StringComparison.Ordinal);
        Assert.Contains("which are the source's: give the destination's with -Team", toDatadog, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Requests, r => r.Method != "GET");
    }

    [Fact]
    public void Test_reports_the_module_checks_and_ZStack_validation_as_objects_and_Validate_stops_a_write()
    {
        var duplicate = Session.RunOk("Test-OnCallRotation -Connection zs -Name x -Members 'Jane Doe', 'Bob Martin', 'Jane Doe' -ShiftDuration 24h -Start '2026-12-07T09:00Z' -TimeZone UTC").Single();
        var mismatch = Session.RunOk("Test-OnCallRotation -Connection zs -Name x -Members 'Jane Doe', 'Bob Martin' -ShiftDuration 24h -RotationType weekly -Start '2026-12-07T09:00Z' -TimeZone UTC").Single();
        var fine = Session.RunOk("Get-OnCallRotation -Connection dd | Test-OnCallRotation");

        Assert.False((bool)duplicate.Properties["IsValid"].Value);
        Assert.Contains("DuplicateMember", Types(duplicate));
        Assert.Contains("duration_mismatch", Types(mismatch));
        Assert.Contains(_server.Requests, r => r.Method == "POST" && r.Path == "/api/v1/oncall/schedules/validate");
        Assert.All(fine, v => Assert.True((bool)v.Properties["IsValid"].Value));

        _server.ClearRequests();
        var stopped = Session.Run("New-OnCallRotation -Connection zs -Name x -Members 'Jane Doe', 'Bob Martin' -ShiftDuration 24h -RotationType weekly -Start '2026-12-07T09:00Z' -TimeZone UTC -Validate -Confirm:$false");
        Assert.StartsWith("OnCall.ZStack.ValidationFailed,", Assert.Single(stopped.AllErrors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Requests, r => r.Method == "POST" && r.Path == "/api/v1/oncall/schedules");
    }

    [Fact]
    public void New_and_Remove_with_WhatIf_show_the_definition_and_the_target_and_send_no_write()
    {
        var made = Session.Run("New-OnCallRotation -Connection dd -Name Dry -Team 'Platform Ops' -Members jane.doe@example.com, 'John Smith' -ShiftDuration 168h -Start '2026-12-07T09:00-05:00' -TimeZone America/New_York -WhatIf");
        var newText = Session.Host.Text;
        Session.Host.ClearText();
        var removed = Session.Run($"Get-OnCallRotation -Connection dd -Id {DdSchedule} | Remove-OnCallRotation -WhatIf");
        var removeText = Session.Host.Text;

        Assert.Empty(made.AllErrors);
        Assert.Empty(made.Output);
        Assert.Contains("new rotation 'Dry' on Datadog connection dd", newText, StringComparison.Ordinal);
        Assert.Contains("every 168h", newText, StringComparison.Ordinal);
        Assert.Contains("TimeZone: America/New_York", newText, StringComparison.Ordinal);
        Assert.Contains("members jane.doe@example.com, john.smith@example.com", newText, StringComparison.Ordinal);
        Assert.Empty(removed.AllErrors);
        Assert.Contains("schedule 'Platform Primary' on Datadog connection dd", removeText, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Requests, r => r.Method != "GET");
        Assert.Equal(System.Management.Automation.ConfirmImpact.High, Session.RunOk("(Get-Command Remove-OnCallRotation).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact").Single().BaseObject);
    }

    [Fact]
    public void Set_Validate_sends_the_changed_definition_to_ZStack_validation_and_changes_only_what_passes()
    {
        Session.RunOk("$script:daily = New-OnCallRotation -Connection zs -Name 'Validated daily' -Members 'Jane Doe', 'Bob Martin' -ShiftDuration 24h -RotationType daily -Start '2026-12-07T09:00Z' -TimeZone UTC -Confirm:$false");
        _server.ClearRequests();

        var stopped = Session.Run("$script:daily | Set-OnCallRotation -ShiftDuration 36h -Validate -Confirm:$false");

        var error = Assert.Single(stopped.AllErrors);
        Assert.StartsWith("OnCall.ZStack.ValidationFailed,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("duration_mismatch", error.Exception.Message, StringComparison.Ordinal);
        var validate = Assert.Single(_server.Requests, r => r.Method == "POST");
        Assert.Equal("/api/v1/oncall/schedules/validate", validate.Path);
        Assert.Contains("\"shiftDuration\":\"36h\"", validate.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Requests, r => r.Method == "PUT");

        var renamed = Session.RunOk("$script:daily | Set-OnCallRotation -Name 'Validated nightly' -Validate -Confirm:$false").Single();

        Assert.Equal("Validated nightly", renamed.Properties["Name"].Value);
        Assert.Single(_server.Requests, r => r.Method == "PUT");
    }

    [Theory]
    [InlineData("vo", "-Team 'Platform Ops' -Id rtg-platformops00001", "dd", "", "Get-OnCallSchedule -Connection vo -Team 'Platform Ops' -Days 28 | Where-Object Policy -eq 'Platform Ops Primary'")]
    [InlineData("vo", "-Team 'Platform Ops' -Id rtg-platformops00001", "zs", "", "Get-OnCallSchedule -Connection vo -Team 'Platform Ops' -Days 28 | Where-Object Policy -eq 'Platform Ops Primary'")]
    [InlineData("dd", "-Id " + DdLayer, "zs", "", "Get-OnCallSchedule -Connection dd -Schedule 'Platform Primary' -Days 28")]
    [InlineData("zs", "-Id sched-00445566", "dd", "-Team 'Database SRE'", "Get-OnCallSchedule -Connection zs -Schedule 'Database On-Call' -Days 28")]
    public void A_copy_hands_off_at_the_same_moments_as_its_source_over_28_days(string from, string select, string to, string extra, string sourceShifts)
    {
        var name = $"Copied {from} to {to}";
        var copy = Session.RunOk($"Get-OnCallRotation -Connection {from} {select} | Copy-OnCallRotation -Destination {to} -Name '{name}' {extra} -Confirm:$false").Single();

        Assert.True((bool)copy.Properties["IsExact"].Value, "differences: " + string.Join("; ", ((System.Collections.IEnumerable)copy.Properties["Differences"].Value).Cast<object>()));
        Assert.Single(_server.Requests, r => r.Method == "POST" && !r.Path.EndsWith("/validate", StringComparison.Ordinal));

        // Independently of the copy's own check: both vendors' schedules, rendered by Get-OnCallSchedule.
        var copyShifts = $"Get-OnCallSchedule -Connection {to} -Schedule '{name}' -Days 28";
        var source = Handoffs(sourceShifts);
        var target = Handoffs(copyShifts);
        Assert.True(source.Count >= 4, $"{source.Count} hand-offs in the source");
        Assert.Equal(source, target);
    }

    [Fact]
    public void A_copy_says_what_cannot_be_carried_refuses_without_Force_and_WhatIf_creates_nothing()
    {
        var whatIf = Session.Run("Get-OnCallRotation -Connection vo -Team 'Database SRE' -Id rtg-databasebiz00003 | Copy-OnCallRotation -Destination zs -WhatIf");
        var text = Session.Host.Text;
        var refused = Session.Run("Get-OnCallRotation -Connection vo -Team 'Database SRE' -Id rtg-databasebiz00003 | Copy-OnCallRotation -Destination zs -Confirm:$false");

        Assert.Empty(whatIf.AllErrors);
        Assert.Contains("a copy of rotation group 'Database Office Hours' from VictorOps connection vo on ZStack connection zs", text, StringComparison.Ordinal);
        Assert.Contains("Cannot be carried over (refused without -Force): shift 'Office hours' applies only in weekly windows", text, StringComparison.Ordinal);
        Assert.Contains("Predicted differences", text, StringComparison.Ordinal);
        Assert.Contains("Rotation: every 24h (calendar days)", text, StringComparison.Ordinal);
        var error = Assert.Single(refused.AllErrors);
        Assert.StartsWith("OnCall.Module.CannotCarry,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Requests, r => r.Method != "GET");

        var forced = Session.RunOk("Get-OnCallRotation -Connection vo -Team 'Database SRE' -Id rtg-databasebiz00003 | Copy-OnCallRotation -Destination zs -Force -Confirm:$false -WarningAction SilentlyContinue").Single();
        Assert.False((bool)forced.Properties["IsExact"].Value);
        Assert.Single(_server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public void A_copy_names_every_person_it_cannot_map_before_anything_is_created()
    {
        var result = Session.Run("Get-OnCallRotation -Connection vo -Team 'Platform Ops' | Copy-OnCallRotation -Destination zs -MemberMap @{ 'john.smith' = 'Nobody Known'; 'alice.nguyen' = 'Also Unknown' } -Confirm:$false");

        var error = Assert.Single(result.AllErrors);
        Assert.StartsWith("OnCall.ZStack.UnmappedMember,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("'john.smith'", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("'alice.nguyen'", error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Requests, r => r.Method != "GET");
    }

    [Fact]
    public void A_copy_shows_its_progress_through_each_step_and_completes_it_with_or_without_WhatIf()
    {
        const string copy = "Get-OnCallRotation -Connection zs -Id sched-00445566 | Copy-OnCallRotation -Destination dd -Name 'Copy with progress' -Team 'Database SRE'";
        var whatIf = Session.Run(copy + " -WhatIf");
        var done = Session.Run(copy + " -Confirm:$false");

        Assert.Empty(whatIf.AllErrors);
        Assert.Empty(done.AllErrors);
        var planned = whatIf.Progress.Where(p => p.Activity == "Copying a rotation").ToList();
        var copied = done.Progress.Where(p => p.Activity == "Copying a rotation").ToList();
        Assert.Equal(
            new[] { "Reading the source", "Finding the members on the destination", "Planned", "Creating the copy", "Comparing the hand-offs", "Done" },
            copied.Select(p => p.StatusDescription).ToArray());
        Assert.Equal(new[] { "Reading the source", "Finding the members on the destination", "Planned" }, planned.Take(3).Select(p => p.StatusDescription).ToArray());

        // Each step as far as the one before or further, and the bar taken down at the end, also where -WhatIf stops after planning.
        Assert.All(new[] { planned, copied }, records =>
        {
            var processing = records.Where(p => p.RecordType == ProgressRecordType.Processing).Select(p => p.PercentComplete).ToList();
            Assert.Equal(processing.OrderBy(p => p), processing);
            Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
        });
        Assert.Single(_server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public void A_create_whose_answer_is_lost_is_sent_once_and_says_it_may_have_applied()
    {
        var rule = _server.Faults.ServerError("/api/v2/on-call/schedules", count: 1, statusCode: 502, method: "POST");
        try
        {
            _server.ClearRequests();
            var result = Session.Run("New-OnCallRotation -Connection dd -Name Lost -Members john.smith@example.com -ShiftDuration 24h -Start '2026-12-07T09:00Z' -TimeZone UTC -Confirm:$false");

            var error = Assert.Single(result.AllErrors);
            Assert.StartsWith("OnCall.Datadog.MayHaveApplied,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("check whether a schedule 'Lost' was created", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("Get-OnCallRotation shows whether it was", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
            Assert.Single(_server.Requests, r => r.Method == "POST");
        }
        finally
        {
            _server.Faults.Remove(rule);
        }
    }

    [Fact]
    public async Task Ctrl_C_stops_a_copy_while_its_create_waits_on_the_destination()
    {
        const string Path = "/api/v2/on-call/schedules";
        var mark = _server.LastRequestId;
        using (new Reliability.ArmedFaults(_server, _server.Faults.Slow(Path, TimeSpan.FromSeconds(30), count: 1, method: "POST")))
        {
            using var ps = Reliability.CancellationTests.Start(Session, "Get-OnCallRotation -Connection zs -Id sched-00445566 | Copy-OnCallRotation -Destination dd -Name 'Stopped copy' -Team 'Database SRE' -Confirm:$false");
            await _server.WaitForArrivalAsync(r => r.Id > mark && r.Method == "POST" && r.Path == Path, Reliability.CancellationTests.SignalTimeout);

            Assert.False(ps.InvocationStateInfo.State is PSInvocationState.Completed or PSInvocationState.Failed, "the copy ended before it was stopped");
            Reliability.CancellationTests.AssertStopsPromptly(ps);
        }

        Assert.NotEmpty(Session.RunOk("Get-OnCallRotation -Connection zs -Id sched-00445566"));
    }

    private string[] Types(PSObject validation) =>
        Session.RunOk("$args[0].Conflicts | ForEach-Object Type", validation).Select(t => t.ToString()!).ToArray();

    private static string User(string username) => OnCall.Emulator.Datadog.DatadogState.UserId(username);

    /// <summary>The hand-offs of a rendering after its first shift, each person by e-mail: VictorOps names, ZStack full names, Datadog e-mails.</summary>
    private List<string> Handoffs(string command)
    {
        var shifts = Session.RunOk(command).Where(s => !(bool)s.Properties["IsOverride"].Value).ToList();
        return shifts.Skip(1)
            .Select(s => ((DateTimeOffset)s.Properties["Start"].Value).ToUniversalTime().ToString("u", System.Globalization.CultureInfo.InvariantCulture) + " " + Email(s.Properties["User"].Value.ToString()!))
            .ToList();
    }

    private static string Email(string user)
    {
        foreach (var (username, first, last) in DemoPeople.All)
        {
            if (string.Equals(user, username, StringComparison.OrdinalIgnoreCase) || string.Equals(user, first + " " + last, StringComparison.OrdinalIgnoreCase) || string.Equals(user, DemoPeople.Email(username), StringComparison.OrdinalIgnoreCase))
            {
                return DemoPeople.Email(username);
            }
        }

        return user;
    }
}
