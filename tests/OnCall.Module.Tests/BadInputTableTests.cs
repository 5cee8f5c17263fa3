using System.Management.Automation;
using OnCall.Emulator;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>
/// One runspace with a connection to each vendor of one emulator, and the objects the table pipes in,
/// read once so a case sends nothing but what its own input causes.
/// </summary>
public sealed class BadInputTableFixture : SessionFixture
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Fresh();
        Session.RunOk("""
            $global:big = 'x' * 1MB
            $global:shifts = Get-OnCallSchedule -Team 'Platform Ops' -Days 3
            $global:incidents = Get-OnCallIncident
            $global:ddTeams = Get-OnCallTeam -Connection dd
            $global:ddShifts = Get-OnCallSchedule -Connection dd -Schedule '5c3e9b10-0000-4000-8000-00000000b001' -Days 3
            $global:zsIncidents = Get-OnCallIncident -Connection zs
            $global:process = [System.Diagnostics.Process]::GetCurrentProcess()
            $global:cycle = @{}; $global:cycle.self = $global:cycle
            $global:ddRotations = Get-OnCallRotation -Connection dd
            $global:zsRotations = Get-OnCallRotation -Connection zs
            $global:voRotations = Get-OnCallRotation -Connection vo -Team 'Platform Ops'
            """);
    }

    protected override IEnumerable<string> Connections() =>
        [ConnectDatadog("dd", "-NoClientPacing"), ConnectZStack("zs", "-NoClientPacing"), ConnectVictorOps("vo", "-NoClientPacing")];
}

/// <summary>
/// The bad-input table of issue 7: every cmdlet's parameters with blank, whitespace, 1 MB, control,
/// path and wildcard values, times at the ends of the calendar, reversed and huge windows, wrong
/// objects and other vendors' objects piped in, unknown connections. Each case must end as an OnCall
/// error (or a ParameterBindingException for a type error), write nothing, and, where the input is
/// invalid, send nothing.
/// </summary>
public sealed class BadInputTableTests(BadInputTableFixture fixture) : IClassFixture<BadInputTableFixture>
{
    public static IEnumerable<object[]> Cases => BadInputTable.Cases().Select(c => new object[] { c.Script, c.Expect });

