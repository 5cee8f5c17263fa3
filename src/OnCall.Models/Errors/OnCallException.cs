using System;

namespace OnCall;

/// <summary>
/// A failure the engine understood. Its message is fit for a person at a prompt, holds no secret,
/// and the cmdlets turn it into an ErrorRecord with FullyQualifiedErrorId OnCall.&lt;Provider&gt;.&lt;Reason&gt;.
/// </summary>
public sealed class OnCallException : Exception
{
    public OnCallException(OnCallErrorKind kind, string reason, string message, OnCallProvider? provider = null, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Reason = reason;
        Provider = provider;
        Target = target;
    }

    public OnCallErrorKind Kind { get; }

    /// <summary>A stable, PascalCase reason such as NotFound, Throttled or TeamNotFound.</summary>
    public string Reason { get; }

    public OnCallProvider? Provider { get; }

    public object? Target { get; }

    /// <summary>HTTP status of the answer that caused it, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Method and path (no query secrets) of the request that failed.</summary>
    public string? Request { get; init; }

    /// <summary>A hint for the person: what to check or try.</summary>
    public string? RecommendedAction { get; init; }

    /// <summary>True when the request may have reached the server and changed something.</summary>
    public bool MayHaveApplied { get; init; }

    public string ErrorId => $"OnCall.{(Provider?.ToString() ?? "Module")}.{Reason}";

    /// <summary>The same failure about another target (one item of a batch).</summary>
    public OnCallException WithTarget(object? target) =>
        new(Kind, Reason, Message, Provider, target, InnerException)
        {
            StatusCode = StatusCode,
            Request = Request,
            RecommendedAction = RecommendedAction,
            MayHaveApplied = MayHaveApplied,
        };
}
