using System;
using System.Management.Automation;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Incidents;

/// <summary>
/// New-OnCallIncident: opens an incident (VictorOps) or a page (Datadog). Never retried blindly: a
/// create that may have reached the vendor is reported, not repeated. VictorOps answers with the new
/// incident's number only (an IncidentActionResult); Datadog with the page (an Incident).
/// </summary>
[Cmdlet(VerbsCommon.New, "OnCallIncident", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(IncidentActionResult), typeof(Incident))]
public sealed class NewOnCallIncidentCommand : OnCallConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Summary")]
    [AllowNull]
    [AllowEmptyString]
    [OnCallArgument(ArgumentKind.Text)]
    public string? Title { get; set; }

    [Parameter(Position = 1)]
    [Alias("Details")]
    [OnCallArgument(ArgumentKind.Text)]
    public string? Description { get; set; }

    /// <summary>Who is paged: "User:alice", "EscalationPolicy:pol-...", or a vendor target id.</summary>
    [Parameter(Mandatory = true)]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Target { get; set; }

    /// <summary>Who opens it (VictorOps userName); the connection's -UserName by default.</summary>
    [Parameter]
    [OnCallArgument(ArgumentKind.Name)]
    public string? User { get; set; }

    [Parameter]
    [ValidateSet("low", "high")]
    public string? Urgency { get; set; }

    [Parameter]
    [OnCallArgument(ArgumentKind.Label)]
    public string[]? Tag { get; set; }

    /// <summary>VictorOps Enterprise: several responders may acknowledge.</summary>
    [Parameter]
    public SwitchParameter MultiResponder { get; set; }

    private protected override string? Advice(OnCallException error) =>
        error.MayHaveApplied
            ? error.Provider == OnCallProvider.Datadog ? string.Empty : "Get-OnCallIncident lists the open incidents."
            : null;

    private protected override void ProcessInput()
    {
        var connection = ResolveConnection();
        if (!TryGetCapability<IIncidentSource>(connection, out var source))
        {
            return;
        }

        if (!ShouldProcess(connection.Describe($"new incident '{Title}' paging {string.Join(", ", Target!)}"), "Create"))
        {
            return;
        }

        var request = new NewIncidentRequest
        {
            Title = Title!,
            Description = Description,
            User = User,
            Targets = Target!,
            Urgency = Urgency,
            Tags = Tag ?? Array.Empty<string>(),
            MultiResponder = MultiResponder,
        };
        TryRun((sink, token) => source.NewIncidentAsync(request, sink, token), Title);
    }
}