    [Fact]
    public void The_table_has_at_least_300_cases_and_covers_every_cmdlet()
    {
        var cases = BadInputTable.Cases().ToList();
        Assert.True(cases.Count >= 300, $"{cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Script).Distinct().Count());

        var commands = fixture.Session.RunOk("(Get-Command -Module OnCall).Name").Select(o => o.ToString()!).ToList();
        foreach (var command in commands.Where(c => c is not "Connect-OnCall"))
        {
            Assert.True(cases.Any(c => c.Script.Contains(command, StringComparison.Ordinal)), $"no bad input for {command}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_ends_as_an_OnCall_error_and_is_never_widened(string script, string expect)
    {
        var server = fixture.Server;
        server.ClearRequests();

        var result = fixture.Session.Run(script);

        var requests = server.Requests;
        var errors = result.AllErrors.ToList();
        var sent = string.Join(", ", requests.Select(r => r.Method + " " + r.Path));
        var seen = string.Join("\n", errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message));
        Assert.True(errors.Count > 0, $"no error (output {result.Output.Count}, sent {sent})");
        Assert.True(result.Output.Count == 0, $"{result.Output.Count} objects written; sent {sent}");
        foreach (var error in errors)
        {
            var fromOnCall = error.FullyQualifiedErrorId.StartsWith("OnCall.", StringComparison.Ordinal);
            var typeError = error.Exception is ParameterBindingException;
            Assert.True(fromOnCall || (typeError && expect == BadInputTable.Binding), "not an OnCall error: " + seen);
            Assert.DoesNotContain("OnCall.Module.Unexpected", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        }

        switch (expect)
        {
            case BadInputTable.Binding:
                Assert.True(errors[0].Exception is ParameterBindingException, seen);
                Assert.True(requests.Count == 0, "sent " + sent);
                break;
            case BadInputTable.UnknownName:
                // A well-formed name or id that does not exist: found out by reading, never by a change.
                Assert.True(errors[0].CategoryInfo.Category == ErrorCategory.ObjectNotFound, seen);
                Assert.True(requests.All(r => r.Method == "GET"), "a change was sent: " + sent);
                break;
            default:
                Assert.True(errors[0].FullyQualifiedErrorId.StartsWith(expect + ",", StringComparison.Ordinal), $"expected {expect}, got: {seen}");
                Assert.True(requests.Count == 0, "sent " + sent);
                break;
        }
    }
}

/// <summary>The cases, generated from each cmdlet's parameters and the values that must be refused.</summary>
internal static class BadInputTable
{
    public const string Binding = "ParameterBinding";
    public const string UnknownName = "UnknownName";

    private const string Invalid = "OnCall.Module.InvalidArgument";
    private const string OutOfRange = "OnCall.Module.TimeOutOfRange";
    private const string Policy = "pol-platformops00001";
    private const string Window = "-Start '2031-01-01T09:00Z' -End '2031-01-02T09:00Z'";

    private static readonly string[] Blanks = ["''", "'   '", "\"`t\"", "$null"];
    private static readonly string[] Garbled = ["$big", "\"a`0b\"", "\"`e[31mred\"", "\"a`u{2028}b\""];
    private static readonly string[] IdShapes = ["'../../etc'", "'a/b'", "'*'", "'x?y'", "'#1'", "'%2e%2e'", "'a b'", "'..'", "'[1]'"];
    private static readonly string[] Wildcards = ["'*'", "'ali*'", "'b?b'"];
    private static readonly string[] EndsOfTheCalendar = ["([datetimeoffset]::MinValue)", "([datetimeoffset]::MaxValue)", "'9999-12-25'", "'0001-01-01'", "'1969-12-31T23:59:59Z'", "'3000-01-01'"];

    private enum Shape
    {
        Id,
        ReadName,
        WriteName,
        Label,
        Zone,
        Text,
        OptionalText,
    }

    public static IEnumerable<(string Script, string Expect)> Cases()
    {
        // ---- string parameters, every cmdlet: {0} is where the bad value goes
        (string Template, Shape Shape, bool IsList)[] slots =
        [
            ("Get-OnCallUser -Team {0}", Shape.ReadName, true),
            ("Get-OnCallUser -Policy {0}", Shape.ReadName, true),
            ("Get-OnCallUser -Schedule {0}", Shape.ReadName, true),
            ("Get-OnCallUser -User {0}", Shape.ReadName, true),
            ("Get-OnCallSchedule -Team {0}", Shape.ReadName, true),
            ("Get-OnCallSchedule -User {0}", Shape.ReadName, true),
            ("Get-OnCallSchedule -Schedule {0}", Shape.ReadName, true),
            ("Get-OnCallRotation -Team {0}", Shape.ReadName, true),
            ("Get-OnCallRotation -Id {0}", Shape.Id, true),
            ("Get-OnCallTeam -Name {0}", Shape.ReadName, true),
            ("Get-OnCallTeamMember -Team {0}", Shape.ReadName, true),
            ("Get-OnCallEscalationPolicy -Team {0}", Shape.ReadName, true),
            ("Get-OnCallEscalationPolicy -Name {0}", Shape.ReadName, true),
            ("Get-OnCallOverride -Id {0}", Shape.Id, false),
            ("Get-OnCallOverride -Schedule {0}", Shape.ReadName, false),
            ("Get-OnCallOverride -User {0}", Shape.ReadName, false),
            ($"Set-OnCallOverride -User {{0}} -Policy {Policy} -Confirm:$false", Shape.WriteName, false),
            ($"Set-OnCallOverride -User alice.nguyen -OriginalUser {{0}} -Policy {Policy} -Confirm:$false", Shape.WriteName, false),
            ("Set-OnCallOverride -User alice.nguyen -Team {0} -Confirm:$false", Shape.WriteName, false),
            ("Set-OnCallOverride -User alice.nguyen -Policy {0} -Confirm:$false", Shape.WriteName, false),
            ($"Set-OnCallOverride -User alice.nguyen -Policy {Policy} -Schedule {{0}} -Confirm:$false", Shape.WriteName, false),
            ($"Set-OnCallOverride -User alice.nguyen -OriginalUser john.smith -Policy {Policy} {Window} -TimeZone {{0}} -Confirm:$false", Shape.Zone, false),
            ($"Set-OnCallOverride -User alice.nguyen -Policy {Policy} -Reason {{0}} -Confirm:$false", Shape.OptionalText, false),
            ("Remove-OnCallOverride -Id {0} -Confirm:$false", Shape.Id, false),
            ("Remove-OnCallOverride -Id abc -Schedule {0} -Confirm:$false", Shape.WriteName, false),
            ("Remove-OnCallOverride -Id abc -Policy {0} -Confirm:$false", Shape.WriteName, false),
            ("Get-OnCallIncident -Id {0}", Shape.Id, true),
            ("Get-OnCallIncident -Team {0}", Shape.ReadName, true),
            ("Get-OnCallIncident -Service {0}", Shape.ReadName, true),
            ("New-OnCallIncident -Title {0} -Target 'User:john.smith' -Confirm:$false", Shape.Text, false),
            ("New-OnCallIncident -Title t -Target {0} -Confirm:$false", Shape.WriteName, true),
            ("New-OnCallIncident -Title t -Target 'User:john.smith' -User {0} -Confirm:$false", Shape.WriteName, false),
            ("New-OnCallIncident -Title t -Target 'User:john.smith' -Tag {0} -Confirm:$false", Shape.Label, true),
            ("New-OnCallIncident -Title t -Target 'User:john.smith' -Description {0} -Confirm:$false", Shape.OptionalText, false),
            ("Invoke-IncidentAck -Id {0} -Confirm:$false", Shape.Id, true),
            ("Invoke-IncidentAck -Id 305 -User {0} -Confirm:$false", Shape.WriteName, false),
            ("Invoke-IncidentAck -Id 305 -Message {0} -Confirm:$false", Shape.OptionalText, false),
            ("Invoke-IncidentResolve -Id {0} -Confirm:$false", Shape.Id, true),
            ("Invoke-IncidentResolve -Id 305 -User {0} -Confirm:$false", Shape.WriteName, false),
            ("Invoke-IncidentEscalate -Id {0} -Confirm:$false", Shape.Id, true),
            ("Invoke-IncidentReroute -Id {0} -Target 'User:john.smith' -Confirm:$false", Shape.Id, true),
            ("Invoke-IncidentReroute -Id 305 -Target {0} -Confirm:$false", Shape.WriteName, true),
            ("Invoke-IncidentReroute -Id 305 -Target 'User:john.smith' -User {0} -Confirm:$false", Shape.WriteName, false),
            ("Add-OnCallIncidentNote -Id {0} -Text t -Confirm:$false", Shape.Id, true),
            ("Add-OnCallIncidentNote -Id 305 -Text {0} -Confirm:$false", Shape.Text, false),
            ("Add-OnCallIncidentNote -Id 305 -Text t -Name {0} -Confirm:$false", Shape.Label, false),
            ("$shifts | Export-OnCallCalendar -CalendarName {0}", Shape.Label, false),
            ("$shifts | Export-OnCallCalendar -TimeZone {0}", Shape.Zone, false),
            ("$shifts | Measure-OnCallLoad -TimeZone {0}", Shape.Zone, false),
            ("Get-OnCallTeam -Connection {0}", Shape.Label, false),
            ("Invoke-IncidentAck -Id 305 -Connection {0} -Confirm:$false", Shape.Label, false),
            ("Invoke-IncidentAck -Connection dd -Id {0} -Confirm:$false", Shape.Id, true),
            ("Invoke-IncidentResolve -Connection zs -Id {0} -Confirm:$false", Shape.Id, true),
            ("Set-OnCallOverride -Connection dd -User alice.nguyen -Schedule {0} -Confirm:$false", Shape.WriteName, false),
            ("Get-OnCallSchedule -Connection zs -Schedule {0}", Shape.ReadName, true),
            ($"New-OnCallRotation -Name {{0}} -Members alice.nguyen -ShiftDuration 24h -Start '2031-01-01' -TimeZone UTC -Confirm:$false", Shape.WriteName, false),
            ($"New-OnCallRotation -Name n -Members {{0}} -ShiftDuration 24h -Start '2031-01-01' -TimeZone UTC -Confirm:$false", Shape.WriteName, true),
            ($"New-OnCallRotation -Name n -Members alice.nguyen -ShiftDuration {{0}} -Start '2031-01-01' -TimeZone UTC -Confirm:$false", Shape.Label, false),
            ($"New-OnCallRotation -Name n -Members alice.nguyen -ShiftDuration 24h -Start '2031-01-01' -TimeZone {{0}} -Confirm:$false", Shape.Zone, false),
            ($"New-OnCallRotation -Name n -Members alice.nguyen -ShiftDuration 24h -Start '2031-01-01' -TimeZone UTC -Team {{0}} -Confirm:$false", Shape.WriteName, true),
            ("Set-OnCallRotation -Id {0} -ShiftDuration 24h -Confirm:$false", Shape.Id, false),
            ("Set-OnCallRotation -Id abc -Members {0} -Confirm:$false", Shape.WriteName, true),
            ("Set-OnCallRotation -Id abc -TimeZone {0} -Confirm:$false", Shape.Zone, false),
            ("Set-OnCallRotation -Id abc -Name {0} -Confirm:$false", Shape.WriteName, false),
            ("Remove-OnCallRotation -Id {0} -Confirm:$false", Shape.Id, false),
            ("Test-OnCallRotation -Id {0}", Shape.Id, false),
            ("Copy-OnCallRotation -Rotation abc -Destination {0} -Confirm:$false", Shape.Label, false),
            ("Copy-OnCallRotation -Rotation abc -Destination dd -Name {0} -Confirm:$false", Shape.WriteName, false),
        ];

        foreach (var (template, shape, isList) in slots)
        {
            foreach (var value in BadValues(shape, isList))
            {
                yield return (string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value.Value), value.Expect);
            }
        }

        // ---- times at the ends of the calendar, every time parameter
        string[] times =
        [
            "Get-OnCallSchedule -Team 'Platform Ops' -Start {0}",
            "Get-OnCallSchedule -Team 'Platform Ops' -End {0}",
            "Get-OnCallUser -At {0}",
            "Get-OnCallUser -Connection dd -At {0}",
            "Get-OnCallIncident -History -Start {0}",
            "Get-OnCallIncident -History -End {0}",
            "Get-OnCallOverride -Start {0}",
            "Get-OnCallOverride -End {0}",
            $"Set-OnCallOverride -User alice.nguyen -OriginalUser john.smith -Policy {Policy} -Start {{0}} -End '2031-01-01' -Confirm:$false",
            $"Set-OnCallOverride -User alice.nguyen -OriginalUser john.smith -Policy {Policy} -Start '2030-01-01' -End {{0}} -Confirm:$false",
            "$shifts | Measure-OnCallLoad -Start {0}",
            "$shifts | Test-OnCallCoverage -End {0}",
        ];
        foreach (var template in times)
        {
            foreach (var value in EndsOfTheCalendar)
            {
                yield return (string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value), OutOfRange);
            }
        }

        // ---- reversed, empty and huge windows
        string[] windows =
        [
            "Get-OnCallSchedule -Team 'Platform Ops' {0}",
            "Get-OnCallSchedule -Connection dd -Schedule '5c3e9b10-0000-4000-8000-00000000b001' {0}",
            "Get-OnCallIncident -History {0}",
            "Get-OnCallOverride {0}",
            $"Set-OnCallOverride -User alice.nguyen -OriginalUser john.smith -Policy {Policy} {{0}} -Confirm:$false",
            "$shifts | Measure-OnCallLoad {0}",
            "$shifts | Test-OnCallCoverage {0}",
        ];
        foreach (var template in windows)
        {
            yield return (Format(template, "-Start '2030-01-02' -End '2030-01-01'"), "OnCall.Module.InvalidWindow");
            yield return (Format(template, "-Start '2030-01-01T00:00Z' -End '2030-01-01T00:00Z'"), "OnCall.Module.InvalidWindow");
            yield return (Format(template, "-Start '1970-01-01' -End '2999-12-31'"), "OnCall.Module.WindowTooLong");
        }

        // ---- numbers and sets PowerShell itself refuses: type errors
        foreach (var script in new[]
        {
            "Get-OnCallSchedule -Team 'Platform Ops' -Days 0",
            "Get-OnCallSchedule -Team 'Platform Ops' -Days -1",
            "Get-OnCallSchedule -Team 'Platform Ops' -Days 3654",
            "Get-OnCallSchedule -Team 'Platform Ops' -Days 'many'",
            "Get-OnCallSchedule -Team 'Platform Ops' -Step 9",
            "Get-OnCallIncident -History -First 0",
            "Get-OnCallIncident -Status 'Sleeping'",
            "Get-OnCallUser -At 'yesterday-ish'",
            "New-OnCallIncident -Title t -Target 'User:john.smith' -Urgency urgent -Confirm:$false",
            "Invoke-OnCallApi -Path /api-public/v1/team -Method TRACE",
            "$shifts | Test-OnCallCoverage -By Planet",
            "$shifts | Measure-OnCallLoad -NightStart 'late'",
        })
        {
            yield return (script, Binding);
        }

        yield return ("$shifts | Test-OnCallCoverage -MinimumGap '-01:00:00'", "OnCall.Module.InvalidMinimumGap");

        // ---- rotations: what needs no vendor to see is wrong is refused before any request
        const string NewRotation = "New-OnCallRotation -Name n -Members alice.nguyen, john.smith -Start '2031-01-05T09:00Z' -TimeZone Europe/Berlin -Confirm:$false";
        foreach (var duration in new[] { "0", "0s", "-24h", "soon", "'7 days'", "1d" })
        {
            yield return ($"{NewRotation} -ShiftDuration {duration}", "OnCall.Module.InvalidShiftDuration");
            yield return ($"Set-OnCallRotation -Id abc -ShiftDuration {duration} -Confirm:$false", "OnCall.Module.InvalidShiftDuration");
            yield return ($"Test-OnCallRotation -Id abc -ShiftDuration {duration}", "OnCall.Module.InvalidShiftDuration");
        }

        yield return ("New-OnCallRotation -Name n -Members alice.nguyen, john.smith, Alice.Nguyen -ShiftDuration 24h -Start '2031-01-05T09:00Z' -TimeZone UTC -Confirm:$false", "OnCall.Module.DuplicateMember");
        yield return ("Set-OnCallRotation -Id abc -Members bob.martin, bob.martin -Confirm:$false", "OnCall.Module.DuplicateMember");
        yield return ("New-OnCallRotation -Name n -Members '(nobody)' -ShiftDuration 24h -Start '2031-01-05T09:00Z' -TimeZone UTC -Confirm:$false", "OnCall.Module.EmptyLayer");
        yield return ("New-OnCallRotation -Name n -Members alice.nguyen -ShiftDuration 24h -Start '2031-01-05T09:00Z' -End '2031-01-01' -TimeZone UTC -Confirm:$false", "OnCall.Module.InvalidWindow");
        yield return ("Set-OnCallRotation -Id abc -Start '2031-01-05T09:00Z' -End '2031-01-01' -Confirm:$false", "OnCall.Module.InvalidWindow");
        yield return ("New-OnCallRotation -Name n -Members alice.nguyen -ShiftDuration 24h -Start '2031-01-05T09:00Z' -TimeZone UTC -Restriction 'someday' -Confirm:$false", Binding);
        yield return ("Copy-OnCallRotation -Rotation abc -Destination dd -VerifyDays 0 -Confirm:$false", Binding);
        yield return ("Copy-OnCallRotation -Rotation '' -Destination dd -Confirm:$false", Invalid);
        yield return ("Copy-OnCallRotation -Rotation 'a*' -Destination dd -Confirm:$false", Invalid);
        yield return ("Copy-OnCallRotation -Rotation abc -Destination dd -MemberMap @{ a = '' } -Confirm:$false", Invalid);
        yield return ("Copy-OnCallRotation -Rotation abc -Destination no-such-connection -Confirm:$false", "OnCall.Module.ConnectionNotFound");
        yield return ("Test-OnCallRotation -Name n -Members alice.nguyen", "OnCall.Module.MissingField");
        yield return ("$ddRotations | Set-OnCallRotation -Connection vo -ShiftDuration 24h -Confirm:$false", "OnCall.Module.ProviderMismatch");
        yield return ("$ddRotations | Remove-OnCallRotation -Connection zs -Confirm:$false", "OnCall.Module.ProviderMismatch");
        yield return ("$ddRotations | Copy-OnCallRotation -Connection vo -Destination zs -Confirm:$false", "OnCall.Module.ProviderMismatch");

        // ---- rotations: what a vendor cannot do is refused from the object piped in, before any request
        yield return ("$zsRotations | Remove-OnCallRotation -Confirm:$false", "OnCall.ZStack.RemoveNotSupported");
        yield return ("Remove-OnCallRotation -Connection zs -Id sched-00112233 -Confirm:$false", "OnCall.ZStack.RemoveNotSupported");
        yield return ("$zsRotations | Set-OnCallRotation -RotationType custom -Confirm:$false", "OnCall.ZStack.FixedAfterCreate");
        yield return ("$zsRotations | Set-OnCallRotation -Start '2031-01-05T09:00Z' -Confirm:$false", "OnCall.ZStack.FixedAfterCreate");
        yield return ("$zsRotations | Set-OnCallRotation -Restriction 'Monday 09:00 - Friday 17:00' -Confirm:$false", "OnCall.ZStack.ChangeNotSupported");
        yield return ("$voRotations | Set-OnCallRotation -Members alice.nguyen -Confirm:$false", "OnCall.VictorOps.ChangeNotSupported");
        yield return ("$voRotations | Set-OnCallRotation -ShiftDuration 24h -Confirm:$false", "OnCall.VictorOps.ChangeNotSupported");
        yield return ("$voRotations | Set-OnCallRotation -CurrentMember nobody.here -Confirm:$false", "OnCall.Module.NotAMember");
        yield return ("$ddRotations | Set-OnCallRotation -ShiftDuration 30m -Confirm:$false", "OnCall.Module.ShortInterval");
        yield return ("$voRotations | Copy-OnCallRotation -Destination vo -Confirm:$false", "OnCall.VictorOps.TeamRequired");
        yield return ("$shifts | Measure-OnCallLoad -NightStart '1.00:00:00'", "OnCall.Module.InvalidNight");
        yield return ("$shifts | Measure-OnCallLoad -NightEnd '-00:01:00'", "OnCall.Module.InvalidNight");
        yield return ("Test-OnCallCoverage -InputObject @()", "OnCall.Module.NoShifts");

        // ---- the wrong objects piped in
        foreach (var (pipe, name) in new[] { ("$process", "a process"), ("@{ Id = '305'; Team = 'Platform Ops'; User = 'alice.nguyen' }", "a hashtable") })
        {
            _ = name;
            foreach (var command in new[]
            {
                "Invoke-IncidentAck -Confirm:$false",
                "Invoke-IncidentResolve -Confirm:$false",
                "Invoke-IncidentEscalate -Confirm:$false",
                "Invoke-IncidentReroute -Target 'User:john.smith' -Confirm:$false",
                "Add-OnCallIncidentNote -Text t -Confirm:$false",
                "Get-OnCallIncident",
                "Remove-OnCallOverride -Confirm:$false",
                "Set-OnCallOverride -Confirm:$false",
                "Get-OnCallSchedule",
                "Export-OnCallCalendar",
                "Test-OnCallCoverage",
                "Measure-OnCallLoad",
            })
            {
                yield return (pipe + " | " + command, Binding);
            }
        }

        yield return ("$process | Invoke-OnCallApi -Method POST -Path /api-public/v1/incidents -Confirm:$false", "OnCall.Module.InvalidBody");
        yield return ("'not json' | Invoke-OnCallApi -Method POST -Path /api-public/v1/incidents -Confirm:$false", "OnCall.Module.InvalidBody");
        yield return ("$cycle | Invoke-OnCallApi -Method POST -Path /api-public/v1/incidents -Confirm:$false", "OnCall.Module.InvalidBody");
        yield return ("@{ n = [double]::PositiveInfinity } | Invoke-OnCallApi -Method PUT -Path /api-public/v1/incidents -Confirm:$false", "OnCall.Module.InvalidBody");
        foreach (var command in new[] { "Set-OnCallOverride -Confirm:$false", "Export-OnCallCalendar", "Measure-OnCallLoad", "Test-OnCallCoverage", "Get-OnCallUser", "Get-OnCallSchedule", "Get-OnCallOverride" })
        {
            yield return ("'just a string' | " + command, Binding);
        }

        foreach (var command in new[] { "Invoke-IncidentAck -Confirm:$false", "Invoke-IncidentResolve -Confirm:$false", "Get-OnCallIncident", "Add-OnCallIncidentNote -Text t -Confirm:$false" })
        {
            yield return ("'just a string' | " + command, "OnCall.Module.InvalidArgument");
            yield return ("'INC-4711' | " + command, "OnCall.VictorOps.InvalidIncidentNumber");
        }

        // ---- objects from another vendor, sent to a connection named on the command line
        foreach (var script in new[]
        {
            "$ddTeams | Get-OnCallUser -Connection vo",
            "$ddTeams | Get-OnCallTeamMember -Connection vo",
            "[pscustomobject]@{ Team = 'platform-ops'; Provider = 'Datadog'; Connection = 'dd' } | Get-OnCallEscalationPolicy -Connection vo",
            "$ddTeams | Get-OnCallRotation -Connection vo",
            "$ddShifts | Get-OnCallSchedule -Connection vo",
            "$ddShifts | Set-OnCallOverride -Connection vo -Confirm:$false",
            "$ddShifts | Get-OnCallOverride -Connection vo",
            "$shifts | Set-OnCallOverride -Connection dd -Confirm:$false",
            "$shifts | Get-OnCallUser -Connection zs",
            "$incidents | Invoke-IncidentAck -Connection dd -Confirm:$false",
            "$incidents | Invoke-IncidentResolve -Connection zs -Confirm:$false",
            "$incidents | Add-OnCallIncidentNote -Connection zs -Text t -Confirm:$false",
            "$zsIncidents | Invoke-IncidentAck -Connection vo -Confirm:$false",
            "$zsIncidents | Get-OnCallIncident -Connection vo",
            "$zsIncidents | Invoke-IncidentReroute -Connection vo -Target 'User:john.smith' -Confirm:$false",
            "[pscustomobject]@{ Id = '15e74b8b-f865-48d0-bcc5-453323ed2c8f'; Provider = 'Datadog' } | Remove-OnCallOverride -Connection vo -Confirm:$false",
            "[pscustomobject]@{ Id = '305'; Provider = 'PagerDuty'; Connection = 'vo' } | Invoke-IncidentAck -Confirm:$false",
        })
        {
            yield return (script, "OnCall.Module.ProviderMismatch");
        }

        // ---- unknown connections, named or carried by an object
        foreach (var command in new[]
        {
            "Get-OnCallUser", "Get-OnCallSchedule -Team x", "Get-OnCallRotation", "Get-OnCallTeam", "Get-OnCallTeamMember",
            "Get-OnCallEscalationPolicy", "Get-OnCallOverride", "Set-OnCallOverride -User x -Policy y -Confirm:$false",
            "Remove-OnCallOverride -Id abc -Confirm:$false", "Get-OnCallIncident", "New-OnCallIncident -Title t -Target x -Confirm:$false",
            "Invoke-IncidentAck -Id 305 -Confirm:$false", "Invoke-IncidentResolve -Id 305 -Confirm:$false", "Invoke-IncidentEscalate -Id 305 -Confirm:$false",
            "Invoke-IncidentReroute -Id 305 -Target x -Confirm:$false", "Add-OnCallIncidentNote -Id 305 -Text t -Confirm:$false",
            "Invoke-OnCallApi -Path /api-public/v1/team",
            "New-OnCallRotation -Name n -Members a -ShiftDuration 24h -Start '2031-01-01' -TimeZone UTC -Confirm:$false",
            "Set-OnCallRotation -Id abc -ShiftDuration 24h -Confirm:$false", "Remove-OnCallRotation -Id abc -Confirm:$false", "Test-OnCallRotation -Id abc",
        })
        {
            yield return (command + " -Connection no-such-connection", "OnCall.Module.ConnectionNotFound");
        }

        yield return ("[pscustomobject]@{ Id = '305'; Connection = 'gone' } | Invoke-IncidentAck -Confirm:$false", "OnCall.Module.ConnectionNotFound");
        yield return ("[pscustomobject]@{ Team = 'Platform Ops'; Connection = 'gone' } | Get-OnCallUser", "OnCall.Module.ConnectionNotFound");
        yield return ("Get-OnCallConnection -Name '['", "OnCall.Module.ConnectionNotFound");
        yield return ("Get-OnCallConnection -Name 'no-such-connection'", "OnCall.Module.ConnectionNotFound");
        yield return ("Disconnect-OnCall -Name 'no-such-connection' -Confirm:$false", "OnCall.Module.ConnectionNotFound");

        // ---- piped objects whose ids are blank, or that select nothing
        foreach (var script in new[]
        {
            "[pscustomobject]@{ Id = '' } | Get-OnCallOverride",
            "[pscustomobject]@{ Id = '  ' } | Get-OnCallOverride",
            "[pscustomobject]@{ Id = $null } | Get-OnCallOverride",
            "[pscustomobject]@{ Id = '' } | Remove-OnCallOverride -Confirm:$false",
            "[pscustomobject]@{ Id = ' ' } | Invoke-IncidentAck -Confirm:$false",
            "[pscustomobject]@{ IncidentNumber = '' } | Invoke-IncidentResolve -Confirm:$false",
            "[pscustomobject]@{ Id = '' } | Add-OnCallIncidentNote -Text t -Confirm:$false",
            "[pscustomobject]@{ Id = '' } | Get-OnCallIncident",
            "[pscustomobject]@{ Team = '' } | Get-OnCallUser",
            "[pscustomobject]@{ Team = $null; Policy = ' ' } | Get-OnCallUser",
            "[pscustomobject]@{ Team = @() } | Get-OnCallEscalationPolicy",
            "[pscustomobject]@{ Name = '' } | Get-OnCallTeamMember",
            "[pscustomobject]@{ Team = '' } | Get-OnCallRotation",
            "$ddTeams | Get-OnCallEscalationPolicy",
            "Get-OnCallConnection | Get-OnCallTeam",
            "Get-OnCallConnection -Name dd | Get-OnCallUser",
            "[pscustomobject]@{ Id = '305'; Provider = 'VictorOps' } | Invoke-IncidentAck -Confirm:$false",
            "[pscustomobject]@{ Team = '' } | Get-OnCallSchedule",
            "[pscustomobject]@{ User = '' ; Policy = 'pol-platformops00001' } | Set-OnCallOverride -Confirm:$false",
            "[pscustomobject]@{ Id = '../x' } | Remove-OnCallOverride -Confirm:$false",
            "[pscustomobject]@{ Id = 'a*' } | Get-OnCallOverride",
            "[pscustomobject]@{ Team = \"a`0b\" } | Get-OnCallUser",
            "[pscustomobject]@{ User = 'ali*'; Policy = 'pol-platformops00001' } | Set-OnCallOverride -Confirm:$false",
        })
        {
            yield return (script, Invalid);
        }

        yield return ("[pscustomobject]@{ User = 'alice.nguyen'; Policy = 'pol-platformops00001'; Start = [datetimeoffset]::MaxValue; End = [datetimeoffset]::MaxValue } | Set-OnCallOverride -Confirm:$false", OutOfRange);

        // ---- Invoke-OnCallApi: paths that reach another path or host
        foreach (var path in new[]
        {
            "/a/../../etc/passwd", "/api-public/./v1/team", "/api-public/v1/team/..", "/api-public/%2e%2e/x", "/api-public/%2E%2e/x", "/api-public/.%2E/x",
            "/api-public/%252e%252e/x", "/api-public/v1%2f..%2f..%2fx", "/api-public/..;/x", "/api-public\\\\..\\\\x", "/api-public/v1/team#frag",
            "https://evil.example.com/x", "http://127.0.0.1/api-public/v1/team", "//evil.example.com/x", "api-public/v1/team", "/x%00y", "/x%0d%0aHost:%20evil",
        })
        {
            yield return ($"Invoke-OnCallApi -Method DELETE -Path '{path}' -Confirm:$false", "OnCall.Module.InvalidPath");
        }

        foreach (var path in new[] { "''", "'   '", "$null", "\"/api-public/v1/team`n\"", "\"/api-public/v1/`0team\"", "('/' + ('a' * 5000))" })
        {
            yield return ($"Invoke-OnCallApi -Method DELETE -Path {path} -Confirm:$false", "OnCall.Module.InvalidPath");
        }

        // ---- calendar files no file system can hold
        foreach (var path in new[] { "\"a`0b.ics\"", "\"a`nb.ics\"", "''", "' '", "$null", "'Variable:/calendar'", "'NoSuchDrive:/x.ics'" })
        {
            yield return ($"$shifts | Export-OnCallCalendar -Path {path} -Confirm:$false", "OnCall.Module.InvalidPath");
        }

        yield return ("Get-OnCallSchedule -Team 'Platform Ops' -Days 2 | Export-OnCallCalendar -Path \"a`0b\"", "OnCall.Module.InvalidPath");

        // ---- vendor rules for ids that are well formed in general
        yield return ("Invoke-IncidentAck -Connection dd -Id 305 -Confirm:$false", "OnCall.Datadog.InvalidPageId");
        yield return ("Invoke-IncidentEscalate -Connection dd -Id 'not-a-page' -Confirm:$false", "OnCall.Datadog.InvalidPageId");
        yield return ("Invoke-IncidentAck -Id '4711x' -Confirm:$false", "OnCall.VictorOps.InvalidIncidentNumber");
        yield return ("Invoke-IncidentAck -Id '1234567890123456789' -Confirm:$false", "OnCall.VictorOps.InvalidIncidentNumber");
        yield return ("Get-OnCallIncident -Id 'INC-4711' | Invoke-IncidentResolve -Confirm:$false", "OnCall.VictorOps.InvalidIncidentNumber");
        yield return ("Get-OnCallIncident -Id '-1'", "OnCall.VictorOps.InvalidIncidentNumber");

        // ---- well-formed names and ids that do not exist: read, never changed, never widened
        foreach (var script in new[]
        {
            "Get-OnCallUser -Team 'No Such Team'",
            "Get-OnCallSchedule -Team 'No Such Team'",
            "Get-OnCallTeamMember -Team 'No Such Team'",
            "Get-OnCallEscalationPolicy -Team 'No Such Team'",
            "Get-OnCallSchedule -Team '../../v1/user'",
            "Get-OnCallUser -Team 'Ops/EU'",
            "Get-OnCallIncident -Id 99999999",
            "Get-OnCallOverride -Id no-such-override",
            "Set-OnCallOverride -User alice.nguyen -Team 'No Such Team' -Confirm:$false",
            "Set-OnCallOverride -User alice.nguyen -Policy 'No Such Policy' -Confirm:$false",
            "Remove-OnCallOverride -Id abc -Policy 'No Such Policy' -Confirm:$false",
            "Get-OnCallSchedule -Connection dd -Schedule 'No Such Schedule'",
            "Get-OnCallSchedule -Connection zs -Schedule 'No Such Schedule'",
            "Set-OnCallRotation -Connection dd -Id no-such-layer -ShiftDuration 24h -Confirm:$false",
            "Set-OnCallRotation -Connection zs -Id sched-nope -ShiftDuration 24h -Confirm:$false",
            "Remove-OnCallRotation -Connection vo -Team 'Platform Ops' -Id 999 -Confirm:$false",
            "Test-OnCallRotation -Connection dd -Id no-such-layer",
            "Copy-OnCallRotation -Connection zs -Rotation sched-nope -Destination dd -Confirm:$false",
        })
        {
            yield return (script, UnknownName);
        }
    }

    private static string Format(string template, string value) => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value);

    private static IEnumerable<(string Value, string Expect)> BadValues(Shape shape, bool isList)
    {
        if (shape is not Shape.OptionalText)
        {
            foreach (var blank in Blanks)
            {
                yield return (blank, Invalid);
            }

            if (isList)
            {
                yield return ("@()", Invalid);
                yield return ("'ok', ''", Invalid);
            }
        }

        foreach (var garbled in Garbled)
        {
            yield return (garbled, Invalid);
        }

        if (shape is not (Shape.Text or Shape.OptionalText))
        {
            yield return ("\"a`nb\"", Invalid);
            yield return ("\"a`r`nX-Injected: 1\"", Invalid);
        }

        switch (shape)
        {
            case Shape.Id:
                foreach (var id in IdShapes)
                {
                    yield return (id, Invalid);
                }

                break;
            case Shape.WriteName:
                foreach (var wildcard in Wildcards)
                {
                    yield return (wildcard, Invalid);
                }

                break;
            case Shape.Zone:
                yield return ("'Mars/Olympus_Mons'", "OnCall.Module.UnknownTimeZone");
                yield return ("'W. Europe Standard Tyme'", "OnCall.Module.UnknownTimeZone");
                break;
        }
    }
}
