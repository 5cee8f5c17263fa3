using System;
using System.Collections.Generic;
using System.Threading;

namespace OnCall.Emulator;

/// <summary>
/// The vendors' published rate limits. All off by default so that ordinary tests run at full speed; a test turns on
/// the one it exercises. Counters say how many throttling answers were sent, whatever their cause (limit or fault).
/// </summary>
public sealed class RateLimits
{
    private readonly Lock sync = new();
    private readonly TimeProvider clock;
    private readonly Dictionary<string, Queue<DateTimeOffset>> victorOpsWindows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Window, int Used)> datadogWindows = new(StringComparer.Ordinal);
    private DateTimeOffset? lastReportingCall;
    private int tooManyRequestsSent;
    private int throttleForbiddenSent;

    internal RateLimits(TimeProvider clock, TimeSpan reportingInterval)
    {
        this.clock = clock;
        ReportingInterval = reportingInterval;
    }

    /// <summary>VictorOps: more than <see cref="VictorOpsPerSecond"/> requests to one endpoint shape in the last second → 429, Retry-After: 1.</summary>
    public bool VictorOps { get; set; }

    public int VictorOpsPerSecond { get; set; } = 2;

    /// <summary>VictorOps reporting: one call to /api-reporting/v2/incidents per <see cref="ReportingInterval"/>.</summary>
    public bool VictorOpsReporting { get; set; }

    public TimeSpan ReportingInterval { get; set; }

    /// <summary>Datadog: X-RateLimit-* headers on every /api/v2 answer, 429 once a window's budget is spent.</summary>
    public bool Datadog { get; set; }

    public int DatadogLimit { get; set; } = 1000;

    /// <summary>Window length in seconds; windows are calendar-aligned as Datadog's are.</summary>
    public int DatadogPeriodSeconds { get; set; } = 60;

    public int TooManyRequestsSent => Volatile.Read(ref tooManyRequestsSent);

    public int ThrottleForbiddenSent => Volatile.Read(ref throttleForbiddenSent);

    /// <summary>Forgets windows and counters (the on/off switches stay).</summary>
    public void Reset()
    {
        lock (sync)
        {
            victorOpsWindows.Clear();
            datadogWindows.Clear();
            lastReportingCall = null;
        }

        Interlocked.Exchange(ref tooManyRequestsSent, 0);
        Interlocked.Exchange(ref throttleForbiddenSent, 0);
    }

    internal void CountTooManyRequests() => Interlocked.Increment(ref tooManyRequestsSent);

    internal void CountThrottleForbidden() => Interlocked.Increment(ref throttleForbiddenSent);

    /// <summary>Sliding one-second window per endpoint shape; a rejected call does not take a slot.</summary>
    internal bool TryVictorOps(string endpointKey)
    {
        var now = clock.GetUtcNow();
        lock (sync)
        {
            if (!victorOpsWindows.TryGetValue(endpointKey, out var window))
            {
                window = new Queue<DateTimeOffset>();
                victorOpsWindows[endpointKey] = window;
            }

            while (window.Count > 0 && now - window.Peek() >= TimeSpan.FromSeconds(1))
            {
                window.Dequeue();
            }

            if (window.Count >= VictorOpsPerSecond)
            {
                return false;
            }

            window.Enqueue(now);
            return true;
        }
    }

    /// <summary>Null when the reporting call may go ahead, else the seconds to wait.</summary>
    internal int? TryReporting()
    {
        var now = clock.GetUtcNow();
        lock (sync)
        {
            if (lastReportingCall is { } last && now - last < ReportingInterval)
            {
                var wait = ReportingInterval - (now - last);
                return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            }

            lastReportingCall = now;
            return null;
        }
    }

    internal (bool Allowed, int Limit, int Period, int Remaining, int Reset) TryDatadog(string name)
    {
        var period = Math.Max(1, DatadogPeriodSeconds);
        var nowSeconds = clock.GetUtcNow().ToUnixTimeSeconds();
        var window = nowSeconds / period;
        var reset = (int)(period - (nowSeconds % period));
        lock (sync)
        {
            datadogWindows.TryGetValue(name, out var state);
            if (state.Window != window)
            {
                state = (window, 0);
            }

            if (state.Used >= DatadogLimit)
            {
                datadogWindows[name] = state;
                return (false, DatadogLimit, period, 0, reset);
            }

            state.Used++;
            datadogWindows[name] = state;
            return (true, DatadogLimit, period, DatadogLimit - state.Used, reset);
        }
    }
}
