using System;
using System.Collections.Generic;

namespace OnCall.Engine.Rotations;

/// <summary>
/// What a vendor's rotation API can hold and change: the checks before a write and the "what cannot be
/// carried over" analysis of a copy read it. research-9 section 4 is the source of each limit.
/// </summary>
public sealed class RotationCapabilities
{
    private RotationCapabilities(OnCallProvider provider)
    {
        Provider = provider;
    }

    public static RotationCapabilities Datadog { get; } = new(OnCallProvider.Datadog)
    {
        MaxLayers = 50,
        Restrictions = true,
        EndDate = true,
        EffectiveDate = true,
        EmptySlots = true,
        LayerPrecedence = true,
        Teams = true,

        // The model says "at least 1 hour", days <= 400 and seconds <= 2592000 (datadog-model-fields.txt:228-232).
        MinimumLength = TimeSpan.FromHours(1),
        MaximumLength = TimeSpan.FromDays(400) + TimeSpan.FromSeconds(2592000),
        Settable = Fields(RotationFields.Name, RotationFields.Schedule, RotationFields.TimeZone, RotationFields.ShiftDuration, RotationFields.Members, RotationFields.Start, RotationFields.End, RotationFields.EffectiveDate, RotationFields.Restrictions),
        CanRemove = true,
    };

    public static RotationCapabilities ZStack { get; } = new(OnCallProvider.ZStack)
    {
        MaxLayers = 1,
        Description = true,

        // Go durations go down to nanoseconds; a shift under a minute is a typo, and the schedule engine refuses it.
        MinimumLength = TimeSpan.FromMinutes(1),
        MaximumLength = TimeSpan.FromDays(3650),
        Settable = Fields(RotationFields.Name, RotationFields.Schedule, RotationFields.Description, RotationFields.TimeZone, RotationFields.ShiftDuration, RotationFields.Members),

        // Not in UpdateOnCallSchedule's body (seed 004, zstack.md:73).
        FixedAfterCreate = Fields(RotationFields.RotationType, RotationFields.Start),
        CanRemove = false,
    };

    public static RotationCapabilities VictorOps { get; } = new(OnCallProvider.VictorOps)
    {
        MaxLayers = 10,

        // Shift masks: day flags times hour ranges, at most three of them (mask, mask2, mask3).
        Restrictions = true,
        WholeDaysOnly = true,
        MinimumLength = TimeSpan.FromDays(1),
        MaximumLength = TimeSpan.FromDays(365),

        // The only per-shift change seed 001 lists: PUT .../{groupId}/{shiftId}/scheduled.
        Settable = Fields(RotationFields.CurrentMember),

        // A group lives in one team, which its create path names.
        OneTeam = true,
        CanRemove = true,
    };

    public OnCallProvider Provider { get; }

    /// <summary>Layers (Datadog) or shifts (VictorOps) one definition may have.</summary>
    public int MaxLayers { get; private init; } = 1;

    public bool Restrictions { get; private init; }

    public bool EndDate { get; private init; }

    /// <summary>Whether a layer may begin to apply after its first hand-off.</summary>
    public bool EffectiveDate { get; private init; }

    public bool EmptySlots { get; private init; }

    /// <summary>Only whole days (VictorOps' duration is a number of days).</summary>
    public bool WholeDaysOnly { get; private init; }

    /// <summary>Where layers overlap, one wins (Datadog); VictorOps pages everyone on call in any shift.</summary>
    public bool LayerPrecedence { get; private init; }

    public bool Teams { get; private init; }

    /// <summary>A new rotation needs exactly one team (VictorOps: the team in the create path).</summary>
    public bool OneTeam { get; private init; }

    public bool Description { get; private init; }

    public TimeSpan MinimumLength { get; private init; }

    public TimeSpan MaximumLength { get; private init; }

    /// <summary>What Set-OnCallRotation can change.</summary>
    public ISet<string> Settable { get; private init; } = Fields();

    /// <summary>What the vendor keeps as created (a Set that changes it is refused before anything is sent).</summary>
    public ISet<string> FixedAfterCreate { get; private init; } = Fields();

    public bool CanRemove { get; private init; }

    public static RotationCapabilities For(OnCallProvider provider) => provider switch
    {
        OnCallProvider.Datadog => Datadog,
        OnCallProvider.ZStack => ZStack,
        _ => VictorOps,
    };

    private static HashSet<string> Fields(params string[] names) => new(names, StringComparer.OrdinalIgnoreCase);
}
