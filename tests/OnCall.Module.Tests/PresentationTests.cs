using System.Text.RegularExpressions;
using System.Xml.Linq;
using OnCall.Emulator;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>
/// What a person sees in an 80-column window (a default terminal, Azure Automation's output pane): default views for
/// every output type, and help pages with examples. One runspace for the class, connected to the three vendors of one
/// emulator, with the samples below made once.
/// </summary>
public sealed class PresentationTests(PresentationFixture fixture) : IClassFixture<PresentationFixture>
{
    // Objects of every type with a view, in the shapes and lengths the vendors give them (VictorOps user names,
    // Datadog e-mail handles and UUIDs, ZStack ids), one table per call a person would make. $keyOf says what
    // the first column must show whole.
    internal const string Samples = """
        $null = (Get-Command -Name Connect-OnCall -Module OnCall).Parameters['Provider'].ParameterType
        $tables = [System.Collections.Generic.List[object]]::new()
        function Add-Table([string] $type, [object[]] $objects) { $tables.Add([pscustomobject]@{ Type = $type; Objects = $objects }) }
        $t0 = [DateTimeOffset]::new(2026, 11, 23, 9, 0, 0, [TimeSpan]::FromHours(-5))
        $berlin = [DateTimeOffset]::new(2026, 11, 23, 8, 0, 0, [TimeSpan]::FromHours(1))

        # Connect-OnCall writes its connections under the type name OnCall.Connection.
        Add-Table 'OnCall.Connection' @(@(
            [OnCall.OnCallConnection]@{ Name = 'VictorOps'; Provider = 'VictorOps'; BaseUri = 'https://api.victorops.com/'; UserName = 'john.smith'; CredentialSource = 'Parameter' }
            [OnCall.OnCallConnection]@{ Name = 'dd-us5'; Provider = 'Datadog'; BaseUri = 'https://api.us5.datadoghq.com/'; CredentialSource = 'Environment' }
            [OnCall.OnCallConnection]@{ Name = 'zstack-prod'; Provider = 'ZStack'; BaseUri = 'https://zstack.example.internal:8080/'; UserName = 'admin'; CredentialSource = 'Credential'; IsDefault = $true }
        ) | ForEach-Object { $typed = [psobject]::AsPSObject($_); $typed.PSObject.TypeNames.Insert(0, 'OnCall.Connection'); $typed })

        function New-Shift($user, $start, $hours, $schedule, $team, $original) {
            [OnCall.Shift]@{ User = $user; Start = $start; End = $start.AddHours($hours); Schedule = $schedule; Team = $team; IsOverride = [bool]$original; OriginalUser = $original }
        }
        Add-Table 'OnCall.Shift' @(
            New-Shift 'john.smith' $t0 168 'Platform Ops Primary' 'Platform Ops'
            New-Shift 'alice.nguyen' $t0 168 'Platform Ops Secondary' 'Platform Ops'
            New-Shift 'bob.martin' $t0.AddDays(7) 48 'Platform Ops Primary' 'Platform Ops' 'jane.doe@example.com'
            New-Shift 'jane.doe@example.com' $t0.AddDays(9) 120 'Platform Ops Primary' 'Platform Ops')
        Add-Table 'OnCall.Shift' @(
            New-Shift 'john.smith@example.com' $t0 168 'Platform Primary' 'Platform Ops'
            New-Shift 'alice.nguyen@example.com' $t0.AddDays(7) 168 'Platform Primary' 'Platform Ops'
            New-Shift 'carol.white@example.com' $t0.AddDays(14) 24 'Platform Primary' 'Platform Ops' 'alice.nguyen@example.com')
        Add-Table 'OnCall.Shift' @(
            New-Shift 'John Smith' $berlin 24 'Database On-Call' $null
            New-Shift 'Alice Nguyen' $berlin.AddDays(1) 24 'Database On-Call' $null 'John Smith')

        Add-Table 'OnCall.OnCallUser' @(
            [OnCall.OnCallUser]@{ User = 'john.smith'; Team = 'Platform Ops'; Policy = 'Platform Ops Primary'; Step = 0 }
            [OnCall.OnCallUser]@{ User = 'bob.martin'; Team = 'Platform Ops'; Policy = 'Platform Ops Secondary'; Step = 0; IsOverride = $true; OriginalUser = 'alice.nguyen' }
            [OnCall.OnCallUser]@{ User = 'dave.kim'; Team = 'Database SRE'; Policy = 'Database SRE' })
        Add-Table 'OnCall.OnCallUser' @(
            [OnCall.OnCallUser]@{ User = 'alice.nguyen@example.com'; Team = 'Platform Ops'; Schedule = 'Platform Primary'; Start = $t0; End = $t0.AddDays(7) })
        Add-Table 'OnCall.OnCallUser' @(
            [OnCall.OnCallUser]@{ User = 'John Smith'; Schedule = 'Platform On-Call'; Start = $berlin; End = $berlin.AddDays(1) })

        $assigned = [OnCall.Override]@{ Id = 'a1b2c3d4'; OriginalUser = 'jane.doe'; Start = $t0; End = $t0.AddDays(2); TimeZone = 'America/New_York' }
        $assigned.Assignments.Add([OnCall.OverrideAssignment]@{ Team = 'Platform Ops'; Policy = 'Platform Ops Primary'; User = 'bob.martin'; Assigned = $true })
        Add-Table 'OnCall.Override' @($assigned)
        Add-Table 'OnCall.Override' @(
            [OnCall.Override]@{ Id = '0f660aec-3d03-4f53-b298-109efa63b9a2'; User = 'carol.white@example.com'; OriginalUser = 'john.smith@example.com'; Schedule = 'Platform Primary'; Start = $t0; End = $t0.AddDays(1) })
        Add-Table 'OnCall.Override' @(
            [OnCall.Override]@{ Id = 'ovrd-aabbccdd'; User = 'Alice Nguyen'; OriginalUser = 'John Smith'; Schedule = 'Platform On-Call'; Start = $berlin; End = $berlin.AddHours(12) })

        Add-Table 'OnCall.Incident' @(
            [OnCall.Incident]@{ Id = '4711'; Status = 'Triggered'; Title = 'CRITICAL: db01 disk /var 95% full'; Service = 'disk-usage'; Team = 'Platform Ops'; Start = $t0 }
            [OnCall.Incident]@{ Id = '4712'; Status = 'Acknowledged'; Title = 'CRITICAL: api-gw 5xx rate above 12% for 10 minutes'; Service = 'api-gateway'; Team = 'Platform Ops'; Start = $t0.AddMinutes(3) })
        Add-Table 'OnCall.Incident' @(
            [OnCall.Incident]@{ Id = 'f408f378-f717-4106-b0e1-95818a0e33dc'; Status = 'Triggered'; Title = 'Payment API 5xx above 5%'; Start = $t0 })
        Add-Table 'OnCall.Incident' @(
            [OnCall.Incident]@{ Id = 'event-008'; Status = 'Acknowledged'; Title = 'Slow Disk'; Service = 'disk_latency_ms'; Start = $berlin })

        Add-Table 'OnCall.IncidentActionResult' @(
            [OnCall.IncidentActionResult]@{ Id = '4711'; Action = 'Ack'; Accepted = $true; User = 'john.smith'; Message = 'Incident acknowledged' }
            [OnCall.IncidentActionResult]@{ Id = '4712'; Action = 'Ack'; Accepted = $false; User = 'john.smith'; Message = 'Incident 4712 is already resolved' })
        Add-Table 'OnCall.IncidentActionResult' @(
            [OnCall.IncidentActionResult]@{ Id = '0f660aec-3d03-4f53-b298-109efa63b9a2'; Action = 'Escalate'; Accepted = $true; Message = 'accepted' })

        Add-Table 'OnCall.Team' @(
            [OnCall.Team]@{ Id = 'team-platformops00001'; Name = 'Platform Ops'; MemberCount = 4 }
            [OnCall.Team]@{ Id = 'team-databasesre00002'; Name = 'Database SRE'; MemberCount = 3 })
        Add-Table 'OnCall.Team' @(
            [OnCall.Team]@{ Id = '6a1f0d2e-0000-4000-8000-00000000a001'; Name = 'Platform Operations Europe'; MemberCount = 12 })

        Add-Table 'OnCall.TeamMember' @(
            [OnCall.TeamMember]@{ User = 'jane.doe'; FirstName = 'Jane'; LastName = 'Doe'; Email = 'jane.doe@example.com' }
            [OnCall.TeamMember]@{ User = 'alice.nguyen'; FirstName = 'Alice'; LastName = 'Nguyen'; Email = 'alice.nguyen@example.com' })
        Add-Table 'OnCall.TeamMember' @(
            [OnCall.TeamMember]@{ Team = 'Platform Ops'; User = 'alice.nguyen@example.com'; FirstName = 'Alice'; LastName = 'Nguyen'; Email = 'alice.nguyen@example.com' })

        $policy = [OnCall.EscalationPolicy]@{ Id = '9e7d4c20-0000-4000-8000-00000000c001'; Name = 'Platform Ops Escalation'; Team = 'Platform Ops' }
        $policy.Steps.Add([OnCall.EscalationStep]@{ Index = 0; TimeoutMinutes = 15 })
        $policy.Steps.Add([OnCall.EscalationStep]@{ Index = 1; TimeoutMinutes = 30 })
        Add-Table 'OnCall.EscalationPolicy' @($policy)
        Add-Table 'OnCall.EscalationPolicy' @(
            [OnCall.EscalationPolicy]@{ Id = 'pol-platformops00003'; Name = 'Platform Ops Secondary'; Team = 'Platform Ops' })

        $rotation = [OnCall.Rotation]@{ Id = 'r1'; Name = 'Business hours'; Team = 'Database SRE'; ShiftLength = [TimeSpan]::FromDays(1); TimeZone = 'America/Los_Angeles' }
        foreach ($m in 'bob.martin@example.com', 'carol.white@example.com', 'dave.kim@example.com') { $rotation.Members.Add($m) }
        Add-Table 'OnCall.Rotation' @($rotation)

        $valid = [OnCall.RotationValidation]@{ Name = 'Platform On-Call' }
        $invalid = [OnCall.RotationValidation]@{ Name = 'Database Business Hours (EU)' }
        $invalid.Conflicts.Add([OnCall.RotationConflict]@{ Type = 'DuplicateMember'; Details = 'bob.martin@example.com is listed twice' })
        $invalid.Conflicts.Add([OnCall.RotationConflict]@{ Type = 'overlap'; Details = 'Overlapping shifts on 2026-06-01'; Source = 'ZStack' })
        Add-Table 'OnCall.RotationValidation' @($valid, $invalid)

        $copied = [OnCall.RotationCopy]@{ Name = 'Platform Primary'; Source = 'vo'; Destination = 'dd-us5'; Created = $true }
        $partial = [OnCall.RotationCopy]@{ Name = 'Database Office Hours (business days)'; Source = 'victorops-prod'; Destination = 'zstack-prod'; Created = $true }
        $partial.NotCarried.Add("shift 'Office hours' applies only in weekly windows")
        $partial.Differences.Add([OnCall.HandoffDifference]@{ At = $berlin; Source = 'carol.white'; Copy = '(nobody)' })
        Add-Table 'OnCall.RotationCopy' @($copied, $partial)

        Add-Table 'OnCall.IncidentNote' @(
            [OnCall.IncidentNote]@{ IncidentId = '4711'; Name = 'note-20261123T031502123'; Text = 'Removed 30 GB of old logs from /var/log/app; disk at 61%. Watching for another hour.' })

        Add-Table 'OnCall.CoverageGap' @(
            [OnCall.CoverageGap]@{ Team = 'Platform Ops'; Schedule = 'Platform Ops Secondary'; Start = $t0.AddDays(31).AddHours(9); End = $t0.AddDays(33) })

        Add-Table 'OnCall.OnCallLoad' @(
            [OnCall.OnCallLoad]@{ User = 'alice.nguyen@example.com'; Schedule = 'Platform Primary'; TotalHours = 316; NightHours = 117; WeekendHours = 84.98; ShiftCount = 2; Handoffs = 3; Share = 0.47 }
            [OnCall.OnCallLoad]@{ User = 'jane.doe@example.com'; Schedule = 'Platform Primary'; TotalHours = 1168.02; NightHours = 63; WeekendHours = 48; ShiftCount = 11; Handoffs = 22; Share = 0.53 })
        Add-Table 'OnCall.OnCallLoad' @(
            [OnCall.OnCallLoad]@{ User = 'jane.doe@example.com'; Team = 'Platform Ops'; Schedule = 'Platform Ops Secondary'; TotalHours = 316; NightHours = 117; WeekendHours = 85; ShiftCount = 2; Handoffs = 3; Share = 0.5 })

        $keyOf = @{
            'OnCall.Connection' = { $_.Name }; 'OnCall.Shift' = { $_.User }; 'OnCall.OnCallUser' = { $_.User }
            'OnCall.Override' = { if ($_.User) { $_.User } else { $_.Assignments[0].User } }; 'OnCall.Incident' = { $_.Id }
            'OnCall.IncidentActionResult' = { $_.Id }; 'OnCall.Team' = { $_.Name }; 'OnCall.TeamMember' = { $_.User }
            'OnCall.EscalationPolicy' = { $_.Name }; 'OnCall.Rotation' = { $_.Name }; 'OnCall.IncidentNote' = { $_.IncidentId }
            'OnCall.RotationValidation' = { $_.Name }; 'OnCall.RotationCopy' = { $_.Name }
            'OnCall.CoverageGap' = { $_.Start.ToString('yyyy-MM-dd HH:mm zzz') }; 'OnCall.OnCallLoad' = { $_.User }
        }
        """;

