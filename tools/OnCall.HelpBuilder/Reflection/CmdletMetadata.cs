using System.Collections.Generic;

namespace OnCall.HelpBuilder.Reflection;

/// <summary>What the assembly's attributes say about one cmdlet.</summary>
internal sealed class CmdletMetadata
{
    /// <summary>The parameter set name PowerShell uses for parameters declared without one.</summary>
    public const string AllParameterSets = "__AllParameterSets";

    public required string Verb { get; init; }

    public required string Noun { get; init; }

    public string Name => Verb + "-" + Noun;

    public required string ClassName { get; init; }

    public string? DefaultParameterSetName { get; init; }

    public bool SupportsShouldProcess { get; init; }

    public List<ParameterMetadata> Parameters { get; } = new();

    /// <summary>From [OutputType]: full type names (or the names given as strings), in declaration order.</summary>
    public List<string> OutputTypeNames { get; } = new();

    /// <summary>
    /// The parameter sets a user can pick, the default first. A cmdlet whose parameters name no set
    /// has one, called <see cref="AllParameterSets"/>. The default set is one even when no parameter names
    /// it (Set-OnCallOverride's take-now set has only the parameters every set shares), as PowerShell counts it.
    /// </summary>
    public IReadOnlyList<string> ParameterSetNames
    {
        get
        {
            var names = new List<string>();
            foreach (var parameter in Parameters)
            {
                foreach (var usage in parameter.Sets)
                {
                    if (usage.SetName != AllParameterSets && !names.Contains(usage.SetName))
                    {
                        names.Add(usage.SetName);
                    }
                }
            }

            if (DefaultParameterSetName is not null)
            {
                names.Remove(DefaultParameterSetName);
                names.Insert(0, DefaultParameterSetName);
            }
            else if (names.Count == 0)
            {
                names.Add(AllParameterSets);
            }

            return names;
        }
    }
}

/// <summary>One cmdlet parameter: a property (or field) with at least one [Parameter].</summary>
internal sealed class ParameterMetadata
{
    public required string Name { get; init; }

    /// <summary>The CLR type's full name, e.g. System.String[]; Nullable&lt;T&gt; is shown as T.</summary>
    public required string TypeFullName { get; init; }

    /// <summary>How PowerShell's syntax shows the type, e.g. String[].</summary>
    public required string TypeDisplayName { get; init; }

    public bool IsSwitch { get; init; }

    public bool SupportsWildcards { get; init; }

    public List<string> Aliases { get; } = new();

    /// <summary>Enum members or [ValidateSet] values; empty when any value goes.</summary>
    public List<string> AcceptedValues { get; } = new();

    /// <summary>One entry per [Parameter] attribute.</summary>
    public List<ParameterSetUsage> Sets { get; } = new();

    /// <summary>True for -WhatIf and -Confirm, which the builder adds for SupportsShouldProcess.</summary>
    public bool IsShouldProcessParameter { get; init; }

    public bool IsInSet(string setName)
    {
        foreach (var usage in Sets)
        {
            if (usage.SetName == setName || usage.SetName == CmdletMetadata.AllParameterSets)
            {
                return true;
            }
        }

        return false;
    }

    public ParameterSetUsage? UsageIn(string setName)
    {
        ParameterSetUsage? shared = null;
        foreach (var usage in Sets)
        {
            if (usage.SetName == setName)
            {
                return usage;
            }

            if (usage.SetName == CmdletMetadata.AllParameterSets)
            {
                shared = usage;
            }
        }

        return shared;
    }
}

/// <summary>What one [Parameter] attribute says: how the parameter behaves in one set.</summary>
internal sealed class ParameterSetUsage
{
    public string SetName { get; init; } = CmdletMetadata.AllParameterSets;

    public bool Mandatory { get; init; }

    /// <summary>Null when the parameter is named-only.</summary>
    public int? Position { get; init; }

    public bool ValueFromPipeline { get; init; }

    public bool ValueFromPipelineByPropertyName { get; init; }
}
