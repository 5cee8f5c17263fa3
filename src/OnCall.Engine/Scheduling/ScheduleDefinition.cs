using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NodaTime;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// A whole schedule: rotation layers stacked bottom to top (a higher layer wins wherever it has someone),
/// then overrides on top of everything. Renders the exact shifts of any window.
/// </summary>
/// <remarks>
/// Output rule: one <see cref="Shift"/> per turn of a rotation (hand-off to hand-off, even when the same
/// person takes the next turn) and one per override, as Datadog's own "who is on call" answer draws them
/// (recorded: its shift ends at the next hand-off). A turn cut by a restriction, a higher layer or an
/// override is one shift per visible piece. With <c>merge</c>, adjacent pieces of the same person with the
/// same override flag are joined instead, whatever layer or hand-off they come from; when joined pieces
/// came from different layers, or an override replaced several people, <see cref="Shift.Rotation"/> and
/// <see cref="Shift.OriginalUser"/> list the distinct names in time order, joined by ", ".
/// Shifts are clipped to the window; nobody on call means no shift (a gap), never an empty user.
/// </remarks>
internal sealed class ScheduleDefinition
{
    private readonly ScheduleLayer[] layers;
    private readonly ScheduleOverride[] overrides;
    private readonly DateTimeZone zone;
    private readonly OverrideTimeline overrideTimeline;

    /// <param name="timeZone">The IANA zone the rendered shifts are expressed in.</param>
    /// <param name="layers">Bottom layer first; the last layer has the highest priority.</param>
    /// <param name="overrides">Where overrides overlap each other, the later one in this list wins.</param>
    public ScheduleDefinition(string timeZone, IEnumerable<ScheduleLayer> layers, IEnumerable<ScheduleOverride>? overrides = null)
    {
        zone = ScheduleTimeZones.Resolve(timeZone);
        TimeZone = zone.Id;
        this.layers = (layers ?? Enumerable.Empty<ScheduleLayer>()).ToArray();
        if (this.layers.Length == 0 || this.layers.Any(layer => layer is null))
        {
            throw ScheduleErrors.Invalid(ScheduleErrors.InvalidLayer, "A schedule needs at least one layer, and no layer may be empty.");
        }

        this.overrides = (overrides ?? Enumerable.Empty<ScheduleOverride>()).ToArray();
        if (this.overrides.Any(o => o is null))
        {
            throw ScheduleErrors.Invalid(ScheduleErrors.InvalidOverride, "The list of overrides holds an empty entry.");
        }

        overrideTimeline = new OverrideTimeline(this.overrides);
    }

    /// <summary>A schedule of one rotation in its own time zone.</summary>
    public static ScheduleDefinition FromRotation(ShiftRotation rotation, IEnumerable<ScheduleOverride>? overrides = null)
    {
        if (rotation is null)
        {
            throw ScheduleErrors.Invalid(ScheduleErrors.InvalidLayer, "A schedule needs a rotation.");
        }

        return new ScheduleDefinition(rotation.TimeZone, new[] { new ScheduleLayer(rotation.Name ?? string.Empty, rotation) }, overrides);
    }

    public string TimeZone { get; }

    /// <summary>Bottom first.</summary>
    public IReadOnlyList<ScheduleLayer> Layers => layers;

    public IReadOnlyList<ScheduleOverride> Overrides => overrides;

    // Copied onto every rendered shift so the objects bind down the pipeline like the vendors' own answers.
    public OnCallProvider Provider { get; set; }

    public string Connection { get; set; } = string.Empty;

    public string? Team { get; set; }

    public string? Schedule { get; set; }

    public string? ScheduleId { get; set; }

    /// <summary>
    /// When set, the members and override users are the vendor's stable user ids, and this maps each to
    /// the name a shift shows: shifts then carry the id as <see cref="Shift.UserId"/>, and two people
    /// with one display name stay apart (they are never joined into one shift).
    /// </summary>
    public IReadOnlyDictionary<string, string>? UserNames { get; set; }

