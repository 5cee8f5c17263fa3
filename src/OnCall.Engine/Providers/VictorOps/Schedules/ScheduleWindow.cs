using System;
using System.Collections.Generic;
using System.Globalization;

namespace OnCall.Engine.Providers.VictorOps.Schedules;

/// <summary>One schedule call: days to skip from today and days to read forward.</summary>
internal sealed record ScheduleChunk(int Index, int DaysSkip, int DaysForward);

/// <summary>
/// Splits the part of a window from today on into the schedule calls VictorOps allows: daysSkip at most 90 and
/// daysForward at most 30, both counted from today, so nothing after today + 120 days is reachable. What lies
/// before today is the on-call log's (<see cref="VictorOpsClient"/>), not this API's.
/// </summary>
internal static class ScheduleWindow
{
    public const int MaxDaysSkip = 90;
    public const int MaxDaysForward = 30;
    public const int ReachDays = MaxDaysSkip + MaxDaysForward;

    /// <summary>
    /// The day daysSkip counts from. The API documents no zone for "today" (swagger: "Days to skip before computing
    /// schedule to return"); the module assumes 00:00 UTC of the client's clock, and so does the emulator.
    /// </summary>
    public static DateTimeOffset Today(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    /// <summary>
    /// The calls that cover the part of [start, end) from today on; none when it all lies before today. Throws
    /// InvalidWindow or WindowOutOfReach before anything is sent.
    /// </summary>
    public static IReadOnlyList<ScheduleChunk> Plan(DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        if (end <= start)
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "InvalidWindow",
                string.Format(CultureInfo.InvariantCulture, "The window ends ({0:u}) before it starts ({1:u}).", end.ToUniversalTime(), start.ToUniversalTime()),
                OnCallProvider.VictorOps);
        }

        var today = Today(now);
        var latest = today.AddDays(ReachDays);
        if (end > latest)
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "WindowOutOfReach",
                string.Format(
                    CultureInfo.InvariantCulture,
                    "The window {0:u} - {1:u} is out of reach: the VictorOps schedule API reaches from today ({2:yyyy-MM-dd} UTC) to {3:yyyy-MM-dd} UTC (daysSkip at most {4} plus daysForward at most {5} days); the past comes from the on-call log.",
                    start.ToUniversalTime(),
                    end.ToUniversalTime(),
                    today,
                    latest,
                    MaxDaysSkip,
                    MaxDaysForward),
                OnCallProvider.VictorOps,
                end)
            {
                RecommendedAction = "Ask for a window that ends by " + latest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " (UTC).",
            };
        }

        if (end <= today)
        {
            return Array.Empty<ScheduleChunk>();
        }

        var firstDay = Math.Max(0, (int)Math.Floor((start - today).TotalDays));
        var lastDay = Math.Min(ReachDays, (int)Math.Ceiling((end - today).TotalDays));
        if (lastDay <= firstDay)
        {
            lastDay = firstDay + 1;
        }

        var chunks = new List<ScheduleChunk>();
        var covered = firstDay;
        while (covered < lastDay)
        {
            // daysSkip may not pass 90: the last call starts earlier and reads to the end instead.
            var skip = Math.Min(covered, MaxDaysSkip);
            var forward = Math.Min(MaxDaysForward, lastDay - skip);
            chunks.Add(new ScheduleChunk(chunks.Count, skip, forward));
            covered = skip + forward;
        }

        return chunks;
    }
}
