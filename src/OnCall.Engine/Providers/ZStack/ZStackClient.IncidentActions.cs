using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;

namespace OnCall.Engine.Providers.ZStack;

internal sealed partial class ZStackClient
{
    public async Task InvokeActionAsync(IncidentAction action, IReadOnlyList<string> ids, IncidentActionOptions options, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (action is not (IncidentAction.Acknowledge or IncidentAction.Resolve))
        {
            throw new OnCallException(OnCallErrorKind.NotSupported, "NotSupported", string.Format(CultureInfo.InvariantCulture, "ZStack alert events can be acknowledged or resolved, not {0}d.", action.ToString().ToLowerInvariant()), Provider);
        }

        var user = string.IsNullOrWhiteSpace(options.User) ? _info.UserName : options.User;
        if (string.IsNullOrWhiteSpace(user))
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "UserRequired",
                "ZStack records who acknowledged or resolved an event, and neither the request nor the connection names anyone.",
                Provider);
        }

        var (verb, field, name) = action == IncidentAction.Acknowledge ? ("acknowledge", "acknowledgedBy", "Ack") : ("resolve", "resolvedBy", "Resolve");
        await IncidentActionFailure.EachAsync(action, ids, EventIdProblem, ActAsync, sink, cancellationToken).ConfigureAwait(false);

        async Task ActAsync(string id)
        {
            var body = new Dictionary<string, object?> { [field] = user, ["comment"] = options.Message ?? string.Empty };
            var request = new ApiRequest("POST", VendorProfile.Path(_client.Profile, Events + "/{0}/" + verb, id))
            {
                Body = body,
                WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check whether alert event {0} was {1}d", id, verb),
            };
            using var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
            sink.WriteObject(response.Interpret(answer => new IncidentActionResult
            {
                Provider = Provider,
                Connection = Connection,
                Id = id,
                Action = name,
                Accepted = true,
                User = user,
                Message = answer.RootElement.Str("state") is { } state ? "state: " + state : null,
                Raw = RawJson.ToDictionary(answer.RootElement),
            }));
        }
    }

    private OnCallException? EventIdProblem(string id) =>
        string.IsNullOrWhiteSpace(id) ? new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidEventId", "An alert event id is empty.", Provider, id) : null;
}
