using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Management.Automation;
using System.Reflection;
using System.Security.Cryptography;
using OnCall.Emulator;
using OnCall.Module.Tests.Infrastructure;
using Xunit.Abstractions;
using static OnCall.Module.Tests.Infrastructure.ConnectCommands;
using static OnCall.Module.Tests.Reliability.ReliabilityKit;

namespace OnCall.Module.Tests.Reliability;

/// <summary>
/// Distinctive keys for all three vendors; every cmdlet with -Verbose and -Debug, while things work and while they fail
/// (keys refused with 401 or 403, a key with a newline, a host that is not there, a server that echoes the keys back in
/// its body and a header, with 200, 401, 403 or 500). No key, nor any ten characters of one, may appear in any stream,
/// in any exception of the chain (every string property, walked through InnerException), in ToString, in Format-List
/// or ConvertTo-Json of what came out, or in what the host displays.
/// </summary>
public sealed class SecretSweepTests(ITestOutputHelper output)
{
    private const int Window = 10;

    private static readonly string[] Scenarios = ["ok", "refused", "newline", "echo200", "echo401", "echo403", "echo500", "badhost"];

    // The keys go in as $args, never in the command text: PowerShell shows a failing line in the host, and a key
    // typed on that line would be the user's own doing, not the module's.
    private const string ConnectVictorOps = "Connect-OnCall -Provider VictorOps -Name s -ApiId $args[0] -ApiKey $args[1] -BaseUri $args[5] -UserName john.smith -NoClientPacing";
    private const string ConnectDatadog = "Connect-OnCall -Provider Datadog -Name s -ApiKey $args[2] -ApplicationKey $args[3] -BaseUri $args[5] -UserName john.smith -NoClientPacing";
    private const string ConnectZStack = "Connect-OnCall -Provider ZStack -Name s -Token $args[4] -BaseUri $args[5] -UserName admin -NoClientPacing";

    private const string Window3Days = "-Start '2032-02-01T00:00:00Z' -End '2032-02-04T00:00:00Z'";

