using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Operations;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// One schedule of a vendor whose shifts the engine renders (Datadog from its layers, ZStack from its
/// rotation), as the vendor's client hands it to <see cref="RenderedSchedules"/>: its definition, who
/// the vendor itself says is on call now, and how its users are named.
/// </summary>
internal interface IRenderedSchedule
{
    /// <summary>The schedule's name, for progress, messages and as the target of its errors.</summary>
    string Name { get; }

    /// <summary>What each rendered shift carries as Raw (null for none).</summary>
    IDictionary<string, object?>? ShiftRaw { get; }

    /// <summary>
    /// The engine's definition, with the overrides the vendor lists over [start, end); null when nobody
    /// can be on call (the client has said why, verbosely).
    /// </summary>
    Task<ScheduleDefinition?> DefinitionAsync(DateTimeOffset start, DateTimeOffset end, IOperationSink sink, CancellationToken cancellationToken);

    /// <summary>Who the vendor says is on call now; null when it cannot say (the rendering then goes unchecked).</summary>
    Task<VendorOnCall?> OnCallNowAsync(DateTimeOffset now, IOperationSink sink, CancellationToken cancellationToken);

    /// <summary>Whether a user as a shift shows it is the one <paramref name="wanted"/> names (its id, e-mail...; wildcards allowed).</summary>
    bool Names(string shown, string wanted);
}

/// <summary>What a vendor says about "now": the people on call (none: nobody), and an override it knows to be running.</summary>
internal sealed class VendorOnCall
{
    public VendorOnCall(IReadOnlyList<string> users, ScheduleOverride? runningOverride = null)
    {
        Users = users ?? throw new ArgumentNullException(nameof(users));
        RunningOverride = runningOverride;
    }

    public IReadOnlyList<string> Users { get; }

    /// <summary>An override running now that the vendor cannot list otherwise (ZStack shows it only in its current shift).</summary>
    public ScheduleOverride? RunningOverride { get; }
}

/// <summary>
/// The one path from a vendor's schedule definitions to the shifts Get-OnCallSchedule writes, for the
/// vendors whose shifts the engine renders: for each schedule, its definition; when the window holds
/// "now", the vendor's own "who is on call now" (a running override it names goes on top; a different
/// person is a warning, as the rendering may be off); then the rendered shifts (one per turn, or joined
/// per person with merge), empty slots dropped, filtered by user. One bad schedule is an error about it, and the others are still written.
/// </summary>
internal static class RenderedSchedules
{
    private const int ProgressId = 0x5253;

    public static async Task WriteShiftsAsync(
        OnCallProvider vendor,
        IReadOnlyList<IRenderedSchedule> schedules,
        DateTimeOffset start,
        DateTimeOffset end,
        IReadOnlyList<string> users,
        DateTimeOffset now,
        int inFlight,
        IOperationSink sink,
        CancellationToken cancellationToken,
        bool merge = false)
    {
        var activity = string.Format(CultureInfo.InvariantCulture, "Rendering {0} schedules", vendor);
        var taken = 0;

        // One schedule's reads (its definition, then who the vendor says is on call now) do not depend on
        // another's: they run together, and each schedule is rendered and written in the order asked for
        // as soon as it and those before it are in.
        await FanOut.InOrderAsync(
            schedules,
            inFlight,
            (schedule, token) => ReadAsync(schedule, start, end, now, sink, token),
            (schedule, read) =>
            {
                sink.WriteProgress(new OperationProgress(ProgressId, activity, schedule.Name) { PercentComplete = taken++ * 100 / schedules.Count });
                if (!FanOut.Succeeded(read, sink, schedule.Name, out var answer) || answer.Definition is not { } definition)
                {
                    return;
                }

                if (answer.Now is { } vendorNow)
                {
                    definition = Reconcile(vendor, schedule.Name, definition, vendorNow, now, sink);
                }

                foreach (var shift in definition.Render(start, end, merge: merge))
                {
                    if (!ShiftRotation.IsEmptySlot(shift.User)
                        && (users.Count == 0 || users.Any(u => schedule.Names(shift.User, u) || (shift.UserId is { } id && schedule.Names(id, u)) || (shift.OriginalUser is { } original && schedule.Names(original, u)))))
                    {
                        shift.Raw = schedule.ShiftRaw;
                        sink.WriteObject(shift);
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);

        sink.WriteProgress(new OperationProgress(ProgressId, activity, "Done") { Completed = true });
    }

    /// <summary>A schedule's definition and, when the window holds now, what the vendor says about now.</summary>
    private static async Task<(ScheduleDefinition? Definition, VendorOnCall? Now)> ReadAsync(
        IRenderedSchedule schedule, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, IOperationSink sink, CancellationToken cancellationToken)
    {
        var definition = await schedule.DefinitionAsync(start, end, sink, cancellationToken).ConfigureAwait(false);
        var vendorNow = definition is not null && start <= now && now < end
            ? await schedule.OnCallNowAsync(now, sink, cancellationToken).ConfigureAwait(false)
            : null;
        return (definition, vendorNow);
    }

    /// <summary>
    /// The definition with the vendor's running override on top; else, when the vendor names someone
    /// else than the definition does, a warning.
    /// </summary>
    internal static ScheduleDefinition Reconcile(OnCallProvider vendor, string name, ScheduleDefinition definition, VendorOnCall vendorNow, DateTimeOffset now, IOperationSink sink)
    {
        if (vendorNow.RunningOverride is { } running)
        {
            return definition.WithOverrides(new[] { running });
        }

        var rendered = definition.WhoIsOnCall(now)?.User;
        if (ShiftRotation.IsEmptySlot(rendered))
        {
            rendered = null;
        }

        var said = vendorNow.Users;
        if (rendered is null ? said.Count > 0 : !said.Contains(rendered, StringComparer.OrdinalIgnoreCase))
        {
            sink.WriteWarning(string.Format(
                CultureInfo.InvariantCulture,
                "{0} says {1} on call for '{2}' now, but the schedule's definition gives {3}; the rendered shifts may be off.",
                vendor,
                said.Count == 0 ? "nobody is" : string.Join(", ", said) + (said.Count == 1 ? " is" : " are"),
                name,
                rendered ?? "nobody"));
        }

        return definition;
    }
}
