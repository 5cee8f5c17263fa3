using System;
using System.Net;

namespace OnCall.Engine.Http;

/// <summary>How one connection's HTTP pipeline behaves.</summary>
public sealed class ApiClientOptions
{
    public IWebProxy? Proxy { get; set; }

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff delay; doubled per attempt, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff or server-advised wait honoured before giving up.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    public string UserAgent { get; set; } = "OnCall-PowerShell/" + typeof(ApiClientOptions).Assembly.GetName().Version?.ToString(3);
}
