using System;
using System.Collections.Generic;
using System.Linq;

namespace OnCall.Engine.Providers.VictorOps;

/// <summary>"Did you mean": the known names closest to a name that was not found.</summary>
internal static class NameSuggestions
{
    /// <summary>Up to <paramref name="max"/> candidates that share a prefix with the input or are a few edits away.</summary>
    public static IReadOnlyList<string> Closest(string input, IEnumerable<string> candidates, int max = 3)
    {
        var wanted = input.Trim().ToUpperInvariant();
        if (wanted.Length == 0)
        {
            return Array.Empty<string>();
        }

        // A typo budget that grows with the name: one edit for short names, a third of longer ones.
        var budget = Math.Max(1, wanted.Length / 3);
        return candidates
            .Where(c => !string.IsNullOrEmpty(c))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(c => (Name: c, Score: Score(wanted, c.ToUpperInvariant(), budget)))
            .Where(x => x.Score >= 0)
            .OrderBy(x => x.Score)
            .ThenBy(x => x.Name, StringComparer.OrdinalIgnoreCase)
            .Take(max)
            .Select(x => x.Name)
            .ToArray();
    }

    /// <summary>Lower is closer; -1 is not close at all.</summary>
    private static int Score(string wanted, string candidate, int budget)
    {
        if (candidate.StartsWith(wanted, StringComparison.Ordinal) || wanted.StartsWith(candidate, StringComparison.Ordinal))
        {
            return 0;
        }

        var distance = EditDistance(wanted, candidate);
        return distance <= budget ? distance : -1;
    }

    internal static int EditDistance(string a, string b)
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
