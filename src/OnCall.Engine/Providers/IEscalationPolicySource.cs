using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Providers;

/// <summary>Escalation policies with a filter by team or policy, and their steps when asked.</summary>
public interface IEscalationPolicySource
{
    Task GetEscalationPoliciesAsync(EscalationPolicyQuery query, IOperationSink sink, CancellationToken cancellationToken);
}

public sealed class EscalationPolicyQuery
{
    /// <summary>Team names or ids; wildcards allowed.</summary>
    public IReadOnlyList<string> Teams { get; set; } = Array.Empty<string>();

    /// <summary>Policy names or ids; wildcards allowed.</summary>
    public IReadOnlyList<string> Policies { get; set; } = Array.Empty<string>();

    /// <summary>Read each policy's steps too (one more call per policy).</summary>
    public bool IncludeSteps { get; set; }
}
