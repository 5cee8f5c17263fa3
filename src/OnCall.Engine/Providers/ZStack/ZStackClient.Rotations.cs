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

namespace OnCall.Engine.Providers.ZStack;

internal sealed partial class ZStackClient
{
    public async Task GetRotationsAsync(IReadOnlyList<string> teams, IReadOnlyList<string> ids, IOperationSink sink, CancellationToken cancellationToken)
    {
        // ZStack has no teams: a schedule is the unit, so team names select schedules too.
        var names = (teams ?? Array.Empty<string>()).Concat(ids ?? Array.Empty<string>()).ToList();
        foreach (var schedule in (await ResolveSchedulesAsync(names, sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink))
        {
            sink.WriteObject(schedule.ToRotation(Connection));
        }
    }
}
