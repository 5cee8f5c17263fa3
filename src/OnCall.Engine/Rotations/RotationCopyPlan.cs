using System;
using System.Collections.Generic;
using System.Linq;

namespace OnCall.Engine.Rotations;

/// <summary>How a copy is to be made: a new name, people mapped by hand, the destination's owners, the verify window.</summary>
public sealed class RotationCopyOptions
{
    public string? Name { get; set; }

    /// <summary>Source person (id, e-mail or name) to destination person; the rest are matched by e-mail, then name.</summary>
    public IDictionary<string, string>? MemberMap { get; set; }

    public IReadOnlyList<string> Teams { get; set; } = Array.Empty<string>();

    public DateTimeOffset VerifyStart { get; set; } = DateTimeOffset.UtcNow;

    public int VerifyDays { get; set; } = 28;
}

/// <summary>A copy worked out before anything is created (<see cref="RotationPlanner.PlanCopyAsync"/>).</summary>
public sealed class RotationCopyPlan
{
    internal RotationCopyPlan(RotationDefinition source, RotationCarryOver carryOver, IReadOnlyDictionary<string, RotationMember> mapping, DateTimeOffset from, DateTimeOffset to)
    {
        Source = source;
        CarryOver = carryOver;
        Mapping = mapping;
        VerifyStart = from;
        VerifyEnd = to;

        // Both sides are rendered with the source's names for people, so a hand-off compares person to person.
        foreach (var pair in mapping)
        {
            if (pair.Value.Id is { } id)
            {
                _sourceName[id] = source.Layers.SelectMany(l => l.Members).First(m => string.Equals(m.Id, pair.Key, StringComparison.OrdinalIgnoreCase)).Display;
            }
        }
    }

    private readonly Dictionary<string, string> _sourceName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The source as read, lined up with who holds each shift now.</summary>
    public RotationDefinition Source { get; }

    public RotationCarryOver CarryOver { get; }

    /// <summary>Source member id to destination member.</summary>
    public IReadOnlyDictionary<string, RotationMember> Mapping { get; }

    public DateTimeOffset VerifyStart { get; }

    public DateTimeOffset VerifyEnd { get; }

    public IReadOnlyList<HandoffDifference> Predicted { get; internal set; } = Array.Empty<HandoffDifference>();

    /// <summary>Every hand-off in the verify window where the source and <paramref name="copy"/> disagree.</summary>
    public IReadOnlyList<HandoffDifference> Compare(RotationDefinition copy) => HandoffComparison.Compare(
        RotationRendering.ToSchedule(Source, m => m.Display),
        RotationRendering.ToSchedule(copy, m => m.Id is { } id && _sourceName.TryGetValue(id, out var name) ? name : m.Display),
        VerifyStart,
        VerifyEnd);

    /// <summary>The answer object, without the rotations created.</summary>
    public RotationCopy Result(string sourceConnection, string destinationConnection, bool created)
    {
        var result = new RotationCopy
        {
            Provider = CarryOver.Definition.Provider,
            Connection = destinationConnection,
            Name = CarryOver.Definition.Name,
            Source = sourceConnection,
            SourceProvider = Source.Provider,
            Destination = destinationConnection,
            Created = created,
            Definition = CarryOver.Definition,
            VerifyStart = VerifyStart,
            VerifyEnd = VerifyEnd,
        };
        foreach (var item in CarryOver.NotCarried)
        {
            result.NotCarried.Add(item);
        }

        if (!created)
        {
            foreach (var difference in Predicted)
            {
                result.Differences.Add(difference);
            }
        }

        return result;
    }
}
