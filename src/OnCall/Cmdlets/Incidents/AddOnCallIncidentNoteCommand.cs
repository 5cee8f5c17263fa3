using System;
using System.Globalization;
using System.Management.Automation;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Incidents;

/// <summary>Add-OnCallIncidentNote: adds a note to an incident.</summary>
[Cmdlet(VerbsCommon.Add, "OnCallIncidentNote", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(IncidentNote))]
public sealed class AddOnCallIncidentNoteCommand : OnCallConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("IncidentNumber")]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    [PlainValue]
    [OnCallArgument(ArgumentKind.Id)]
    public string[]? Id { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    [AllowNull]
    [AllowEmptyString]
    [OnCallArgument(ArgumentKind.Text)]
    public string? Text { get; set; }

    /// <summary>The note's name; a time-stamped one by default.</summary>
    [Parameter]
    [OnCallArgument(ArgumentKind.Label)]
    public string? Name { get; set; }

    private protected override string? Advice(OnCallException error) =>
        error.MayHaveApplied && error.Target is string id && id.Length > 0 && id[0] != '/'
            ? "Invoke-OnCallApi -Path /api-public/v1/incidents/" + id + "/notes lists its notes."
            : null;

    private protected override void ProcessInput()
    {
        var connection = ResolveConnection();
        if (!TryGetCapability<IIncidentNotes>(connection, out var notes))
        {
            return;
        }

        var name = Name ?? "note-" + DateTimeOffset.UtcNow.ToString("yyyyMMddTHHmmssfff", CultureInfo.InvariantCulture);
        foreach (var id in ValidIncidentIds(connection, Given(Id)))
        {
            if (ShouldProcess(connection.Describe($"incident {id}"), "Add note"))
            {
                TryRun((sink, token) => notes.AddNoteAsync(id, name, Text!, sink, token), id);
            }
        }
    }
}
