using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;
using OnCall.Engine.Text;

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

        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            cancellationToken.ThrowIfCancellationRequested();
            if (IncidentIdProblem(id) is { } problem)
            {
                sink.WriteError(problem);
                continue;
            }

            var pageId = id!.Trim();
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
                sink.WriteError(new OnCallException(OnCallErrorKind.NotFound, "PageNotFound", string.Format(CultureInfo.InvariantCulture, "Datadog has no page '{0}' to {1}.", pageId, verb), Provider, pageId) { StatusCode = ex.StatusCode, Request = ex.Request });
            }
            catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
            {
                sink.WriteError(ex.WithTarget(pageId));
            }
            catch (OnCallException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Refused keys refuse every page: say so about each one, without sending the rest.
                sink.WriteError(IncidentActionFailure.Failed(ex, pageId, IncidentActionFailure.Doing(action)));
                foreach (var rest in ids.Skip(i + 1))
                {
                    sink.WriteError(IncidentActionFailure.NotSent(ex, rest, IncidentActionFailure.Doing(action)));
                }

                return;
            }
        }
    }

    /// <inheritdoc />
    public OnCallException? IncidentIdProblem(string id) =>
        IsUuid(id?.Trim())
            ? null
            : new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidPageId", string.Format(CultureInfo.InvariantCulture, "'{0}' is not a Datadog page id: page ids are UUIDs such as 15e74b8b-f865-48d0-bcc5-453323ed2c8f.", id), Provider, id);
}