    private readonly PowerShellSession session = fixture.Fresh();

    [Fact]
    public void Every_OnCall_output_type_has_a_default_table_view()
    {
        var outputTypes = session.RunOk("Get-Command -Module OnCall | ForEach-Object { $_.OutputType } | ForEach-Object { $_.Name }")
            .Select(o => o.ToString()!)
            .Where(n => n.StartsWith("OnCall.", StringComparison.Ordinal))
            .Select(n => n == "OnCall.OnCallConnection" ? "OnCall.Connection" : n)
            .ToHashSet();

        Assert.NotEmpty(outputTypes);
        Assert.Empty(outputTypes.Except(Views().Keys));
    }

    [Fact]
    public void Every_default_table_view_fits_80_columns_with_whole_headers_and_a_whole_key_column()
    {
        var views = Views();
        var tables = session.RunOk("$tables | ForEach-Object Type").Select(t => t.ToString()!).ToList();
        Assert.Empty(views.Keys.Except(tables));

        for (var index = 0; index < tables.Count; index++)
        {
            var type = tables[index];
            var text = Render(session, "$tables[$args[0]].Objects", index);
            var keys = session.RunOk("$table = $tables[$args[0]]; $table.Objects | ForEach-Object $keyOf[$table.Type]", index).Select(k => k.ToString()!).ToList();

            AssertFits($"{type} (table {index})", views[type], text, keys, allColumns: true);
        }
    }