    private static readonly Dictionary<string, string[]> Commands = new()
    {
        ["VictorOps"] =
        [
            "Get-OnCallConnection -Name s", "Get-OnCallUser -Connection s", "Get-OnCallSchedule -Connection s -Team 'Platform Ops' -Days 3",
            "Get-OnCallSchedule -Connection s -Team 'Platform Ops' -Days 3 | Export-OnCallCalendar", "Get-OnCallSchedule -Connection s -Team 'Platform Ops' -Days 3 | Test-OnCallCoverage",
            "Get-OnCallSchedule -Connection s -Team 'Platform Ops' -Days 3 | Measure-OnCallLoad", "Get-OnCallRotation -Connection s",
            "Set-OnCallOverride -Connection s -User alice.nguyen -OriginalUser john.smith " + Window3Days + " -Confirm:$false",
            "Get-OnCallOverride -Connection s", "Remove-OnCallOverride -Connection s -Id " + SeededOverride + " -Confirm:$false",
            "Get-OnCallIncident -Connection s", "Get-OnCallIncident -Connection s -Id 1", "Get-OnCallIncident -Connection s -History -First 3",
            "New-OnCallIncident -Connection s -Title 'secret sweep' -Target 'User:john.smith' -Confirm:$false",
            "Invoke-IncidentAck -Connection s -Id 1 -Confirm:$false", "Invoke-IncidentResolve -Connection s -Id 2 -Confirm:$false",
            "Invoke-IncidentEscalate -Connection s -Id 3 -Confirm:$false", "Invoke-IncidentReroute -Connection s -Id 3 -Target 'User:bob.martin' -Confirm:$false",
            "Add-OnCallIncidentNote -Connection s -Id 3 -Text 'looking' -Confirm:$false", "Get-OnCallTeam -Connection s",
            "Get-OnCallTeamMember -Connection s -Team 'Platform Ops'", "Get-OnCallEscalationPolicy -Connection s -IncludeSteps",
            "Invoke-OnCallApi -Connection s -Path /api-public/v1/team",
            "New-OnCallRotation -Connection s -Name Sweep -Team 'Platform Ops' -Members john.smith, alice.nguyen -ShiftDuration 168h -Start '2032-02-01T09:00Z' -TimeZone UTC -Validate -Confirm:$false",
            "Get-OnCallRotation -Connection s -Team 'Platform Ops' -Id Sweep | Set-OnCallRotation -CurrentMember alice.nguyen -Confirm:$false",
            "Get-OnCallRotation -Connection s -Team 'Platform Ops' -Id Sweep | Copy-OnCallRotation -Destination s -Name 'Sweep copy' -Team 'Platform Ops' -VerifyDays 3 -Confirm:$false",
            "Remove-OnCallRotation -Connection s -Team 'Platform Ops' -Id Sweep -Confirm:$false", "Disconnect-OnCall -Name s",
        ],
        ["Datadog"] =
        [
            "Get-OnCallConnection -Name s", "Get-OnCallUser -Connection s", "Get-OnCallSchedule -Connection s -Schedule " + PlatformSchedule + " -Days 3",
            "Get-OnCallSchedule -Connection s -Schedule " + PlatformSchedule + " -Days 3 | Export-OnCallCalendar",
            "Get-OnCallSchedule -Connection s -Schedule " + PlatformSchedule + " -Days 3 | Test-OnCallCoverage",
            "Get-OnCallSchedule -Connection s -Schedule " + PlatformSchedule + " -Days 3 | Measure-OnCallLoad", "Get-OnCallRotation -Connection s",
            "Set-OnCallOverride -Connection s -Schedule " + PlatformSchedule + " -User alice.nguyen " + Window3Days + " -Confirm:$false",
            "Get-OnCallOverride -Connection s -Schedule " + PlatformSchedule + " " + Window3Days,
            "Remove-OnCallOverride -Connection s -Schedule " + PlatformSchedule + " -Id 00000000-0000-4000-8000-000000000001 -Confirm:$false",
            "Get-OnCallIncident -Connection s", "New-OnCallIncident -Connection s -Title 'secret sweep' -Target 'team_handle:platform-ops' -Confirm:$false",
            "Invoke-IncidentAck -Connection s -Id " + Page + " -Confirm:$false", "Invoke-IncidentResolve -Connection s -Id " + Page + " -Confirm:$false",
            "Invoke-IncidentEscalate -Connection s -Id " + Page + " -Confirm:$false", "Invoke-IncidentReroute -Connection s -Id " + Page + " -Target 'User:bob.martin' -Confirm:$false",
            "Add-OnCallIncidentNote -Connection s -Id " + Page + " -Text 'looking' -Confirm:$false", "Get-OnCallTeam -Connection s",
            "Get-OnCallTeamMember -Connection s -Team platform-ops", "Get-OnCallEscalationPolicy -Connection s -IncludeSteps",
            "Invoke-OnCallApi -Connection s -Path /api/v2/team",
            "New-OnCallRotation -Connection s -Name Sweep -Members jane.doe@example.com, 'John Smith' -ShiftDuration 24h -Start '2032-02-01T09:00Z' -TimeZone UTC -Validate -Confirm:$false",
            "Get-OnCallRotation -Connection s -Id Sweep | Set-OnCallRotation -ShiftDuration 48h -Confirm:$false",
            "Get-OnCallRotation -Connection s -Id Sweep | Copy-OnCallRotation -Destination s -Name 'Sweep copy' -VerifyDays 3 -Confirm:$false",
            "Remove-OnCallRotation -Connection s -Id Sweep -Confirm:$false", "Disconnect-OnCall -Name s",
        ],
        ["ZStack"] =
        [
            "Get-OnCallConnection -Name s", "Get-OnCallUser -Connection s", "Get-OnCallSchedule -Connection s -Schedule " + ZStackSchedule + " -Days 3",
            "Get-OnCallSchedule -Connection s -Schedule " + ZStackSchedule + " -Days 3 | Export-OnCallCalendar",
            "Get-OnCallSchedule -Connection s -Schedule " + ZStackSchedule + " -Days 3 | Test-OnCallCoverage",
            "Get-OnCallSchedule -Connection s -Schedule " + ZStackSchedule + " -Days 3 | Measure-OnCallLoad", "Get-OnCallRotation -Connection s",
            "Set-OnCallOverride -Connection s -Schedule " + ZStackSchedule + " -User user-carol -OriginalUser user-bob " + Window3Days + " -Confirm:$false",
            "Get-OnCallOverride -Connection s -Schedule " + ZStackSchedule, "Remove-OnCallOverride -Connection s -Id ovrd-1 -Confirm:$false",
            "Get-OnCallIncident -Connection s", "Get-OnCallIncident -Connection s -Id event-001", "New-OnCallIncident -Connection s -Title 'secret sweep' -Target x -Confirm:$false",
            "Invoke-IncidentAck -Connection s -Id event-001 -Confirm:$false", "Invoke-IncidentResolve -Connection s -Id event-002 -Confirm:$false",
            "Invoke-IncidentEscalate -Connection s -Id event-003 -Confirm:$false", "Invoke-IncidentReroute -Connection s -Id event-003 -Target 'User:bob' -Confirm:$false",
            "Add-OnCallIncidentNote -Connection s -Id event-003 -Text 'looking' -Confirm:$false", "Get-OnCallTeam -Connection s",
            "Get-OnCallTeamMember -Connection s -Team ops", "Get-OnCallEscalationPolicy -Connection s",
            "Invoke-OnCallApi -Connection s -Path /api/v1/oncall/schedules",
            "New-OnCallRotation -Connection s -Name Sweep -Members 'Jane Doe', 'John Smith' -ShiftDuration 24h -Start '2032-02-01T09:00Z' -TimeZone UTC -Validate -Confirm:$false",
            "Get-OnCallRotation -Connection s -Id Sweep | Set-OnCallRotation -ShiftDuration 48h -Confirm:$false",
            "Test-OnCallRotation -Connection s -Id " + ZStackSchedule, "Disconnect-OnCall -Name s",
        ],
    };