    /// <summary>
    /// The shifts in [start, end), clipped to the window, in time order; with <paramref name="merge"/>
    /// adjacent shifts of one person (turns, layers, overrides) are joined into one.
    /// </summary>
    public IReadOnlyList<Shift> Render(DateTimeOffset start, DateTimeOffset end, bool allowLongWindow = false, bool merge = false)
    {
        RenderWindow.Validate(start, end, allowLongWindow);
        var sink = new ShiftSink(this);
        Sweep(Instant.FromDateTimeOffset(start), Instant.FromDateTimeOffset(end), sink, merge);
        return sink.ToArray();
    }

    /// <summary>
    /// The shifts that meet [start, end), not clipped: the first and last keep their real bounds as long as
    /// those lie within <paramref name="lookaround"/> (31 days by default) of the window. Meant for
    /// calendar export, where a shift's UID depends on its start: exporting "the next 30 days" every week
    /// then updates the same events instead of adding a clipped copy each time.
    /// </summary>
    public IReadOnlyList<Shift> RenderWholeShifts(DateTimeOffset start, DateTimeOffset end, TimeSpan? lookaround = null, bool allowLongWindow = false, bool merge = false)
    {
        RenderWindow.Validate(start, end, allowLongWindow);
        var margin = lookaround ?? TimeSpan.FromDays(31);
        if (margin < TimeSpan.Zero)
        {
            throw ScheduleErrors.Invalid(ScheduleErrors.InvalidOption, "The look-around span must not be negative.");
        }

        var all = Render(start - margin, end + margin, allowLongWindow: true, merge: merge);
        var result = new List<Shift>();
        foreach (var shift in all)
        {
            if (shift.End > start && shift.Start < end)
            {
                result.Add(shift);
            }
        }

        return result;
    }

    /// <summary>
    /// Who is on call at one instant, evaluated directly from the definition (overrides, then layers top
    /// down) without rendering; null when nobody is. The answer always agrees with <see cref="Render"/>.
    /// Start and End of the returned shift are both <paramref name="at"/>: render a window around it for
    /// the shift's bounds.
    /// </summary>
    public Shift? WhoIsOnCall(DateTimeOffset at)
    {
        var instant = Instant.FromDateTimeOffset(at);
        string? scheduled = null;
        string? layerName = null;
        for (var i = layers.Length - 1; i >= 0 && scheduled is null; i--)
        {
            scheduled = layers[i].MemberAt(instant);
            layerName = string.IsNullOrEmpty(layers[i].Name) ? null : layers[i].Name;
        }

        for (var i = overrides.Length - 1; i >= 0; i--)
        {
            var o = overrides[i];
            if (o.Start <= at && at < o.End)
            {
                return NewShift(o.User, instant, instant, null, isOverride: true, originalUser: scheduled);
            }
        }

        return scheduled is null ? null : NewShift(scheduled, instant, instant, layerName, isOverride: false, originalUser: null);
    }

    /// <summary>
    /// The end of the shift running at <paramref name="at"/>: the next hand-off of the turn running then
    /// (or the end of the override, or where a restriction or a higher layer cuts the turn), as the vendor
    /// ends it, even when the same person takes the next turn. Null when nobody (or an empty slot) is on
    /// call at that instant. Looks at most <paramref name="horizon"/> ahead; a shift longer
    /// than that ends there. This is what "take on-call now" takes over until.
    /// </summary>
    public DateTimeOffset? CurrentShiftEnd(DateTimeOffset at, TimeSpan horizon)
    {
        foreach (var shift in Render(at, at + horizon, allowLongWindow: true))
        {
            return shift.Start <= at && !ShiftRotation.IsEmptySlot(shift.User) ? shift.End : null;
        }

        return null;
    }

    /// <summary>The same schedule with more overrides on top (they win over the ones it has where they overlap).</summary>
    public ScheduleDefinition WithOverrides(IEnumerable<ScheduleOverride> more) =>
        new(TimeZone, layers, overrides.Concat(more ?? Enumerable.Empty<ScheduleOverride>()))
        {
            Provider = Provider,
            Connection = Connection,
            Team = Team,
            Schedule = Schedule,
            ScheduleId = ScheduleId,
            UserNames = UserNames,
        };

