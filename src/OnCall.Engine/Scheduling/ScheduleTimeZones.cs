using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NodaTime;
using NodaTime.TimeZones;

namespace OnCall.Engine.Scheduling;

/// <summary>
/// IANA time zone ids, checked against NodaTime's embedded tz database (never the OS one, so a
/// Windows PowerShell 5.1 host and a Linux runbook worker give the same answer).
/// </summary>
public static class ScheduleTimeZones
{
    private static readonly Lazy<Dictionary<string, string>> CanonicalIds = new(() =>
        DateTimeZoneProviders.Tzdb.Ids.ToDictionary(id => id, id => id, StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether the id names a known IANA zone (case-insensitively).</summary>
    public static bool IsKnown(string? timeZoneId) =>
        !string.IsNullOrWhiteSpace(timeZoneId) && CanonicalIds.Value.ContainsKey(timeZoneId!.Trim());

    /// <summary>The id spelled as the tz database spells it; throws UnknownTimeZone with suggestions otherwise.</summary>
    public static string Normalize(string? timeZoneId) => Resolve(timeZoneId).Id;

    /// <summary>Up to <paramref name="count"/> known ids that look like the given text, best first.</summary>
    public static IReadOnlyList<string> Suggest(string? timeZoneId, int count = 3)
    {
        var text = (timeZoneId ?? string.Empty).Trim();
        if (text.Length == 0)
        {
            return new[] { "UTC", "Europe/London", "America/New_York" };
        }

        var suggestions = new List<string>();

        // A Windows id ("W. Europe Standard Time") has an exact IANA equivalent; offer it first.
        var windowsMapping = TzdbDateTimeZoneSource.Default.WindowsMapping.PrimaryMapping;
        foreach (var pair in windowsMapping)
        {
            if (string.Equals(pair.Key, text, StringComparison.OrdinalIgnoreCase))
            {
                suggestions.Add(pair.Value);
            }
        }

        var wanted = text.Replace(' ', '_').ToUpperInvariant();
        var ranked = CanonicalIds.Value.Keys
            .Select(id => (Id: id, Score: Score(wanted, id.ToUpperInvariant())))
            .OrderBy(candidate => candidate.Score)
            .ThenBy(candidate => candidate.Id, StringComparer.Ordinal)
            .Select(candidate => candidate.Id);
        foreach (var id in ranked)
        {
            if (suggestions.Count >= count)
            {
                break;
            }

            if (!suggestions.Contains(id))
            {
                suggestions.Add(id);
            }
        }

        return suggestions;
    }

    internal static DateTimeZone Resolve(string? timeZoneId)
    {
        var text = timeZoneId?.Trim() ?? string.Empty;
        if (text.Length > 0 && CanonicalIds.Value.TryGetValue(text, out var canonical))
        {
            return DateTimeZoneProviders.Tzdb[canonical];
        }

        var shown = string.IsNullOrWhiteSpace(timeZoneId) ? "(empty)" : "'" + timeZoneId + "'";
        var message = string.Format(
            CultureInfo.InvariantCulture,
            "The time zone {0} is not a known IANA time zone id. Did you mean: {1}? Use an id such as 'Europe/Berlin' or 'UTC'.",
            shown,
            string.Join(", ", Suggest(timeZoneId)));
        throw new OnCallException(OnCallErrorKind.InvalidArgument, ScheduleErrors.UnknownTimeZone, message, target: timeZoneId)
        {
            RecommendedAction = "Use an IANA time zone id (the tz database names, for example Europe/Berlin).",
        };
    }

    // Lower is closer. The city part carries most of the meaning ("berlin" for "Europe/Berlin"), so the
    // distance to it counts as much as the distance to the whole id.
    private static int Score(string wanted, string candidate)
    {
        var slash = candidate.LastIndexOf('/');
        var city = slash >= 0 ? candidate.Substring(slash + 1) : candidate;
        var score = Math.Min(Distance(wanted, candidate), Distance(wanted, city));
        if (candidate.IndexOf(wanted, StringComparison.Ordinal) >= 0)
        {
            score = Math.Min(score, 1);
        }

        return score;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
