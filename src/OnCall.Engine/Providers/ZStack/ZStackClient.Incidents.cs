using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.ZStack;

// Alert events: ZStack's incidents, raised by its alert rules (none can be created through the API).
internal sealed partial class ZStackClient
{
    public async Task GetIncidentsAsync(IncidentQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (query.Ids.Count > 0)
        {
            foreach (var id in query.Ids)
            {
                try
                {
                    using var document = await _client.SendAsync(new ApiRequest("GET", VendorProfile.Path(_client.Profile, Events + "/{0}", id)), sink, cancellationToken).ConfigureAwait(false);
                    var incident = document.Interpret(answer =>
                    {
                        var root = answer.RequireRootObject("uuid", "alert");
                        var alert = root.TryGetProperty("alert", out var a) && a.ValueKind == JsonValueKind.Object ? a : root;
                        var read = ToIncident(alert);
                        read.Raw = RawJson.ToDictionary(answer.RootElement);
                        return read;
                    });
                    sink.WriteObject(incident);
                }
                catch (OnCallException ex) when (ex.Kind == OnCallErrorKind.NotFound)
                {
                    sink.WriteError(new OnCallException(OnCallErrorKind.NotFound, "EventNotFound", string.Format(CultureInfo.InvariantCulture, "ZStack has no alert event '{0}'.", id), Provider, id) { StatusCode = ex.StatusCode, Request = ex.Request });
                }
            }

            return;
        }

        // No status asked: the open events (firing or acknowledged), unless history is wanted.
        var statuses = query.Statuses.Count > 0
            ? query.Statuses.Distinct().ToList()
            : query.History ? new List<IncidentStatus>() : new List<IncidentStatus> { IncidentStatus.Triggered, IncidentStatus.Acknowledged };
        var serverState = statuses.Count == 1 ? StateName(statuses[0]) : null;
        var written = 0;
        await PageAsync(
            offset => new ApiRequest("GET", Events)
                .WithQuery("state", serverState)
                .WithQuery("limit", PageSize.ToString(CultureInfo.InvariantCulture))
                .WithQuery("offset", offset.ToString(CultureInfo.InvariantCulture)),
            "alert events",
            ToIncident,
            incidents =>
            {
                foreach (var incident in incidents)
                {
                    if ((statuses.Count > 0 && !statuses.Contains(incident.Status))
                        || (query.Start is { } from && incident.Start < from)
                        || (query.End is { } to && incident.Start >= to)
                        || (query.Services.Count > 0 && !query.Services.Any(s => Wildcard.IsMatch(incident.Service, s) || Wildcard.IsMatch(incident.Title, s))))
                    {
                        continue;
                    }

                    sink.WriteObject(incident);
                    if (query.First is { } first && ++written >= first)
                    {
                        return false;
                    }
                }

                return true;
            },
            sink,
            cancellationToken).ConfigureAwait(false);
    }

    internal Incident ToIncident(JsonElement e)
    {
        var acknowledgedAt = e.Time("acknowledgedAt");
        var resolvedAt = e.Time("resolvedAt");
        var notifiedAt = e.Time("notifiedAt") ?? e.Time("createDate");
        var incident = new Incident
        {
            Provider = Provider,
            Connection = Connection,
            Id = e.Str("uuid") ?? string.Empty,
            Status = ParseState(e.Str("state")),
            Title = e.Str("ruleName") ?? e.Str("message"),
            Service = e.Str("metricName"),
            Host = e.Str("resourceUuid"),
            Severity = e.Str("severity"),
            Start = notifiedAt,
            LastUpdate = new[] { notifiedAt, acknowledgedAt, resolvedAt }.Where(t => t.HasValue).Select(t => t!.Value).DefaultIfEmpty().Max() is var last && last != default ? last : null,
            User = e.Str("resolvedBy") ?? e.Str("acknowledgedBy"),
            Raw = RawJson.ToDictionary(e),
        };
        return incident;
    }

    internal static IncidentStatus ParseState(string? state) => (state ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "acknowledged" => IncidentStatus.Acknowledged,
        "resolved" => IncidentStatus.Resolved,
        _ => IncidentStatus.Triggered,
    };

    private static string StateName(IncidentStatus status) => status switch
    {
        IncidentStatus.Acknowledged => "acknowledged",
        IncidentStatus.Resolved => "resolved",
        _ => "firing",
    };

    public Task NewIncidentAsync(NewIncidentRequest request, IOperationSink sink, CancellationToken cancellationToken) =>
        throw new OnCallException(
            OnCallErrorKind.NotSupported,
            "NotSupported",
            "ZStack alert events are raised by alert rules; its API has no call that creates one.",
            OnCallProvider.ZStack);
}
