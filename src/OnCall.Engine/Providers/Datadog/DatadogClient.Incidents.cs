using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;

namespace OnCall.Engine.Providers.Datadog;

// Pages: Datadog On-Call's incidents. They go to the site's paging host, and no API lists or reads them.
internal sealed partial class DatadogClient
{
    public Task GetIncidentsAsync(IncidentQuery query, IOperationSink sink, CancellationToken cancellationToken) =>
        throw new OnCallException(
            OnCallErrorKind.NotSupported,
            "NotSupported",
            query.Ids.Count > 0
                ? "Datadog On-Call has no API that reads a page by id (nor one that lists pages); a page can only be acted on by its id."
                : "Datadog On-Call has no API that lists pages (datadog-api-client-python issue #2773); a page is known by the id its creation returns, and acted on by it.",
            OnCallProvider.Datadog);

    public async Task NewIncidentAsync(NewIncidentRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "TitleRequired", "A Datadog page needs a title.", Provider);
        }

        var urgency = string.IsNullOrWhiteSpace(request.Urgency) ? "high" : request.Urgency!.Trim().ToLowerInvariant();
        if (urgency is not ("low" or "high"))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidUrgency", string.Format(CultureInfo.InvariantCulture, "Datadog page urgency is 'low' or 'high', not '{0}'.", request.Urgency), Provider, request.Urgency);
        }

        var targets = request.Targets.Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        if (targets.Count == 0 && !string.IsNullOrWhiteSpace(request.User))
        {
            targets.Add("user:" + request.User);
        }

        if (targets.Count == 0)
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "TargetRequired", "A Datadog page needs a target: 'team_handle:ops', 'team_id:<uuid>', 'user_id:<uuid>' or a team handle.", Provider);
        }

        // One page per target: a Datadog page has exactly one.
        foreach (var target in targets)
        {
            var (type, identifier) = await ParseTargetAsync(target, sink, cancellationToken).ConfigureAwait(false);
            var attributes = new Dictionary<string, object?>
            {
                ["title"] = request.Title,
                ["urgency"] = urgency,
                ["target"] = new Dictionary<string, object?> { ["type"] = type, ["identifier"] = identifier },
            };
            if (!string.IsNullOrWhiteSpace(request.Description))
            {
                attributes["description"] = request.Description;
            }

            if (request.Tags.Count > 0)
            {
                attributes["tags"] = request.Tags.ToArray();
            }

            var post = new ApiRequest("POST", "/api/v2/on-call/pages")
            {
                BaseUriOverride = _info.PagingUri,
                Body = new Dictionary<string, object?> { ["data"] = new Dictionary<string, object?> { ["type"] = "pages", ["attributes"] = attributes } },
                WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check in Datadog On-Call whether a page '{0}' to {1} was created (its API cannot list pages)", request.Title, target),
            };
            using var document = await _client.SendAsync(post, sink, cancellationToken).ConfigureAwait(false);
            var id = document.Interpret(answer => answer.RequireObject("data").Str("id") ?? throw answer.Malformed("no page id in \"data\""));
            var incident = new Incident
            {
                Provider = Provider,
                Connection = Connection,
                Id = id,
                Status = IncidentStatus.Triggered,
                Title = request.Title,
                Severity = urgency,
                Start = _time.GetUtcNow(),
                Raw = RawJson.ToDictionary(document.RootElement),
            };
            if (type == "user_id")
            {
                incident.PagedUsers.Add(identifier);
            }
            else
            {
                incident.PagedTeams.Add(identifier);
                incident.Team = identifier;
            }

            sink.WriteObject(incident);
        }
    }

    /// <summary>"team_handle:x", "team_id:x", "user_id:x", "user:x" (id, e-mail or handle), "team:x", or a bare team handle.</summary>
    internal async Task<(string Type, string Identifier)> ParseTargetAsync(string target, IOperationSink sink, CancellationToken cancellationToken)
    {
        var text = target.Trim();
        var colon = text.IndexOf(':');
        var kind = colon > 0 ? text.Substring(0, colon).Trim().ToLowerInvariant() : string.Empty;
        var value = colon > 0 ? text.Substring(colon + 1).Trim() : text;
        if (value.Length == 0)
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidTarget", string.Format(CultureInfo.InvariantCulture, "The page target '{0}' names nobody.", target), Provider, target);
        }

        switch (kind)
        {
            case "team_handle":
            case "team_id":
            case "user_id":
                return (kind, value);
            case "team":
                return IsUuid(value) ? ("team_id", value) : ("team_handle", value);
            case "user":
                return ("user_id", IsUuid(value) ? value : (await FindUserAsync(value, sink, cancellationToken).ConfigureAwait(false)).Id);
            case "":
                return IsUuid(value) ? ("team_id", value) : ("team_handle", value);
            default:
                throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidTarget", string.Format(CultureInfo.InvariantCulture, "'{0}' is not a Datadog page target: use team_handle:, team_id:, user_id: or a team handle.", target), Provider, target);
        }
    }
}