    /// <summary>The final pieces of [from, to), in time order (one per turn, or joined with <paramref name="merge"/>).</summary>
    internal List<Segment> RenderSegments(Instant from, Instant to, bool merge = false)
    {
        var sink = new SegmentList();
        Sweep(from, to, sink, merge);
        return sink.Segments;
    }

    private void Sweep(Instant from, Instant to, ISegmentSink sink, bool merge)
    {
        if (from >= to)
        {
            return;
        }

        // A render's working arrays are this thread's, kept for its next render: a year of pieces is tens of
        // kilobytes that would otherwise be garbage after every render. Taken out while in use, so a render
        // that fails (or one nested in another) never shares them.
        var layerPieces = scratchPieces is { } kept && kept.Length == layers.Length ? kept : new LayerPieces[layers.Length];
        scratchPieces = null;
        for (var i = 0; i < layers.Length; i++)
        {
            layerPieces[i] = layers[i].Segments(from, to, layerPieces[i]);
        }

        ScheduleSweep.Run(layerPieces, overrideTimeline.Cut(from, to), sink, merge);
        foreach (var pieces in layerPieces)
        {
            if (pieces.Starts.Length > LayerPieces.KeptCapacity)
            {
                return;
            }
        }

        scratchPieces = layerPieces;
    }

    [ThreadStatic]
    private static LayerPieces[]? scratchPieces;

    private sealed class SegmentList : ISegmentSink
    {
        public List<Segment> Segments { get; } = new();

        public void Add(in Segment segment) => Segments.Add(segment);
    }

    /// <summary>Turns pieces into shifts as the sweep produces them, in the schedule's zone.</summary>
    private sealed class ShiftSink : ISegmentSink
    {
        // The shifts are gathered in this thread's buffer and copied out at the exact count: the buffer's
        // doublings happen once per thread, not once per render.
        [ThreadStatic]
        private static List<Shift>? scratch;

        private readonly ScheduleDefinition schedule;
        private readonly ZoneCursor cursor;
        private readonly List<Shift> shifts;

        public ShiftSink(ScheduleDefinition schedule)
        {
            this.schedule = schedule;
            cursor = new ZoneCursor(schedule.zone);
            shifts = scratch ?? new List<Shift>();
            scratch = null;
        }

        public void Add(in Segment segment) =>
            shifts.Add(schedule.NewShift(segment.User, cursor.ToDateTimeOffset(segment.StartTicks), cursor.ToDateTimeOffset(segment.EndTicks), segment.Layer, segment.IsOverride, segment.OriginalUser));

        public Shift[] ToArray()
        {
            var result = shifts.Count == 0 ? Array.Empty<Shift>() : shifts.ToArray();
            shifts.Clear();
            if (shifts.Capacity <= LayerPieces.KeptCapacity)
            {
                scratch = shifts;
            }

            return result;
        }
    }

    private Shift NewShift(string user, Instant start, Instant end, string? layer, bool isOverride, string? originalUser) =>
        NewShift(user, start.InZone(zone).ToDateTimeOffset(), end.InZone(zone).ToDateTimeOffset(), layer, isOverride, originalUser);

    private Shift NewShift(string user, DateTimeOffset start, DateTimeOffset end, string? layer, bool isOverride, string? originalUser) => new()
    {
        Provider = Provider,
        Connection = Connection,
        Team = Team,
        Schedule = Schedule,
        ScheduleId = ScheduleId,
        Rotation = layer,
        User = ShownName(user),
        UserId = UserNames is null || ShiftRotation.IsEmptySlot(user) ? null : user,
        Start = start,
        End = end,
        TimeZone = TimeZone,
        IsOverride = isOverride,
        OriginalUser = originalUser is null || UserNames is null ? originalUser : string.Join(", ", originalUser.Split(NameListSeparator, StringSplitOptions.None).Select(ShownName)),
    };

    // Joined lists of several replaced people use this separator (ScheduleSweep); user ids never hold it.
    private static readonly string[] NameListSeparator = { ", " };

    private string ShownName(string user) => UserNames is not null && UserNames.TryGetValue(user, out var name) && !string.IsNullOrEmpty(name) ? name : user;

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} ({1} layer(s), {2} override(s), {3})", Schedule ?? "schedule", layers.Length, overrides.Length, TimeZone);
}
