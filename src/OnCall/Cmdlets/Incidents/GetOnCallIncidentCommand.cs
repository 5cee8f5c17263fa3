using System;
using System.Management.Automation;
using OnCall.Completers;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Incidents;

/// <summary>Get-OnCallIncident: open incidents, one by id, or the history through the reporting API.</summary>
[Cmdlet(VerbsCommon.Get, "OnCallIncident", DefaultParameterSetName = OpenSet)]
[OutputType(typeof(Incident))]
public sealed class GetOnCallIncidentCommand : OnCallConnectedCmdlet
{
    private protected override string? Advice(OnCallException error) =>
        error.Kind == OnCallErrorKind.NotSupported && error.Provider == OnCallProvider.Datadog
            ? "New-OnCallIncident returns a page's id; Invoke-IncidentAck, Invoke-IncidentResolve and Invoke-IncidentEscalate act on it."
            : null;

    private const string OpenSet = "Open";
    private const string IdSet = "Id";
    private const string HistorySet = "History";

    /// <summary>Incident numbers (VictorOps), page ids (Datadog) or alert-event ids (ZStack).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("IncidentNumber")]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    [PlainValue]
    [OnCallArgument(ArgumentKind.Id)]
    public string[]? Id { get; set; }

    [Parameter(ParameterSetName = OpenSet)]
    [Parameter(ParameterSetName = HistorySet)]
    public IncidentStatus[]? Status { get; set; }

    [Parameter(ParameterSetName = OpenSet)]
    [Parameter(ParameterSetName = HistorySet)]
    [ArgumentCompleter(typeof(TeamCompleter))]
    [SupportsWildcards]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Team { get; set; }

    [Parameter(ParameterSetName = OpenSet)]
    [Parameter(ParameterSetName = HistorySet)]
    [SupportsWildcards]
    [OnCallArgument(ArgumentKind.Name)]
    public string[]? Service { get; set; }

    /// <summary>Search past incidents (VictorOps reporting API: one call a minute, paged).</summary>
    [Parameter(Mandatory = true, ParameterSetName = HistorySet)]
    public SwitchParameter History { get; set; }

    /// <summary>Incidents started at or after this time (history).</summary>
    [Parameter(ParameterSetName = HistorySet)]
    public DateTimeOffset? Start { get; set; }

    /// <summary>Incidents started before this time (history).</summary>
    [Parameter(ParameterSetName = HistorySet)]
    public DateTimeOffset? End { get; set; }

    /// <summary>Stop after this many incidents.</summary>
    [Parameter(ParameterSetName = HistorySet)]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    private protected override void Prepare()
    {
        if (Start is { } s && End is { } e && TimeWindow.Problem(s, e) is { } problem)
        {
            ThrowOnCallError(problem, new { Start, End });
        }
    }

    private protected override void ProcessInput()
    {
        var connection = ResolveConnection();
        if (!TryGetCapability<IIncidentSource>(connection, out var source))
        {
            return;
        }

        var ids = ValidIncidentIds(connection, Given(Id));
        if (ParameterSetName == IdSet && ids.Count == 0)
        {
            // No id that can be one: nothing, never the list of every incident.
            return;
        }

        var query = new IncidentQuery
        {
            Ids = ids,
            Statuses = Status ?? Array.Empty<IncidentStatus>(),
            Teams = Given(Team),
            Services = Given(Service),
            History = History,
            Start = Start,
            End = End,
            First = First,
        };
        TryRun((sink, token) => source.GetIncidentsAsync(query, sink, token), Id);
    }
}
