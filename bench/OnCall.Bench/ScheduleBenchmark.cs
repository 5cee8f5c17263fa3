using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using OnCall.Engine.Scheduling;

namespace OnCall.Bench;

/// <summary>
/// One year of a 4-layer schedule with restrictions and 200 overrides: the engine's Render against a plain
/// loop that asks "who is on call" hour by hour. Both must give the same answer at every hour.
/// </summary>
internal static class ScheduleBenchmark
{
    private const string Zone = "Europe/Berlin";
    private const double TargetSpeedup = 100;

    public static IReadOnlyList<Figure> Run(bool quick, TextWriter output)
    {
        var schedule = BuildSchedule();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));
        var end = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));
        var hours = (int)(end - start).TotalHours;

        IReadOnlyList<Shift> shifts = Array.Empty<Shift>();
        var answers = new string?[hours];
        Action render = () => shifts = schedule.Render(start, end);
        Action loop = () =>
        {
            for (var h = 0; h < hours; h++)
            {
                answers[h] = schedule.WhoIsOnCall(start.AddHours(h))?.User;
            }
        };

        // Tiered JIT promotes hot code only after it has run for a while; measure the steady state of both
        // paths, not their first calls.
        var warmup = TimeSpan.FromMilliseconds(quick ? 600 : 2000);
        var batches = quick ? 5 : 15;
        Warm(render, warmup);
        Warm(loop, warmup);
        var renderRuns = Calibrate(render, TimeSpan.FromMilliseconds(quick ? 40 : 100));
        var loopRuns = Calibrate(loop, TimeSpan.FromMilliseconds(quick ? 40 : 100));
        var (renderTime, renderMedian) = Time(render, renderRuns, batches);
        var (loopTime, loopMedian) = Time(loop, loopRuns, batches);

        var mismatches = Verify(shifts, start, answers, output);
        var speedup = loopTime.TotalMilliseconds / renderTime.TotalMilliseconds;
        var overrides = 0;
        foreach (var shift in shifts)
        {
            overrides += shift.IsOverride ? 1 : 0;
        }

        output.WriteLine("schedule: 1 year (2026, {0}), {1} layers with restrictions, {2} overrides", Zone, schedule.Layers.Count, schedule.Overrides.Count);
        output.WriteLine(Invariant("render      : {0,10:0.000} ms per year   {1:N0} shifts ({2:N0} override pieces)   {3:N0} shifts/s   (best of {4} x {5} runs; median {6:0.000} ms)", renderTime.TotalMilliseconds, shifts.Count, overrides, shifts.Count / renderTime.TotalSeconds, batches, renderRuns, renderMedian.TotalMilliseconds));
        output.WriteLine(Invariant("hourly loop : {0,10:0.000} ms per year   {1:N0} lookups                       {2:N0} lookups/s  (best of {3} x {4} runs; median {5:0.000} ms)", loopTime.TotalMilliseconds, hours, hours / loopTime.TotalSeconds, batches, loopRuns, loopMedian.TotalMilliseconds));
        var medianSpeedup = loopMedian.TotalMilliseconds / renderMedian.TotalMilliseconds;
        output.WriteLine(Invariant("speed-up    : {0:0.0}x best-to-best, {1:0.0}x median-to-median (target >= {2:0}x, median to median): {3}", speedup, medianSpeedup, TargetSpeedup, medianSpeedup >= TargetSpeedup ? "met" : "NOT met"));
        output.WriteLine(Invariant("machine     : {0} cores, load {1}", Environment.ProcessorCount, LoadAverage()));
        output.WriteLine(Invariant("equality    : {0:N0} hours compared, {1} mismatches: {2}", hours, mismatches, mismatches == 0 ? "same answer at every hour" : "DIFFERENT"));
        if (mismatches != 0)
        {
            throw new InvalidOperationException(Invariant("schedule: render and the hourly loop disagree at {0} hours", mismatches));
        }

        // The figure is the loop's time over render's (a speed-up), so a bigger one is better.
        return new[]
        {
            new Figure("schedule render, 1 year (speed-up over the hourly loop)", medianSpeedup, "x", null, Invariant("render {0:0.00} ms, loop {1:0} ms", renderMedian.TotalMilliseconds, loopMedian.TotalMilliseconds), ">= 100x", medianSpeedup >= TargetSpeedup),
        };
    }

    private static void Warm(Action action, TimeSpan duration)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < duration)
        {
            action();
        }

        // Give the background compiler a moment to install the optimised code.
        System.Threading.Thread.Sleep(250);
        action();
    }

    /// <summary>How many runs make a batch of about <paramref name="batch"/>, so short actions are timed in bulk.</summary>
    private static int Calibrate(Action action, TimeSpan batch)
    {
        var runs = 0;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < batch || runs < 3)
        {
            action();
            runs++;
        }

        return runs;
    }

    /// <summary>
    /// Best and median time per run over several batches. Interference from other processes only ever adds
    /// time, so the best batch is the steady-state cost; the median shows how noisy the machine was.
    /// </summary>
    private static (TimeSpan Best, TimeSpan Median) Time(Action action, int runsPerBatch, int batches)
    {
        var times = new List<long>(batches);
        for (var b = 0; b < batches; b++)
        {
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < runsPerBatch; i++)
            {
                action();
            }

            times.Add(stopwatch.Elapsed.Ticks / runsPerBatch);
        }

        times.Sort();
        return (TimeSpan.FromTicks(times[0]), TimeSpan.FromTicks(times[times.Count / 2]));
    }

    // Walks the rendered shifts alongside the hours: both are in time order.
    private static int Verify(IReadOnlyList<Shift> shifts, DateTimeOffset start, string?[] answers, TextWriter output)
    {
        var mismatches = 0;
        var index = 0;
        for (var h = 0; h < answers.Length; h++)
        {
            var at = start.AddHours(h);
            while (index < shifts.Count && shifts[index].End <= at)
            {
                index++;
            }

            var rendered = index < shifts.Count && shifts[index].Start <= at ? shifts[index].User : null;
            if (!string.Equals(rendered, answers[h], StringComparison.Ordinal))
            {
                if (mismatches++ < 5)
                {
                    output.WriteLine(Invariant("mismatch at {0:O}: render says {1}, loop says {2}", at, rendered ?? "(nobody)", answers[h] ?? "(nobody)"));
                }
            }
        }

        return mismatches;
    }

    private static ScheduleDefinition BuildSchedule()
    {
        var anchor = new DateTimeOffset(2025, 12, 29, 9, 0, 0, TimeSpan.FromHours(1));
        var everyDay = Enum.GetValues<DayOfWeek>();
        var layers = new[]
        {
            new ScheduleLayer("follow-the-sun base", new ShiftRotation(anchor, ShiftLength.Days(1), Names("base", 6), Zone)),
            new ScheduleLayer("business hours", new ShiftRotation(anchor, ShiftLength.Weeks(1), Names("day", 3), Zone), TimeRestriction.Weekdays(TimeSpan.FromHours(9), TimeSpan.FromHours(17))),
            new ScheduleLayer("india nights", new ShiftRotation(anchor, ShiftLength.FromDuration(TimeSpan.FromHours(36)), Names("night", 4), "Asia/Kolkata"), TimeRestriction.Daily(everyDay, new TimeSpan(22, 30, 0), new TimeSpan(6, 30, 0))),
            new ScheduleLayer(
                "weekend",
                new ShiftRotation(anchor, ShiftLength.Weeks(1), Names("weekend", 2), Zone),
                new[] { TimeRestriction.FromDatadog("friday", "18:00:00", "monday", "08:00:00") },
                effectiveDate: new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.FromHours(1))),
        };

        var random = new Random(2026);
        var overrides = new List<ScheduleOverride>();
        for (var i = 0; i < 200; i++)
        {
            var overrideStart = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(1)).AddMinutes(random.Next(0, 365 * 24 * 4) * 15);
            overrides.Add(new ScheduleOverride("cover" + random.Next(10).ToString(CultureInfo.InvariantCulture), overrideStart, overrideStart.AddMinutes(random.Next(4, 48 * 4) * 15)));
        }

        return new ScheduleDefinition(Zone, layers, overrides) { Team = "ops", Schedule = "bench" };
    }

    private static string[] Names(string prefix, int count)
    {
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = prefix + (i + 1).ToString(CultureInfo.InvariantCulture);
        }

        return names;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string Invariant(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