    private const string PlatformSchedule = OnCall.Emulator.Datadog.DatadogState.PlatformScheduleId;
    private const string ZStackSchedule = OnCall.Emulator.ZStack.ZStackState.DatabaseScheduleUuid;
    private const string Page = "5e1d3c2b-0000-4000-8000-00000000f001";

    // Everything a person could see of what came out, item by item: the list and JSON views, and the host's own
    // rendering. One call per scenario; each item's text starts with a marker line so a leak can be traced back. The
    // host renders everything in one Out-Default (the markers are strings in the same pipeline), as one per item is slow.
    private const string Render = """
        $items = @($args[0])
        for ($i = 0; $i -lt $items.Count; $i++) {
            $item = $items[$i]
            "@@item $i"
            $item | Format-List * -Force | Out-String -Width 4096
            if ($item -is [System.Management.Automation.ErrorRecord]) { $item.Exception | Format-List * -Force | Out-String -Width 4096 }
            # An error record's exception holds reflection objects (TargetSite) that are slow to walk deeply; two levels
            # reach every string of the record and of its exception.
            $depth = if ($item -is [System.Management.Automation.ErrorRecord]) { 2 } else { 4 }
            try { ConvertTo-Json -InputObject $item -Depth $depth -WarningAction SilentlyContinue } catch { "ConvertTo-Json failed: $_" }
        }

        $(for ($i = 0; $i -lt $items.Count; $i++) { "@@item $i"; $items[$i] }) | Out-Default
        """;

