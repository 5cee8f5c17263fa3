using System;
using System.Collections.Generic;
using System.Linq;

namespace OnCall.Engine.Providers.VictorOps.Schedules;

/// <summary>
/// Turns the rolls of several schedule calls into shifts: the same roll seen by two calls is kept
/// once, a roll cut at the seam between two calls is joined again, overrides replace the original
/// user over their interval, and everything is clipped to the asked window.
/// </summary>
internal static class ShiftStitcher
{
    public static IReadOnlyList<ShiftPiece> Build(ScheduleReading reading, DateTimeOffset windowStart, DateTimeOffset windowEnd)
    {
        var stitched = Stitch(reading.Fragments);
        var overrides = reading.Overrides.Distinct().ToList();
        var pieces = new List<ShiftPiece>();
        foreach (var fragment in stitched)
        {
            foreach (var piece in ApplyOverrides(fragment, overrides))
            {
                // A window edge takes the offset of the roll's own time it replaces: one shift, one zone.
                var start = piece.Start < windowStart ? windowStart.ToOffset(piece.Start.Offset) : piece.Start;
                var end = piece.End > windowEnd ? windowEnd.ToOffset(piece.End.Offset) : piece.End;
                if (end <= start)
                {
                    continue;
                }

                piece.Start = start;
                piece.End = end;
                pieces.Add(piece);
            }
        }

        return pieces
            .OrderBy(p => p.Start)
            .ThenBy(p => p.TeamName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.PolicyName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.User, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    internal static List<ShiftFragment> Stitch(IEnumerable<ShiftFragment> fragments)
    {
        var result = new List<ShiftFragment>();
        var groups = fragments.GroupBy(
            f => string.Join("\u001f", f.TeamSlug, f.PolicySlug, f.Rotation, f.User).ToUpperInvariant(),
            StringComparer.Ordinal);
        foreach (var group in groups)
        {
            ShiftFragment? current = null;
            foreach (var next in group.OrderBy(f => f.Start).ThenBy(f => f.End))
            {
                if (current is null)
                {
                    current = Copy(next);
                    continue;
                }

                // Overlap: the same roll from two calls (or one cut short by the first). Touching:
                // only across a seam, so two genuine back-to-back shifts of one call stay two.
                var overlaps = next.Start < current.End;
                var joinsAtSeam = next.Start == current.End && next.Chunk != current.Chunk;
                if (overlaps || joinsAtSeam)
                {
                    if (next.End > current.End)
                    {
                        current.End = next.End;
                        current.Chunk = next.Chunk;
                    }

                    continue;
                }

                result.Add(current);
                current = Copy(next);
            }

            if (current is not null)
            {
                result.Add(current);
            }
        }

        return result;
    }

    private static IEnumerable<ShiftPiece> ApplyOverrides(ShiftFragment fragment, IReadOnlyList<OverrideWindow> overrides)
    {
        // An override applies to the policy it was listed under, when it covers this roll's user
        // (or the API already put the covering user into the roll).
        var applicable = overrides
            .Where(o => SameId(o.PolicySlug, fragment.PolicySlug)
                && (o.TeamSlug is null || fragment.TeamSlug is null || SameId(o.TeamSlug, fragment.TeamSlug))
                && (SameId(o.OriginalUser, fragment.User) || SameId(o.User, fragment.User))
                && o.Start < fragment.End
                && o.End > fragment.Start)
            .OrderBy(o => o.Start)
            .ToList();

        var cursor = fragment.Start;
        foreach (var over in applicable)
        {
            var start = over.Start > cursor ? over.Start : cursor;
            var end = over.End < fragment.End ? over.End : fragment.End;
            if (end <= start)
            {
                continue;
            }

            if (start > cursor)
            {
                yield return Piece(fragment, cursor, start, fragment.User, null);
            }

            yield return Piece(fragment, start, end, over.User, over.OriginalUser);
            cursor = end;
        }

        if (cursor < fragment.End)
        {
            yield return Piece(fragment, cursor, fragment.End, fragment.User, null);
        }
    }

    // An override's edges come in the override's own offset; the piece keeps the roll's, so a shift reads in
    // one zone. VictorOps names no zone for a roll: its start and end offsets are the best knowledge of it.
    private static ShiftPiece Piece(ShiftFragment fragment, DateTimeOffset start, DateTimeOffset end, string user, string? originalUser)
    {
        start = start.ToOffset(fragment.Start.Offset);
        end = end.ToOffset(fragment.End.Offset);
        return new ShiftPiece
        {
            TeamName = fragment.TeamName,
            TeamSlug = fragment.TeamSlug,
            PolicyName = fragment.PolicyName,
            PolicySlug = fragment.PolicySlug,
            Rotation = fragment.Rotation,
            User = user,
            Start = start,
            End = end,
            OriginalStart = start,
            OriginalEnd = end,
            IsOverride = originalUser is not null,
            OriginalUser = originalUser,
            Raw = fragment.Raw,
        };
    }

    private static ShiftFragment Copy(ShiftFragment f) => new()
    {
        TeamName = f.TeamName,
        TeamSlug = f.TeamSlug,
        PolicyName = f.PolicyName,
        PolicySlug = f.PolicySlug,
        Rotation = f.Rotation,
        ShiftName = f.ShiftName,
        User = f.User,
        Start = f.Start,
        End = f.End,
        Chunk = f.Chunk,
        Raw = f.Raw,
    };

    private static bool SameId(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
