using System;
using System.Globalization;

namespace OnCall.Engine.Http;

/// <summary>
/// Waits a server asks for (Retry-After, X-RateLimit-Reset), read defensively: a header is the
/// server's word, not ours, and "NaN", "Infinity", "-5" or "1e300" must neither crash the pipeline
/// nor park a runbook. Anything unreadable is null (the pipeline's own backoff applies instead).
/// </summary>
internal static class ServerDelay
{
    /// <summary>Longer than any runbook waits; keeps every TimeSpan sum in range.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(36500);

    // A "seconds until reset" this large is an epoch time: 1e9 s is 2001-09-09 as an epoch, 31 years as a wait.
    private const double EpochSeconds = 1e9;
    private const double EpochMilliseconds = 1e12;

    /// <summary>Retry-After: delta seconds, or an HTTP date.</summary>
    public static TimeSpan? FromRetryAfter(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (TryNumber(text!, out var seconds))
        {
            return FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParse(text!.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
        {
            return Until(when, now);
        }

        return null;
    }

    /// <summary>
    /// X-RateLimit-Reset: seconds until the window resets (Datadog), or, from some gateways, the
    /// epoch time of the reset in seconds or milliseconds.
    /// </summary>
    public static TimeSpan? FromReset(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text) || !TryNumber(text!, out var value) || value < 0)
        {
            return null;
        }

        if (value >= EpochMilliseconds)
        {
            return FromEpoch(value / 1000d, now);
        }

        return value >= EpochSeconds ? FromEpoch(value, now) : FromSeconds(value);
    }

    /// <summary>A count of seconds as a delay; null when it is not a finite, non-negative number.</summary>
    public static TimeSpan? FromSeconds(double seconds)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds < 0)
        {
            return null;
        }

        return seconds >= Longest.TotalSeconds ? Longest : TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
    }

    /// <summary>"86400 s", or "more than 100 years" for the absurd ones.</summary>
    public static string Describe(TimeSpan delay) =>
        delay >= Longest
            ? "more than 100 years"
            : string.Format(CultureInfo.InvariantCulture, "{0:0} s", Math.Ceiling(delay.TotalSeconds));

    private static TimeSpan? FromEpoch(double epochSeconds, DateTimeOffset now)
    {
        var wait = epochSeconds - now.ToUnixTimeSeconds();
        return wait <= 0 ? TimeSpan.Zero : FromSeconds(wait);
    }

    private static TimeSpan Until(DateTimeOffset when, DateTimeOffset now)
    {
        var wait = when - now;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait >= Longest ? Longest : wait;
    }

    // Finite numbers only: "NaN" and "Infinity" parse as doubles, and are no delay.
    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value) && !double.IsInfinity(value);
}
