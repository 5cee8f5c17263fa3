using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Providers.VictorOps.Dtos;

namespace OnCall.Engine.Providers.VictorOps;

internal sealed partial class VictorOpsClient
{
    /// <summary>
    /// Incidents per ack, resolve or reroute request. The API documents no maximum for
    /// incidentNames; 500 keeps each body around 10 KB, well inside any gateway limit, and makes
    /// 10,000 incidents 20 requests (0.2% of one per incident).
    /// </summary>
    public const int IncidentBatchSize = 500;

    private const int ActionProgressId = 0x5650;

    /// <summary>
    /// Acknowledge, Resolve (PATCH /v1/incidents/ack|resolve with incidentNames, or byUser/ack|resolve
    /// with ByUser) or Reroute (POST /v1/incidents/reroute), batched. Writes one
    /// IncidentActionResult per accepted incident. An incident VictorOps refuses (cmdAccepted false)
    /// or does not report on is written as a non-terminating error whose target is its number, and
    /// no result object: results mean "done", errors mean "not done".
    /// </summary>
    public async Task InvokeActionAsync(IncidentAction action, IReadOnlyList<string> ids, IncidentActionOptions options, IOperationSink sink, CancellationToken cancellationToken)
    {
        options ??= new IncidentActionOptions();
        if (action == IncidentAction.Escalate)
        {
            throw new OnCallException(OnCallErrorKind.NotSupported, "NotSupported", "VictorOps has no escalate action; an incident is rerouted to the next target instead.", OnCallProvider.VictorOps, action);
        }

        if (options.ByUser)
        {
            if (action == IncidentAction.Reroute)
            {
                throw InvalidArgument("ByUserNotSupported", "VictorOps reroutes named incidents only; acting on every incident a user was paged for works with acknowledge and resolve.");
            }

            await ActByUserAsync(action, ids, options, sink, cancellationToken).ConfigureAwait(false);
            return;
        }

        var numbers = ValidIncidentNumbers(ids, sink);
        var targets = action == IncidentAction.Reroute ? ParseTargets(options.Targets) : Array.Empty<IncidentTarget>();
        if (action == IncidentAction.Reroute && targets.Count == 0)
        {
            throw InvalidArgument("TargetRequired", "Rerouting needs targets: 'User:alice' or 'EscalationPolicy:pol-...'.");
        }

        var user = RequireUser(options.User, action == IncidentAction.Reroute ? "reroutes" : action == IncidentAction.Acknowledge ? "acknowledges" : "resolves");
        if (numbers.Count == 0)
        {
            sink.WriteVerbose("No incidents to act on.");
            return;
        }

        var batches = (numbers.Count + IncidentBatchSize - 1) / IncidentBatchSize;
        for (var b = 0; b < batches; b++)
        {
            var batch = numbers.Skip(b * IncidentBatchSize).Take(IncidentBatchSize).ToList();
            if (batches > 1)
            {
                sink.WriteProgress(new OperationProgress(ActionProgressId, "VictorOps incident " + ActionName(action).ToLowerInvariant(), string.Format(CultureInfo.InvariantCulture, "batch {0} of {1} ({2} incidents)", b + 1, batches, batch.Count))
                {
                    PercentComplete = b * 100 / batches,
                });
            }

            try
            {
                if (action == IncidentAction.Reroute)
                {
                    await RerouteAsync(batch, targets, user, sink, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var request = new ApiRequest("PATCH", PublicApi + (action == IncidentAction.Acknowledge ? "/v1/incidents/ack" : "/v1/incidents/resolve"))
                    {
                        Body = AckBody(user, options.Message, batch),
                        WhatToCheck = CheckIncidents(batch, Done(action)),
                    };
                    var results = await SendAckAsync(request, user, sink, cancellationToken).ConfigureAwait(false);
                    WriteResults(action, user, batch, results, sink);
                }
            }
            catch (OnCallException failure) when (!cancellationToken.IsCancellationRequested)
            {
                // One error per incident of the batch, about that incident: $Error lists what was not done.
                foreach (var id in batch)
                {
                    sink.WriteError(IncidentActionFailure.Failed(failure, id, IncidentActionFailure.Doing(action)));
                }

                if (IncidentActionFailure.StopsTheRest(failure))
                {
                    foreach (var id in numbers.Skip((b + 1) * IncidentBatchSize))
                    {
                        sink.WriteError(IncidentActionFailure.NotSent(failure, id, IncidentActionFailure.Doing(action)));
                    }

                    break;
                }
            }
        }

        if (batches > 1)
        {
            sink.WriteProgress(new OperationProgress(ActionProgressId, "VictorOps incident " + ActionName(action).ToLowerInvariant(), "done") { Completed = true, PercentComplete = 100 });
        }
    }

    private async Task ActByUserAsync(IncidentAction action, IReadOnlyList<string> ids, IncidentActionOptions options, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (ids is { Count: > 0 })
        {
            sink.WriteWarning("Acting by user, VictorOps acts on every incident the user was paged for; the incident numbers given are ignored.");
        }

        var user = RequireUser(options.User, action == IncidentAction.Acknowledge ? "acknowledges" : "resolves");
        var body = new Dictionary<string, object?> { ["userName"] = user };
        if (!string.IsNullOrWhiteSpace(options.Message))
        {
            body["message"] = options.Message;
        }

        var request = new ApiRequest("PATCH", PublicApi + (action == IncidentAction.Acknowledge ? "/v1/incidents/byUser/ack" : "/v1/incidents/byUser/resolve"))
        {
            Body = body,
            WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check which of the incidents paged to {0} were {1}", user, Done(action)),
        };
        var results = await SendAckAsync(request, user, sink, cancellationToken).ConfigureAwait(false);
        WriteResults(action, user, null, results, sink);
    }

    private async Task<IReadOnlyList<(AckResolveResultDto Result, IDictionary<string, object?>? Raw)>> SendAckAsync(ApiRequest request, string user, IOperationSink sink, CancellationToken cancellationToken)
    {
        // The API's 404 here means the user is not a member of the organisation.
        using (var document = await SendAboutUserAsync(request, user, sink, cancellationToken).ConfigureAwait(false))
        {
            return document.Interpret(answer => VictorOpsJson.List(answer, "results")
                .Select(e => (VictorOpsJson.Bind<AckResolveResultDto>(e, "an incident result"), VictorOpsJson.Raw(e)))
                .ToList());
        }
    }

    private void WriteResults(IncidentAction action, string user, IReadOnlyList<string>? asked, IReadOnlyList<(AckResolveResultDto Result, IDictionary<string, object?>? Raw)> results, IOperationSink sink)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (result, raw) in results)
        {
            var id = (result.IncidentNumber ?? string.Empty).Trim();
            reported.Add(id);
            if (result.CmdAccepted)
            {
                sink.WriteObject(Stamp(new IncidentActionResult { Id = id, Action = ActionName(action), Accepted = true, Message = result.Message, User = user }, raw));
            }
            else
            {
                sink.WriteError(Refused(action, id, result.Message));
            }
        }

