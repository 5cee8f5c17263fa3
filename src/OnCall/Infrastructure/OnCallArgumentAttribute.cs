using System;

namespace OnCall.Infrastructure;

/// <summary>What a string parameter holds, and so which checks OnCallCmdlet gives it before any request.</summary>
internal enum ArgumentKind
{
    /// <summary>One thing's id, sent in a request path: no spaces, no wildcards, no path characters.</summary>
    Id,

    /// <summary>A team, user, policy, schedule or target name; wildcards only where the parameter supports them.</summary>
    Name,

    /// <summary>A name used only by the module (a connection, a time zone, a calendar's title).</summary>
    Label,

    /// <summary>Free text (a title, a message, a note): may span lines.</summary>
    Text,
}

/// <summary>
/// Marks a parameter whose values OnCallCmdlet checks (ArgumentChecks). It is not a PowerShell
/// validation attribute on purpose: a value the user typed and one an object piped in are told
/// apart, and a refusal carries an OnCall error id.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class OnCallArgumentAttribute : Attribute
{
    public OnCallArgumentAttribute(ArgumentKind kind)
    {
        Kind = kind;
    }

    public ArgumentKind Kind { get; }
}
