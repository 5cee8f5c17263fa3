using System;
using System.Globalization;

namespace OnCall.Engine.Providers.ZStack;

/// <summary>
/// Go's time.Duration text ("168h", "24h", "90m", "1h30m", "1.5h", "300ms"): ZStack's shiftDuration is one.
/// Written by hand because .NET has no parser for it and a regex would accept partial matches.
/// </summary>
internal static class GoDuration
{
    /// <summary>The duration, or null when the text is not a Go duration.</summary>
    public static TimeSpan? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text!.Trim();
        var i = 0;
        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            i++;
        }

        // Go accepts a bare "0" with no unit.
        if (s.Substring(i) == "0")
        {
            return TimeSpan.Zero;
        }

        var ticks = 0m;
        var any = false;
        while (i < s.Length)
        {
            var numberStart = i;
            while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == numberStart || !decimal.TryParse(s.Substring(numberStart, i - numberStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            var unitStart = i;
            while (i < s.Length && !char.IsDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            decimal? perUnit = s.Substring(unitStart, i - unitStart) switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "\u00b5s" or "\u03bcs" => 10m,
                "ns" => 0.01m,
                _ => null,
            };
            if (perUnit is null)
            {
                return null;
            }

            ticks += value * perUnit.Value;
            any = true;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return null;
            }
        }

        if (!any)
        {
            return null;
        }

        var result = TimeSpan.FromTicks((long)decimal.Round(ticks));
        return negative ? result.Negate() : result;
    }

    /// <summary>The duration, or an InvalidData error naming the schedule.</summary>
    public static TimeSpan Parse(string? text, string what)
    {
        return TryParse(text) ?? throw new OnCallException(
            OnCallErrorKind.InvalidData,
            "InvalidShiftDuration",
            string.Format(CultureInfo.InvariantCulture, "ZStack gave {0} the shift duration '{1}', which is not a Go duration such as '168h' or '1h30m'.", what, text),
            OnCallProvider.ZStack,
            what);
    }
}