    [Fact]
    public void Format_List_shows_each_list_view_in_order_and_never_Raw()
    {
        // The types whose Format-List hides Raw and the vendor's leftovers: their list views say what it shows.
        string[] listed = ["OnCall.Shift", "OnCall.OnCallUser", "OnCall.Override", "OnCall.Incident", "OnCall.IncidentActionResult", "OnCall.Rotation",
            "OnCall.Team", "OnCall.TeamMember", "OnCall.EscalationPolicy", "OnCall.OnCallLoad", "OnCall.CoverageGap", "OnCall.IncidentNote"];
        var lists = ListViews();
        Assert.Empty(listed.Except(lists.Keys));

        var tables = session.RunOk("$tables | ForEach-Object Type").Select(t => t.ToString()!).ToList();
        Assert.Empty(lists.Keys.Except(tables));
        for (var index = 0; index < tables.Count; index++)
        {
            if (!lists.TryGetValue(tables[index], out var expected))
            {
                continue;
            }

            var count = session.RunOk("@($tables[$args[0]].Objects).Count", index).Single().BaseObject;
            var text = Render(session, "$tables[$args[0]].Objects | ForEach-Object { if ($_.PSObject.Properties['Raw'] -and -not $_.Raw) { $_.Raw = [System.Collections.Generic.Dictionary[string, object]]::new(); $_.Raw['marker'] = 'RAW-MARKER-VALUE' }; $_ } | Format-List", index);
            Assert.True(text.Split('\n').All(l => l.TrimEnd('\r').Length <= 80), $"{tables[index]} (table {index}): a line is wider than 80\n{text}");

            // One record per object, separated by blank lines; a label starts its line, a wrapped value is indented.
            var records = text.Split('\n').Select(l => l.TrimEnd('\r'))
                .Aggregate(new List<List<string>> { new() }, (all, line) =>
                {
                    if (line.Length == 0) { if (all[^1].Count > 0) { all.Add([]); } }
                    else if (!char.IsWhiteSpace(line[0])) { all[^1].Add(line.Split(':')[0].TrimEnd()); }
                    return all;
                })
                .Where(r => r.Count > 0).ToList();
            Assert.Equal(count, records.Count);
            Assert.All(records, labels => Assert.Equal(expected, labels));
            Assert.DoesNotContain("RAW-MARKER", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_override_says_so_before_its_schedule_so_80_columns_keep_it()
    {

        var text = Render(session, "$tables.Where({ $_.Type -eq 'OnCall.Shift' })[0].Objects");

        var row = text.Split('\n').Single(l => l.StartsWith("bob.martin ", StringComparison.Ordinal));
        Assert.Contains("(override for", row, StringComparison.Ordinal);
        Assert.DoesNotContain(text.Split('\n'), l => l.StartsWith("john.smith ", StringComparison.Ordinal) && l.Contains("override", StringComparison.Ordinal));
    }

    [Fact]
    public void What_the_cmdlets_write_for_each_vendor_fits_80_columns()
    {
        var views = Views();
        var commands = new[]
        {
            "Get-OnCallConnection",
            "Get-OnCallTeam -Connection vo", "Get-OnCallTeam -Connection dd",
            "Get-OnCallTeamMember -Connection vo", "Get-OnCallTeam -Connection dd | Get-OnCallTeamMember",
            "Get-OnCallEscalationPolicy -Connection vo", "Get-OnCallEscalationPolicy -Connection dd",
            "Get-OnCallRotation -Connection vo", "Get-OnCallRotation -Connection dd",
            "Get-OnCallUser -Connection vo", "Get-OnCallUser -Connection dd", "Get-OnCallUser -Connection zs",
            "Get-OnCallSchedule -Connection vo -Team 'Platform Ops' -Days 14",
            "Get-OnCallSchedule -Connection dd -Schedule 'Platform Primary' -Days 14",
            "Get-OnCallSchedule -Connection zs -Schedule 'Platform On-Call' -Days 14",
            "Get-OnCallSchedule -Connection vo -Team 'Platform Ops', 'Database SRE' -Days 28 | Measure-OnCallLoad -PerTeam",
            "Get-OnCallSchedule -Connection dd -Schedule 'Platform Primary' -Days 28 | Measure-OnCallLoad",
            "Get-OnCallSchedule -Connection vo -Team 'Database SRE' -Days 14 | Test-OnCallCoverage -MinimumGap 0:00:00 -Start ([DateTimeOffset]::UtcNow.AddDays(-1)) -End ([DateTimeOffset]::UtcNow.AddDays(14))",
            "Get-OnCallIncident -Connection vo", "Get-OnCallIncident -Connection zs",
            "New-OnCallIncident -Connection dd -Title 'Disk full on db-3' -Target 'team_handle:platform-ops' -Urgency high -Confirm:$false",
            "Get-OnCallIncident -Connection zs -Status Triggered | Invoke-IncidentAck",
        };

        var rendered = 0;
        foreach (var command in commands)
        {
            var output = session.RunOk($"$script:last = @({command}); $script:last");
            if (output.Count == 0)
            {
                continue;
            }

            var type = output[0].TypeNames[0];
            Assert.True(views.ContainsKey(type), $"{command} writes {type}, which has no view");
            var text = Render(session, "$script:last");
            var keys = session.RunOk("$script:last | ForEach-Object $keyOf[$args[0]]", type).Select(k => k.ToString()!).ToList();
            AssertFits(command, views[type], text, keys, allColumns: false);
            rendered++;
        }

        Assert.True(rendered >= commands.Length - 2, $"only {rendered} of {commands.Length} commands wrote anything");
    }

    [Fact]
    public void Every_time_of_a_shift_is_in_the_zone_of_its_schedule_window_edges_included()
    {

        // VictorOps gives each roll with its zone's offset and no zone name; the window's edges are in UTC.
        foreach (var (command, offset) in new[]
        {
            ("Get-OnCallSchedule -Connection vo -Team 'Platform Ops' -Days 14", TimeSpan.FromHours(-5)),
            ("Get-OnCallSchedule -Connection vo -Team 'Database SRE' -Days 14", TimeSpan.FromHours(1)),
            ("Get-OnCallSchedule -Connection dd -Schedule 'Platform Primary' -Days 14", TimeSpan.FromHours(-5)),
            ("Get-OnCallSchedule -Connection zs -Schedule 'Platform On-Call' -Days 14", TimeSpan.FromHours(-5)),
        })
        {
            var shifts = session.RunOk(command);
            Assert.True(shifts.Count >= 2, command);
            Assert.All(shifts, shift => Assert.Equal(
                (offset, offset),
                (((DateTimeOffset)shift.Properties["Start"].Value).Offset, ((DateTimeOffset)shift.Properties["End"].Value).Offset)));
        }

        var text = Render(session, "Get-OnCallSchedule -Connection vo -Team 'Platform Ops' -Days 14");
        Assert.Contains("-05:00", text, StringComparison.Ordinal);
        Assert.DoesNotContain("+00:00", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_hours_are_rounded_to_two_decimals()
    {

        var loads = session.RunOk("Get-OnCallSchedule -Connection vo -Team 'Platform Ops' -Days 28 | Measure-OnCallLoad");

        Assert.NotEmpty(loads);
        foreach (var load in loads)
        {
            foreach (var name in new[] { "TotalHours", "NightHours", "WeekendHours" })
            {
                var hours = (double)load.Properties[name].Value;
                Assert.Equal(Math.Round(hours, 2), hours);
            }
        }
    }

    [Fact]
    public void A_help_page_shows_synopsis_parameters_and_examples()
    {
        session.Host.ClearText();
        session.RunOk("Get-Help Get-OnCallSchedule -Full | Out-Default");
        var page = session.Host.Text;

        Assert.Contains("SYNOPSIS", page);
        Assert.Contains("-Team", page);
        Assert.Contains("-Days", page);
        Assert.Contains("Example 2", page);
        Assert.Contains("Get-OnCallSchedule", page);
    }

    [Fact]
    public void Every_cmdlet_has_help_with_at_least_two_examples()
    {
        foreach (var name in session.RunOk("Get-Command -Module OnCall | ForEach-Object Name").Select(o => o.ToString()!))
        {
            var help = session.RunOk("Get-Help $args[0]", name).Single();
            var synopsis = help.Properties["Synopsis"].Value?.ToString() ?? string.Empty;
            Assert.False(string.IsNullOrWhiteSpace(synopsis) || synopsis.StartsWith(name, StringComparison.Ordinal), $"{name} has no synopsis");
            var examples = session.RunOk("@((Get-Help $args[0]).examples.example).Count", name).Single();
            Assert.True((int)examples.BaseObject >= 2, $"{name} has fewer than two examples");
        }
    }

    [Fact]
    public void Every_parameter_set_of_every_cmdlet_is_in_the_help_syntax()
    {
        foreach (var name in session.RunOk("Get-Command -Module OnCall | ForEach-Object Name").Select(o => o.ToString()!))
        {
            var sets = session.RunOk("(Get-Command $args[0]).ParameterSets.Count", name).Single();
            var items = session.RunOk("@((Get-Help $args[0]).syntax.syntaxItem).Count", name).Single();
            Assert.True(Equals(sets.BaseObject, items.BaseObject), $"{name}: {sets} parameter sets, {items} syntax items in its help");
        }

        // Set-OnCallOverride's take-now set has no parameter of its own: its syntax has no -Start.
        var syntax = session.RunOk("(Get-Help Set-OnCallOverride).syntax.syntaxItem | ForEach-Object { @($_.parameter.name) -join ' ' }").Select(s => s.ToString()!).ToList();
        Assert.Equal(2, syntax.Count);
        Assert.Contains(syntax, s => !s.Contains("Start", StringComparison.Ordinal) && s.Contains("WhatIf", StringComparison.Ordinal));
        Assert.Contains(syntax, s => s.Contains("Start", StringComparison.Ordinal) && s.Contains("TimeZone", StringComparison.Ordinal));
    }

    private static string Render(PowerShellSession session, string script, params object?[] args)
    {
        session.Host.ClearText();
        session.RunOk(script + " | Out-Default", args);
        return session.Host.Text;
    }

    /// <summary>The column labels of each type's table view, from the format file the module loads.</summary>
    private static Dictionary<string, List<string>> Views()
    {
        // The file also holds list views (Format-List's default) under the same type names: only tables here.
        return FormatFile().Descendants("View").Where(view => view.Element("TableControl") is not null).ToDictionary(
            view => view.Element("ViewSelectedBy")!.Element("TypeName")!.Value,
            view => view.Descendants("TableColumnHeader").Select(h => h.Element("Label")!.Value).ToList());
    }

    /// <summary>The properties of each type's list view, Format-List's default, in order.</summary>
    private static Dictionary<string, List<string>> ListViews() =>
        FormatFile().Descendants("View").Where(view => view.Element("ListControl") is not null).ToDictionary(
            view => view.Element("ViewSelectedBy")!.Element("TypeName")!.Value,
            view => view.Descendants("ListItem").Select(item => item.Element("PropertyName")!.Value).ToList());

    private static XDocument FormatFile() =>
        XDocument.Load(Path.Combine(Path.GetDirectoryName(ModulePathAttribute.Manifest)!, "OnCall.Format.ps1xml"));

    /// <summary>
    /// No line is wider than 80; the header is one line of whole labels in the view's order (with
    /// <paramref name="allColumns"/> false, the last columns may be cut away, never shown in part);
    /// each object's key starts a row whole.
    /// </summary>
    private static void AssertFits(string what, List<string> labels, string text, IReadOnlyList<string> keys, bool allColumns)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var tooWide = lines.Where(l => l.Length > 80).ToList();
        Assert.True(tooWide.Count == 0, $"{what}: lines wider than 80:\n{text}");

        var rule = lines.FindIndex(l => Regex.IsMatch(l, "^-+( +-+)* *$"));
        Assert.True(rule > 0, $"{what}: no header rule:\n{text}");
        var cells = Regex.Matches(lines[rule], "-+")
            .Select(m => lines[rule - 1].Length > m.Index ? lines[rule - 1].Substring(m.Index, Math.Min(m.Length, lines[rule - 1].Length - m.Index)).Trim() : string.Empty)
            .ToList();
        var expected = allColumns ? labels : labels.Take(Math.Max(cells.Count, labels.Count - 1)).ToList();
        Assert.True(expected.SequenceEqual(cells), $"{what}: header [{string.Join(" | ", cells)}], view [{string.Join(" | ", labels)}]:\n{text}");
        Assert.True(rule == 1 || string.IsNullOrWhiteSpace(lines[rule - 2]), $"{what}: the header takes more than one line:\n{text}");

        var rows = lines.Skip(rule + 1).TakeWhile(l => l.Length > 0).ToList();
        foreach (var key in keys)
        {
            Assert.True(rows.Any(r => r == key || r.StartsWith(key + " ", StringComparison.Ordinal)), $"{what}: no row starts with the whole key '{key}':\n{text}");
        }
    }
}

/// <summary>The runspace of <see cref="PresentationTests"/>: connected to the three vendors, with the samples made.</summary>
public sealed class PresentationFixture : SessionFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Session.RunOk(PresentationTests.Samples);
    }

    protected override IEnumerable<string> Connections() =>
        [ConnectVictorOps("vo", "-NoClientPacing"), ConnectDatadog("dd", "-NoClientPacing"), ConnectZStack("zs", "-NoClientPacing")];
}
