using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;

namespace OnCall.Engine.Providers.Datadog;

internal sealed partial class DatadogClient
{
    public async Task InvokeActionAsync(IncidentAction action, IReadOnlyList<string> ids, IncidentActionOptions options, IOperationSink sink, CancellationToken cancellationToken)
    {
        var (verb, name) = action switch
        {
            IncidentAction.Acknowledge => ("acknowledge", "Ack"),
            IncidentAction.Resolve => ("resolve", "Resolve"),
            IncidentAction.Escalate => ("escalate", "Escalate"),
            _ => throw new OnCallException(OnCallErrorKind.NotSupported, "NotSupported", "Datadog pages cannot be rerouted; escalate them, or page the other target.", Provider),
        };

        await IncidentActionFailure.EachAsync(action, ids, IncidentIdProblem, ActAsync, sink, cancellationToken).ConfigureAwait(false);

        async Task ActAsync(string pageId)
        {
            try
            {
                var post = new ApiRequest("POST", Path("/api/v2/on-call/pages/{0}/" + verb, pageId))
                {
                    BaseUriOverride = _info.PagingUri,
                    WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check page {0} in Datadog On-Call whether it was {1}ed (its API cannot read a page back)", pageId, verb.TrimEnd('e')),
                };
                using var response = await _client.SendAsync(post, sink, cancellationToken).ConfigureAwait(false);
                sink.WriteObject(new IncidentActionResult
                {
                    Provider = Provider,
                    Connection = Connection,
                    Id = pageId,
                    Action = name,
                    Accepted = true,
                    User = options.User,
                    Message = response.StatusCode == 202 ? "accepted" : null,
                    Raw = string.IsNullOrWhiteSpace(response.Content) ? null : response.ReadPlain() as IDictionary<string, object?>,
                });
            }
            catch (OnCallException ex) when (ex.Kind == OnCallErrorKind.NotFound)
            {
                throw new OnCallException(OnCallErrorKind.NotFound, "PageNotFound", string.Format(CultureInfo.InvariantCulture, "Datadog has no page '{0}' to {1}.", pageId, verb), Provider, pageId) { StatusCode = ex.StatusCode, Request = ex.Request };
            }
        }
    }

    /// <inheritdoc />
    public OnCallException? IncidentIdProblem(string id) =>
        IsUuid(id?.Trim())
            ? null
            : new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidPageId", string.Format(CultureInfo.InvariantCulture, "'{0}' is not a Datadog page id: page ids are UUIDs such as 15e74b8b-f865-48d0-bcc5-453323ed2c8f.", id), Provider, id);
}
