namespace OnCall.Engine.Text;

/// <summary>
/// PowerShell-style wildcard matching ('*' any run, '?' one character), case-insensitive, with no
/// reference to System.Management.Automation (the engine must not load PowerShell).
/// </summary>
internal static class Wildcard
{
    public static bool HasWildcards(string pattern) => pattern.IndexOfAny(WildcardCharacters) >= 0;

    /// <summary>Whether any of the patterns matches the text; an empty pattern list matches everything.</summary>
    public static bool MatchesAny(string? text, System.Collections.Generic.IReadOnlyList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return true;
        }

        foreach (var pattern in patterns)
        {
            if (IsMatch(text, pattern))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsMatch(string? text, string pattern)
    {
        if (text is null)
        {
            return false;
        }

        // Greedy scan that remembers the last '*' and backtracks to it: linear in practice,
        // no regex (a user's pattern is never compiled into one).
        int t = 0, p = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || SameChar(pattern[p], text[t])))
            {
                t++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool SameChar(char a, char b) => a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);

    private static readonly char[] WildcardCharacters = { '*', '?' };
}
