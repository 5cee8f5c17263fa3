using System;
using System.Collections.Generic;
using System.Linq;

namespace OnCall.Engine.Providers.VictorOps.Schedules;

/// <summary>
/// Turns the rolls of several schedule calls into shifts: the same roll seen by two calls is kept
/// once, a roll cut at the seam between two calls is joined again, overrides replace the original
/// user over their interval, and everything is clipped to the asked window; with -Merge, touching shifts
/// of one person are then joined (<see cref="Merge"/>).
/// </summary>
internal static class ShiftStitcher
{
    private static readonly string[] NameSeparator = { ", " };

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

        return Sorted(pieces);
    }

    private static List<ShiftPiece> Sorted(IEnumerable<ShiftPiece> pieces) => pieces
        .OrderBy(p => p.Start)
        .ThenBy(p => p.TeamName, StringComparer.OrdinalIgnoreCase)
        .ThenBy(p => p.PolicyName, StringComparer.OrdinalIgnoreCase)
        .ThenBy(p => p.User, StringComparer.OrdinalIgnoreCase)
        .ToList();

    /// <summary>
    /// -Merge: joins the touching shifts of one person in one team, policy and rotation (with the same override
    /// flag) into one. A shift from the on-call log names no rotation, so it joins a touching one of the same
    /// person and policy whatever that one's rotation, and the joined shift takes the rotation that is known;
    /// where overrides replaced several people, OriginalUser lists them in time order, joined by ", ". The pieces
    /// are <see cref="Build"/>'s own: the first of each run is extended in place.
    /// </summary>
    internal static List<ShiftPiece> Merge(IEnumerable<ShiftPiece> pieces)
    {
        var merged = new List<ShiftPiece>();
        var open = new Dictionary<string, List<ShiftPiece>>(StringComparer.Ordinal);
        foreach (var piece in pieces.OrderBy(p => p.Start).ThenBy(p => p.End))
        {
            var key = string.Join("\u001f", piece.TeamSlug, piece.PolicySlug, piece.User, piece.IsOverride ? "1" : "0").ToUpperInvariant();
            if (!open.TryGetValue(key, out var running))
            {
                running = new List<ShiftPiece>();
                open[key] = running;
            }

            // The same rotation first, so a logged shift between two rotations' turns is not taken by the wrong one.
            var before = running.FirstOrDefault(r => r.End == piece.Start && SameId(r.Rotation, piece.Rotation))
                ?? running.FirstOrDefault(r => r.End == piece.Start && (r.Rotation is null || piece.Rotation is null));
            if (before is null)
            {
                running.Add(piece);
                merged.Add(piece);
                continue;
            }

            before.End = piece.End;
            before.OriginalEnd = piece.OriginalEnd;
            before.Rotation ??= piece.Rotation;
            if (piece.OriginalUser is { } original && !(before.OriginalUser ?? string.Empty).Split(NameSeparator, StringSplitOptions.None).Contains(original, StringComparer.OrdinalIgnoreCase))
            {
                before.OriginalUser = before.OriginalUser is null ? original : before.OriginalUser + ", " + original;
            }
        }

        return Sorted(merged);
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
