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
    public async Task GetRotationsAsync(IReadOnlyList<string> teams, IReadOnlyList<string> ids, IOperationSink sink, CancellationToken cancellationToken)
    {
        // Ids may name schedules or single layers: layers are found inside the schedules they belong to.
        var wanted = (ids ?? Array.Empty<string>()).Where(i => !string.IsNullOrWhiteSpace(i)).ToList();
        var refs = (await ResolveSchedulesAsync(Array.Empty<string>(), teams ?? Array.Empty<string>(), sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink);
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var scheduleRef in refs)
        {
            try
            {
                var schedule = await GetScheduleAsync(scheduleRef.Id, sink, cancellationToken).ConfigureAwait(false);
                foreach (var rotation in schedule.ToRotations(Connection))
                {
                    var match = wanted.FirstOrDefault(w => Wildcard.IsMatch(schedule.Id, w) || Wildcard.IsMatch(schedule.Name, w) || Wildcard.IsMatch(rotation.Id, w) || Wildcard.IsMatch(rotation.Name, w));
                    if (wanted.Count == 0 || match is not null)
                    {
                        if (match is not null)
                        {
                            found.Add(match);
                        }

                        sink.WriteObject(rotation);
                    }
                }
            }
            catch (OnCallException ex) when (ex.Kind != OnCallErrorKind.Authentication)
            {
                sink.WriteError(ex.WithTarget(scheduleRef.Name));
            }
        }

        foreach (var missing in wanted.Where(w => !found.Contains(w) && !Wildcard.HasWildcards(w)))
        {
            sink.WriteError(new OnCallException(OnCallErrorKind.NotFound, "RotationNotFound", string.Format(CultureInfo.InvariantCulture, "Datadog has no schedule or layer with the id or name '{0}'.", missing), Provider, missing));
        }
    }
}
