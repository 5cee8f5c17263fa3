using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Providers;

/// <summary>
/// A failed request that carried incidents, reported as one error per incident with that incident
/// as the target, so a runbook's $Error lists exactly what was not done (not the API path).
/// </summary>
internal static class IncidentActionFailure
{
    /// <summary>
    /// Acts on incidents one request each (Datadog pages, ZStack events): an id with a
    /// <paramref name="problem"/> is an error about it and is not sent; a failure is an error about its
    /// incident and the next one goes on; refused keys refuse every one, so that one fails and the rest are
    /// reported as not attempted, and nothing more is sent.
    /// </summary>
    public static async Task EachAsync(IncidentAction action, IReadOnlyList<string> ids, Func<string, OnCallException?> problem, Func<string, Task> act, IOperationSink sink, CancellationToken cancellationToken)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (problem(ids[i]) is { } refused)
            {
                sink.WriteError(refused);
                continue;
            }

            var id = ids[i].Trim();
            try
            {
                await act(id).ConfigureAwait(false);
            }
            catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
            {
                sink.WriteError(ex.WithTarget(id));
            }
            catch (OnCallException ex) when (!cancellationToken.IsCancellationRequested)
            {
                sink.WriteError(Failed(ex, id, Doing(action)));
                foreach (var rest in ids.Skip(i + 1))
                {
                    sink.WriteError(NotSent(ex, rest, Doing(action)));
                }

                return;
            }
        }
    }

    /// <summary>The failure of the request that carried <paramref name="id"/>, about that incident.</summary>
    public static OnCallException Failed(OnCallException cause, string id, string action) =>
        new(cause.Kind, cause.Reason, string.Format(CultureInfo.InvariantCulture, "{0} incident {1} failed: {2}", action, id, cause.Message), cause.Provider, id, cause)
        {
            StatusCode = cause.StatusCode,
            Request = cause.Request,
            RecommendedAction = cause.RecommendedAction,
            MayHaveApplied = cause.MayHaveApplied,
        };

    /// <summary>An incident whose request was never sent, because an earlier one failed in a way it would too.</summary>
    public static OnCallException NotSent(OnCallException cause, string id, string action) =>
        new(cause.Kind, cause.Reason, string.Format(CultureInfo.InvariantCulture, "{0} incident {1} was not attempted: an earlier request failed and this one would too ({2})", action, id, cause.Message), cause.Provider, id, cause)
        {
            StatusCode = cause.StatusCode,
            Request = cause.Request,
            RecommendedAction = cause.RecommendedAction,
        };

    /// <summary>The action as the start of a sentence: "Acknowledging".</summary>
    public static string Doing(IncidentAction action) => action switch
    {
        IncidentAction.Acknowledge => "Acknowledging",
        IncidentAction.Resolve => "Resolving",
        IncidentAction.Escalate => "Escalating",
        IncidentAction.Reroute => "Rerouting",
        _ => action.ToString(),
    };

    /// <summary>
    /// Whether the next request would fail the same way: refused keys or permissions, an unknown user,
    /// a request the vendor called bad. A server error, a timeout or throttling may pass on the next one.
    /// </summary>
    public static bool StopsTheRest(OnCallException cause) =>
        cause.Kind is not (OnCallErrorKind.ServerError or OnCallErrorKind.Timeout or OnCallErrorKind.Connection or OnCallErrorKind.Throttled or OnCallErrorKind.InvalidData);
}
