using System;
using System.Globalization;
using System.Text;

namespace OnCall.Engine.Providers.ZStack;

/// <summary>
/// Writes a duration as Go's time.Duration text in the short form the issue asks for: hours, minutes and
/// seconds with the zero parts left out ("168h", "36h30m", "1h0m5s" becomes "1h5s"), which
/// <see cref="GoDuration.TryParse"/> reads back to the same value.
/// </summary>
public static class GoDurationFormat
{
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        var ticks = duration.Ticks;
        if (ticks < 0)
        {
            text.Append('-');
            ticks = ticks == long.MinValue ? long.MaxValue : -ticks;
        }

        var hours = ticks / TimeSpan.TicksPerHour;
        var minutes = ticks % TimeSpan.TicksPerHour / TimeSpan.TicksPerMinute;
        var rest = ticks % TimeSpan.TicksPerMinute;
        if (hours > 0)
        {
            text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (minutes > 0)
        {
            text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        if (rest > 0)
        {
            // Go writes fractions of a second as decimals of the second ("1.5s"); ticks are 100 ns.
            var seconds = (rest / (decimal)TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture);
            text.Append(seconds).Append('s');
        }

        return text.ToString();
    }
}