    [Fact]
    public async Task No_key_appears_anywhere_for_any_cmdlet_of_any_vendor_whether_it_works_or_fails()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var keys = SecretKeys();
        var wrong = SecretKeys();
        var secrets = new[] { keys.VictorOpsApiKey, keys.DatadogApiKey, keys.DatadogApplicationKey, keys.ZStackToken, wrong.VictorOpsApiKey, wrong.DatadogApiKey, wrong.DatadogApplicationKey, wrong.ZStackToken };
        var leaks = new ConcurrentBag<Leak>();
        var runs = 0;
        var shape = new ConcurrentBag<string>();

        // One runspace per vendor, its scenarios in turn: formatting warms up once per runspace, which is most of the cost.
        await Task.WhenAll(Commands.Keys.Select(vendor => Task.Run(async () =>
        {
            // A wide host, so that what it displays keeps every key on one line for the search.
            using var session = new PowerShellSession(columns: 160);
            foreach (var scenario in Scenarios)
            {
                var each = System.Diagnostics.Stopwatch.StartNew();
                var (count, connected, withObjects) = await SweepAsync(session, vendor, scenario, keys, wrong, secrets, leaks);
                Interlocked.Add(ref runs, count);

                // The sweep is only worth something if "ok" really works and the failures really fail.
                if (scenario == "ok" && (!connected || withObjects < Commands[vendor].Length / 2))
                {
                    shape.Add($"{vendor}/ok: connected {connected}, {withObjects} of {Commands[vendor].Length} commands wrote objects");
                }

                if (scenario is "refused" or "newline" or "echo401" or "echo403" or "echo500" or "badhost" && connected)
                {
                    shape.Add($"{vendor}/{scenario}: Connect-OnCall validated the keys although it should have failed");
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {vendor}/{scenario}: {each.Elapsed.TotalSeconds:0.0} s"));
            }
        })));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{runs} command runs checked across {Commands.Count} vendors and {Scenarios.Length} scenarios in {watch.Elapsed.TotalSeconds:0.0} s"));
        Assert.True(shape.IsEmpty, string.Join("\n", shape));
        Assert.True(leaks.IsEmpty, Summarise(leaks));
    }

