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

    /// <summary>Edits between two names, a swap of neighbours counting as one (the commonest typo).</summary>
    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
