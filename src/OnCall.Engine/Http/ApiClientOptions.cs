using System;
using System.Net;

namespace OnCall.Engine.Http;

/// <summary>How one connection's HTTP pipeline behaves.</summary>
internal sealed class ApiClientOptions
{
    public IWebProxy? Proxy { get; set; }

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff delay; doubled per attempt, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff between two attempts of the pipeline's own choosing.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The longest wait a server may impose (Retry-After, X-RateLimit-Reset). When it asks for longer,
    /// the call fails at once as Throttled, stating the wait it asked for, instead of parking a runbook.
    /// </summary>
    public TimeSpan MaxServerWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The longest answer read, in bytes. A longer body is not read on (the connection is dropped) and
    /// the call fails as MalformedResponse (MayHaveApplied for a write): a broken server or proxy streaming without end must not take
    /// the memory of the runbook's process. Far above any page these vendors return.
    /// </summary>
    public long MaxAnswerBytes { get; set; } = 16L * 1024 * 1024;

    public string UserAgent { get; set; } = "OnCall-PowerShell/" + typeof(ApiClientOptions).Assembly.GetName().Version?.ToString(3);
}
