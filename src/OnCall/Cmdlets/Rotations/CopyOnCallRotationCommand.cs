using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text;
using OnCall.Completers;
using OnCall.Engine.Connections;
using OnCall.Engine.Providers;
using OnCall.Engine.Rotations;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Rotations;

/// <summary>
/// Copy-OnCallRotation: reads a rotation from one connection, maps its people onto another's, creates it there,
/// then renders source and copy over -VerifyDays and reports every hand-off that differs. What the destination
/// cannot express is named item by item and refused unless -Force.
/// </summary>
[Cmdlet(VerbsCommon.Copy, "OnCallRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(RotationCopy))]
public sealed class CopyOnCallRotationCommand : RotationCmdlet
{
    private const int ShownDifferences = 20;
    private static readonly char[] Wildcards = { '*', '?' };

    // A VictorOps group's shifts (a Datadog schedule's layers) come down the pipeline one by one; the first copies them all.
    private readonly HashSet<string> _copied = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A rotation Get-OnCallRotation wrote, or the id or name of one on the source connection.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowNull]
    public RotationReference? Rotation { get; set; }

    /// <summary>The connection to create the copy on.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ArgumentCompleter(typeof(ConnectionNameCompleter))]
    [AllowNull]
    [AllowEmptyString]
    [OnCallArgument(ArgumentKind.Label)]
    public string? Destination { get; set; }

    /// <summary>The copy's name; the source's by default.</summary>
    [Parameter]
    [OnCallArgument(ArgumentKind.Name)]
    public string? Name { get; set; }

    /// <summary>Source person (user name, e-mail or id) to destination person; the others are matched by e-mail, then name.</summary>
    [Parameter]
    public Hashtable? MemberMap { get; set; }

    /// <summary>The destination's owning teams (Datadog) or team (VictorOps, required there).</summary>
    [Parameter]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Team { get; set; }

    /// <summary>How many days from now both sides are rendered and compared (28 by default).</summary>
    [Parameter]
    [ValidateRange(1, 366)]
    public int VerifyDays { get; set; } = 28;

    /// <summary>Create the copy even though the destination cannot express all of the source.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    private protected override void ProcessInput()
    {
        var reference = Rotation!;
        var given = reference.Rotation;
        if (given is not null && !IsTyped(nameof(Connection)))
        {
            Connection ??= string.IsNullOrEmpty(given.Connection) ? null : given.Connection;
            Provider ??= given.Provider.ToString();
        }

        if (!TryCheck(() => CheckReference(reference), reference) || !TryCheck(() => CheckMap(), reference))
        {
            return;
        }

        var source = ResolveConnection();
        ConnectionContext destination;
        try
        {
            destination = SessionConnections.Current.Resolve(Destination);
        }
        catch (OnCallException error)
        {
            ThrowOnCallError(error, Destination);
            return;
        }

        var snapshot = given?.Definition;
        var key = source.Name + "/" + (snapshot?.Id ?? reference.Id);
        if (!_copied.Add(key))
        {
            WriteVerbose(string.Format(CultureInfo.InvariantCulture, "'{0}' was copied with the rest of '{1}'.", given?.Name ?? reference.Id, snapshot?.Name ?? reference.Id));
            return;
        }

        var address = new RotationAddress { Id = given?.Id ?? reference.Id.Trim(), ScheduleId = given?.ScheduleId, Team = snapshot?.Team ?? given?.Team };
        var options = new RotationCopyOptions
        {
            Name = Name,
            MemberMap = MemberMap?.Cast<DictionaryEntry>().ToDictionary(e => Convert.ToString(e.Key, CultureInfo.InvariantCulture)!, e => Convert.ToString(e.Value, CultureInfo.InvariantCulture)!, StringComparer.OrdinalIgnoreCase),
            Teams = Given(Team),
            VerifyStart = DateTimeOffset.UtcNow,
            VerifyDays = VerifyDays,
        };
        if (!TryGetWriter(source, out var from) || !TryGetWriter(destination, out var to))
        {
            return;
        }

        if (!TryPlan((sink, token) => RotationPlanner.PlanCopyAsync(from, to, address, snapshot, options, sink, token), reference, out var plan))
        {
            EndProgress();
            return;
        }

        var target = destination.Describe(string.Format(CultureInfo.InvariantCulture, "a copy of {0} from {1} connection {2}", RotationPlanner.Describe(plan.Source, -1), source.Provider, source.Name));
        if (!ShouldProcess(target + Explain(plan, to.Capabilities), "Create " + target + "?", "Copy-OnCallRotation"))
        {
            EndProgress();
            return;
        }

        if (plan.CarryOver.NotCarried.Count > 0 && !Force)
        {
            WriteError(RecordOf(new OnCallException(
                OnCallErrorKind.InvalidOperation,
                RotationPlanner.CannotCarry,
                string.Format(CultureInfo.InvariantCulture, "{0} cannot express all of '{1}', so nothing was created: {2}.", destination.Provider, plan.Source.Name, string.Join("; ", plan.CarryOver.NotCarried)),
                null,
                reference)
            {
                RecommendedAction = "Look at the copy with -WhatIf, then add -Force to create it as it would be.",
            }));
            EndProgress();
            return;
        }

        foreach (var dropped in Dropped(plan.CarryOver, to.Capabilities))
        {
            WriteWarning("Not carried over: " + dropped + ".");
        }

        if (TryPlan((sink, token) => RotationPlanner.CopyAsync(plan, to, source.Name, destination.Name, sink, token), reference, out var result))
        {
            if (!result.IsExact)
            {
                WriteWarning(string.Format(CultureInfo.InvariantCulture, "The copy hands off differently from the source {0} time(s) between {1:u} and {2:u}; see its Differences.", result.Differences.Count, result.VerifyStart, result.VerifyEnd));
            }

            WriteObject(result);
        }
        else
        {
            EndProgress();
        }
    }

    // The copy's own end takes its progress down; where the command stops earlier, this does.
    private void EndProgress() => WriteProgress(ErrorRecords.ToProgressRecord(RotationPlanner.CopyDone()));

    private static void CheckReference(RotationReference reference)
    {
        var id = reference.Id;
        if (string.IsNullOrWhiteSpace(id) || id.Length > ArgumentChecks.MaxNameLength || id.Any(char.IsControl) || id.IndexOfAny(Wildcards) >= 0)
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidArgument", string.Format(CultureInfo.InvariantCulture, "-Rotation {0} is not a rotation id or name (blank, too long, a control character or a wildcard); nothing was sent.", ArgumentChecks.Shown(id)), null, id);
        }
    }

    private void CheckMap()
    {
        foreach (DictionaryEntry entry in MemberMap ?? new Hashtable())
        {
            if (string.IsNullOrWhiteSpace(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)) || string.IsNullOrWhiteSpace(Convert.ToString(entry.Value, CultureInfo.InvariantCulture)))
            {
                throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidArgument", "-MemberMap has a blank person in it; each entry maps a source person to a destination person. Nothing was sent.", null, MemberMap);
            }
        }
    }

    /// <summary>What the copy leaves behind; where the destination has owning teams and none was given, the parameter that gives them.</summary>
    private IEnumerable<string> Dropped(RotationCarryOver carryOver, RotationCapabilities destination) => carryOver.Dropped.Select(item =>
        Team is null && destination.Teams && ReferenceEquals(item, carryOver.DroppedTeams) ? item + ": give the destination's with -Team" : item);

    private string Explain(RotationCopyPlan plan, RotationCapabilities destination)
    {
        var text = new StringBuilder(":");
        text.Append(RotationPlanner.Show(plan.CarryOver.Definition));
        foreach (var item in plan.CarryOver.NotCarried)
        {
            text.Append("\n  Cannot be carried over" + (Force ? " (forced)" : " (refused without -Force)") + ": " + item);
        }

        foreach (var item in Dropped(plan.CarryOver, destination))
        {
            text.Append("\n  Not carried over: " + item);
        }

        text.Append(string.Format(CultureInfo.InvariantCulture, "\n  Predicted differences from {0:u} to {1:u}: {2}", plan.VerifyStart, plan.VerifyEnd, plan.Predicted.Count == 0 ? "none, every hand-off matches" : plan.Predicted.Count.ToString(CultureInfo.InvariantCulture)));
        foreach (var difference in plan.Predicted.Take(ShownDifferences))
        {
            text.Append("\n    " + difference);
        }

        if (plan.Predicted.Count > ShownDifferences)
        {
            text.Append(string.Format(CultureInfo.InvariantCulture, "\n    ... and {0} more", plan.Predicted.Count - ShownDifferences));
        }

        return text.ToString();
    }
}
