using System;
using System.Collections.Generic;
using System.Linq;

namespace OnCall.Engine.Rotations;

/// <summary>
/// A VictorOps shift mask: day flags and daily time ranges (research-9 3.3, INFERRED from the import adapter).
/// A range whose end is at or before its start runs into the next day; no range means the whole day.
/// </summary>
internal sealed class VictorOpsMask
{
    /// <summary>VictorOps' day keys, indexed by <see cref="DayOfWeek"/>.</summary>
    public static readonly string[] DayKeys = { "su", "m", "t", "w", "th", "f", "sa" };

    public bool[] Days { get; } = new bool[7];

    public List<(TimeSpan Start, TimeSpan End)> Times { get; } = new();
}

/// <summary>Masks to weekly windows and back.</summary>
internal static class VictorOpsMasks
{
    private const int MaxMasks = 3;

    /// <summary>The windows the masks allow; empty when they allow the whole week (a 24/7 shift).</summary>
    public static IReadOnlyList<RotationRestriction> ToRestrictions(IEnumerable<VictorOpsMask> masks)
    {
        var result = new List<RotationRestriction>();
        var list = masks.ToList();
        if (list.Count == 0 || list.Any(m => m.Days.All(d => d) && (m.Times.Count == 0 || m.Times.Any(t => t.Start == t.End))))
        {
            return result;
        }

        foreach (var mask in list)
        {
            var times = mask.Times.Count == 0 ? new List<(TimeSpan, TimeSpan)> { (TimeSpan.Zero, TimeSpan.Zero) } : mask.Times;
            for (var day = 0; day < 7; day++)
            {
                if (!mask.Days[day])
                {
                    continue;
                }

                foreach (var (start, end) in times)
                {
                    var endDay = end <= start ? (day + 1) % 7 : day;
                    var restriction = new RotationRestriction((DayOfWeek)day, start, (DayOfWeek)endDay, end);
                    if (!result.Contains(restriction))
                    {
                        result.Add(restriction);
                    }
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The masks that allow exactly these windows, or null when they cannot: each window must be one day's
    /// time range (ending that day, or the next for a range past midnight), and there may be at most three
    /// distinct ranges (mask, mask2, mask3). No windows: no mask (24/7).
    /// </summary>
    public static IReadOnlyList<VictorOpsMask>? FromRestrictions(IEnumerable<RotationRestriction> restrictions)
    {
        var masks = new List<VictorOpsMask>();
        foreach (var r in restrictions)
        {
            var sameDay = r.EndTime > r.StartTime && r.EndDay == r.StartDay;
            var nextDay = r.EndTime <= r.StartTime && (int)r.EndDay == ((int)r.StartDay + 1) % 7;
            if (!sameDay && !nextDay)
            {
                return null;
            }

            var mask = masks.FirstOrDefault(m => m.Times[0].Start == r.StartTime && m.Times[0].End == r.EndTime);
            if (mask is null)
            {
                mask = new VictorOpsMask();
                mask.Times.Add((r.StartTime, r.EndTime));
                masks.Add(mask);
            }

            mask.Days[(int)r.StartDay] = true;
        }

        return masks.Count > MaxMasks ? null : masks;
    }
}