        foreach (var id in asked ?? Array.Empty<string>())
        {
            if (!reported.Contains(id))
            {
                sink.WriteError(NotConfirmed(id, action));
            }
        }
    }

    private async Task RerouteAsync(IReadOnlyList<string> batch, IReadOnlyList<IncidentTarget> targets, string user, IOperationSink sink, CancellationToken cancellationToken)
    {
        var targetBodies = targets.Select(t => new Dictionary<string, object?> { ["type"] = t.Type, ["slug"] = t.Slug }).ToList();
        var request = new ApiRequest("POST", PublicApi + "/v1/incidents/reroute")
        {
            Body = new Dictionary<string, object?>
            {
                ["userName"] = user,
                ["reroutes"] = batch.Select(n => new Dictionary<string, object?> { ["incidentNumber"] = n, ["targets"] = targetBodies }).ToList(),
            },
            WhatToCheck = CheckIncidents(batch, "rerouted"),
        };

        using var document = await SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        var statuses = document.Interpret(answer => VictorOpsJson.List(answer, "statuses")
            .Select(e => (Status: VictorOpsJson.Bind<RerouteStatusDto>(e, "a reroute status"), Element: e))
            .ToList());
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (status, element) in statuses)
        {
            var id = (status.IncidentNumber ?? string.Empty).Trim();
            reported.Add(id);
            var failedTargets = (status.TargetStatus ?? new List<RerouteTargetStatusDto>()).Where(t => !t.Success).ToList();
            var message = status.Message ?? string.Join("; ", failedTargets.Select(t => t.Slug + ": " + t.Message));
            if (status.Success)
            {
                sink.WriteObject(Stamp(new IncidentActionResult { Id = id, Action = "Reroute", Accepted = true, Message = message, User = user }, VictorOpsJson.Raw(element)));
            }
            else
            {
                sink.WriteError(Refused(IncidentAction.Reroute, id, message));
            }
        }

        foreach (var id in batch.Where(n => !reported.Contains(n)))
        {
            sink.WriteError(NotConfirmed(id, IncidentAction.Reroute));
        }
    }

    /// <summary>An incident the answer said nothing about: the request went through, so it may have been done.</summary>
    private static OnCallException NotConfirmed(string id, IncidentAction action)
    {
        var check = CheckIncidents(new[] { id }, Done(action));
        return new OnCallException(
            OnCallErrorKind.InvalidOperation,
            "ActionNotConfirmed",
            string.Format(CultureInfo.InvariantCulture, "VictorOps did not report on incident {0} after the {1}; it may have been applied: {2} before repeating it.", id, ActionName(action).ToLowerInvariant(), check),
            OnCallProvider.VictorOps,
            id)
        {
            MayHaveApplied = true,
            RecommendedAction = check + " before repeating it.",
        };
    }

    private static Dictionary<string, object?> AckBody(string user, string? message, IReadOnlyList<string> numbers)
    {
        var body = new Dictionary<string, object?> { ["userName"] = user, ["incidentNames"] = numbers };
        if (!string.IsNullOrWhiteSpace(message))
        {
            body["message"] = message;
        }

        return body;
    }

    private static OnCallException Refused(IncidentAction action, string id, string? message) =>
        new(
            OnCallErrorKind.InvalidOperation,
            "ActionRefused",
            string.Format(CultureInfo.InvariantCulture, "VictorOps refused to {0} incident {1}{2}", Verb(action), id, string.IsNullOrWhiteSpace(message) ? "." : ": " + message),
            OnCallProvider.VictorOps,
            id)
        {
            RecommendedAction = "The incident may already be resolved, or the user may not be allowed to act on it.",
        };

    private static string ActionName(IncidentAction action) => action switch
    {
        IncidentAction.Acknowledge => "Ack",
        IncidentAction.Resolve => "Resolve",
        IncidentAction.Reroute => "Reroute",
        _ => action.ToString(),
    };

    private static string Done(IncidentAction action) => action switch
    {
        IncidentAction.Acknowledge => "acknowledged",
        IncidentAction.Resolve => "resolved",
        IncidentAction.Reroute => "rerouted",
        _ => action.ToString().ToLowerInvariant(),
    };

    /// <summary>What to look at when an action on these incidents may have been applied: "check with Get-OnCallIncident -Id 4711 whether ...".</summary>
    internal static string CheckIncidents(IReadOnlyList<string> numbers, string done) => numbers.Count switch
    {
        1 => string.Format(CultureInfo.InvariantCulture, "check whether incident {0} was {1}", numbers[0], done),
        <= 10 => string.Format(CultureInfo.InvariantCulture, "check which of incidents {0} were {1}", string.Join(",", numbers), done),
        _ => string.Format(CultureInfo.InvariantCulture, "check which of the {0} incidents of this batch ({1} to {2}) were {3}", numbers.Count, numbers[0], numbers[numbers.Count - 1], done),
    };

    private static string Verb(IncidentAction action) => action switch
    {
        IncidentAction.Acknowledge => "acknowledge",
        IncidentAction.Resolve => "resolve",
        IncidentAction.Reroute => "reroute",
        _ => action.ToString().ToLowerInvariant(),
    };

    /// <summary>"Type:slug" targets; a bare pol-/team- slug is an escalation policy, anything else a user.</summary>
    internal static IReadOnlyList<IncidentTarget> ParseTargets(IReadOnlyList<string>? targets)
    {
        var result = new List<IncidentTarget>();
        foreach (var raw in targets ?? Array.Empty<string>())
        {
            var text = (raw ?? string.Empty).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var colon = text.IndexOf(':');
            string type;
            string slug;
            if (colon > 0)
            {
                type = NormaliseTargetType(text.Substring(0, colon).Trim(), text);
                slug = text.Substring(colon + 1).Trim();
            }
            else if (text.StartsWith("team-", StringComparison.OrdinalIgnoreCase))
            {
                throw InvalidArgument("InvalidTarget", string.Format(CultureInfo.InvariantCulture, "'{0}' is a team slug, and VictorOps pages a User or an EscalationPolicy only: give one of the team's escalation policies (EscalationPolicy:pol-...).", text), text);
            }
            else
            {
                type = text.StartsWith("pol-", StringComparison.OrdinalIgnoreCase) ? "EscalationPolicy" : "User";
                slug = text;
            }

            if (slug.Length == 0)
            {
                throw InvalidArgument("InvalidTarget", string.Format(CultureInfo.InvariantCulture, "Target '{0}' names no user or policy.", text), text);
            }

            result.Add(new IncidentTarget(type, slug));
        }

        return result;
    }

    // The documented target types (swagger IncidentTarget.type: User, EscalationPolicy). Team and RotationGroup,
    // which other sources mention (vendor-apis.md A.5), are in no spec: refused before anything is sent.
    private static string NormaliseTargetType(string type, string target) => type.ToUpperInvariant() switch
    {
        "USER" => "User",
        "ESCALATIONPOLICY" or "POLICY" => "EscalationPolicy",
        _ => throw InvalidArgument("InvalidTarget", string.Format(CultureInfo.InvariantCulture, "'{0}' is not a VictorOps target type in '{1}': the API pages a User or an EscalationPolicy only.", type, target), target),
    };
}
