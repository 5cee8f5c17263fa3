using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace OnCall.Engine.Rotations;

/// <summary>A Set worked out before anything is written: the definition as the vendor has it, as it would be, and each field that differs.</summary>
public sealed class RotationPlan
{
    internal RotationPlan(RotationDefinition current, RotationDefinition desired, int layerIndex, IReadOnlyList<RotationChange> changes)
    {
        Current = current;
        Desired = desired;
        LayerIndex = layerIndex;
        Changes = changes;
    }

    public RotationDefinition Current { get; }

    public RotationDefinition Desired { get; }

    /// <summary>The layer the Set is about; -1 for the definition as a whole.</summary>
    public int LayerIndex { get; }

    public IReadOnlyList<RotationChange> Changes { get; }

    public bool ChangesNothing => Changes.Count == 0;

    /// <summary>The layer's name, or the definition's.</summary>
    public string Subject => LayerIndex >= 0 && Current.Provider != OnCallProvider.ZStack ? Current.Layers[LayerIndex].Name : Current.Name;

    /// <summary>"rotation 'Weekly' of schedule 'Platform Primary'": the readable part of a ShouldProcess target.</summary>
    public string Describe() => RotationPlanner.Describe(Current, LayerIndex);

    /// <summary>What -WhatIf prints: one line per field, before and after.</summary>
    public string ChangeList()
    {
        var text = new StringBuilder();
        foreach (var change in Changes)
        {
            text.Append(FormattableString.Invariant($"\n  {change}"));
        }

        return text.ToString();
    }

    /// <summary>The names of the fields that change.</summary>
    public IReadOnlyList<string> Fields => Changes.Select(c => c.Field).Distinct().ToList();
}