    private static async Task<(int Runs, bool Connected, int WithObjects)> SweepAsync(PowerShellSession session, string vendor, string scenario, AcceptedCredentials keys, AcceptedCredentials wrong, string[] secrets, ConcurrentBag<Leak> leaks)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Credentials = keys });
        SeedTargets(server);
        var given = scenario == "refused" ? wrong : keys;
        using var closed = scenario == "badhost" ? new ClosedPort() : null;
        var baseUri = closed?.BaseUri ?? server.BaseUri.ToString();
        var arguments = new object[]
        {
            given.VictorOpsApiId,
            scenario == "newline" ? given.VictorOpsApiKey + "\n" : given.VictorOpsApiKey,
            scenario == "newline" ? given.DatadogApiKey + "\r\n" : given.DatadogApiKey,
            given.DatadogApplicationKey,
            scenario == "newline" ? given.ZStackToken + "\n" : given.ZStackToken,
            baseUri,
        };
        var connect = vendor switch { "VictorOps" => ConnectVictorOps, "Datadog" => ConnectDatadog, _ => ConnectZStack } + (scenario == "badhost" ? " -MaximumRetryCount 0" : " -MaximumRetryCount 1");

        FaultRule? echo = scenario.StartsWith("echo", StringComparison.Ordinal)
            ? server.Faults.Hostile("*", HostileAnswer.EchoAuth, count: int.MaxValue, statusCode: int.Parse(scenario[4..], CultureInfo.InvariantCulture))
            : null;
        using var armed = echo is null ? null : new ArmedFaults(server, echo);

        var label = $"{vendor}/{scenario}";
        var rendered = new List<(string Command, object Item)>();

        // Connect itself, validating the keys, then without validation so the commands have a connection to use.
        session.Run("Disconnect-OnCall -All");
        var connected = !Check(session, connect + " -Verbose -Debug", arguments, label, "Connect-OnCall", secrets, leaks, rendered).AllErrors.Any();
        session.Run(connect + " -SkipValidation | Out-Null", arguments);
        var withObjects = 0;
        foreach (var command in Commands[vendor])
        {
            var result = Check(session, "$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; " + Verbosely(command), arguments, label, command, secrets, leaks, rendered);
            withObjects += result.Output.Count > 0 ? 1 : 0;
        }

        CheckRendered(session, rendered, label, secrets, leaks);
        return (Commands[vendor].Length + 1, connected, withObjects);
    }

    /// <summary>Runs one command and looks for the keys in its streams and exceptions; keeps what came out for rendering.</summary>
    private static RunResult Check(PowerShellSession session, string script, object[] arguments, string label, string command, string[] secrets, ConcurrentBag<Leak> leaks, List<(string Command, object Item)> rendered)
    {
        var result = session.Run(script, arguments);
        var places = new List<(string Where, string Text)>();
        places.AddRange(result.Output.Select(o => ("output", o?.ToString() ?? string.Empty)));
        places.AddRange(result.Verbose.Select(v => ("verbose", v)));
        places.AddRange(result.Debug.Select(d => ("debug", d)));
        places.AddRange(result.Warnings.Select(w => ("warning", w)));
        places.AddRange(result.Progress.Select(p => ("progress", p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation)));
        foreach (var error in result.AllErrors)
        {
            places.Add(("error record", string.Join(" ", error.ToString(), error.FullyQualifiedErrorId, error.TargetObject, error.CategoryInfo, error.ErrorDetails?.Message, error.ErrorDetails?.RecommendedAction)));
            places.AddRange(ExceptionChain(error.Exception).Select(text => ("exception chain", text)));
        }

        rendered.AddRange(result.Output.Cast<object>().Concat(result.AllErrors).Select(item => (command, item)));
        Report(places, label, command, secrets, leaks);
        return result;
    }

    /// <summary>Format-List, ConvertTo-Json and the host's rendering of everything the commands wrote.</summary>
    private static void CheckRendered(PowerShellSession session, List<(string Command, object Item)> rendered, string label, string[] secrets, ConcurrentBag<Leak> leaks)
    {
        if (rendered.Count == 0)
        {
            return;
        }

        session.Host.ClearText();
        var views = session.Run(Render, (object)rendered.Select(r => r.Item).ToArray());
        foreach (var (index, text) in Split(string.Join("\n", views.Output.Select(o => o?.ToString()))))
        {
            Report([("Format-List/ConvertTo-Json", text)], label, rendered[index].Command, secrets, leaks);
        }

        foreach (var (index, text) in Split(session.Host.Text))
        {
            Report([("host", text)], label, rendered[index].Command, secrets, leaks);
        }

        foreach (var error in views.AllErrors)
        {
            Report([("rendering error", error.ToString())], label, "(rendering)", secrets, leaks);
        }
    }

    /// <summary>Text cut at the "@@item n" markers, by item.</summary>
    private static IEnumerable<(int Index, string Text)> Split(string text)
    {
        var parts = System.Text.RegularExpressions.Regex.Split(text, @"^@@item (\d+)\s*$", System.Text.RegularExpressions.RegexOptions.Multiline);
        for (var i = 1; i + 1 < parts.Length; i += 2)
        {
            yield return (int.Parse(parts[i], CultureInfo.InvariantCulture), parts[i + 1]);
        }
    }

    private static void Report(IEnumerable<(string Where, string Text)> places, string label, string command, string[] secrets, ConcurrentBag<Leak> leaks)
    {
        foreach (var (where, text) in places)
        {
            foreach (var secret in secrets)
            {
                if (Shows(text, secret) is { } at)
                {
                    leaks.Add(new Leak(label, command, where, Mask(text, at, secret)));
                }
            }
        }
    }

    private sealed record Leak(string Scenario, string Command, string Where, string Snippet);

    /// <summary>One line per scenario and place, with how many commands showed a key there and one example.</summary>
    private static string Summarise(IEnumerable<Leak> leaks)
    {
        var list = leaks.ToList();
        var text = new System.Text.StringBuilder().AppendLine(string.Create(CultureInfo.InvariantCulture, $"{list.Count} places show a key (a 10-character piece of one is enough):"));
        foreach (var group in list.GroupBy(l => (l.Scenario, l.Where)).OrderBy(g => g.Key.Scenario, StringComparer.Ordinal).ThenBy(g => g.Key.Where, StringComparer.Ordinal))
        {
            var commands = group.Select(l => l.Command.Split(' ')[0]).Distinct().ToList();
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- {group.Key.Scenario}, {group.Key.Where}: {commands.Count} cmdlet(s) ({string.Join(", ", commands.Take(6))}{(commands.Count > 6 ? ", ..." : string.Empty)}), e.g. ...{group.First().Snippet}..."));
        }

        return text.ToString();
    }

    /// <summary>Every exception in the chain (InnerException, and the inner ones of aggregates), every string it carries.</summary>
    private static IEnumerable<string> ExceptionChain(Exception? root)
    {
        var pending = new Queue<Exception>();
        if (root is not null)
        {
            pending.Enqueue(root);
        }

        while (pending.TryDequeue(out var exception))
        {
            yield return exception.ToString();
            foreach (var property in exception.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0 || property.Name is "TargetSite" or "StackTrace")
                {
                    continue;
                }

                object? value;
                try
                {
                    value = property.GetValue(exception);
                }
                catch (TargetInvocationException)
                {
                    continue;
                }

                if (value is IDictionary data)
                {
                    yield return string.Join(" ", data.Keys.Cast<object>().Select(k => k + "=" + data[k]));
                }
                else if (value is not null and not Exception)
                {
                    yield return property.Name + "=" + value;
                }
            }

            if (exception.InnerException is { } inner)
            {
                pending.Enqueue(inner);
            }

            if (exception is AggregateException aggregate)
            {
                foreach (var each in aggregate.InnerExceptions.Where(e => e != exception.InnerException))
                {
                    pending.Enqueue(each);
                }
            }
        }
    }

    /// <summary>Where the text shows the key or any <see cref="Window"/> characters of it; null when it does not.</summary>
    private static int? Shows(string text, string secret)
    {
        for (var i = 0; i + Window <= secret.Length; i++)
        {
            var at = text.IndexOf(secret.Substring(i, Window), StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                return at;
            }
        }

        return null;
    }

    private static string Mask(string text, int at, string secret)
    {
        var from = Math.Max(0, at - 40);
        var snippet = text.Substring(from, Math.Min(text.Length - from, 100));
        return snippet.Replace(secret, "<KEY>", StringComparison.OrdinalIgnoreCase).ReplaceLineEndings(" ");
    }

    private static string Verbosely(string command)
    {
        // -Verbose -Debug on the first command of the pipeline; the preferences cover the rest.
        var pipe = command.IndexOf(" | ", StringComparison.Ordinal);
        return pipe < 0 ? command + " -Verbose -Debug" : command[..pipe] + " -Verbose -Debug" + command[pipe..];
    }

    /// <summary>Keys that occur nowhere else: a vendor-like prefix and 24 random hex digits each.</summary>
    private static AcceptedCredentials SecretKeys() => new()
    {
        VictorOpsApiId = "void" + Hex(),
        VictorOpsApiKey = "VOKEY" + Hex(),
        VictorOpsReadOnlyApiKey = "VORO" + Hex(),
        DatadogApiKey = "DDAPI" + Hex(),
        DatadogApplicationKey = "DDAPP" + Hex(),
        ZStackToken = "ZSTOK" + Hex(),
    };

    private static string Hex() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    /// <summary>What the write commands act on: a VictorOps override, a Datadog page.</summary>
    private static void SeedTargets(EmulatorServer server)
    {
        SeedOverride(server);
        lock (server.State.Sync)
        {
            server.State.Datadog.Pages.Add(new OnCall.Emulator.Datadog.DdPage { Id = Page, Title = "seeded" });
        }
    }
}
