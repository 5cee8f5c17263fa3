using System;

namespace OnCall.Emulator;

/// <summary>How an emulator instance starts. Every member has a default that suits both tests and people.</summary>
public sealed class EmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one, which is what parallel tests need.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Minimum spacing of /api-reporting/v2/incidents calls when <see cref="RateLimits.VictorOpsReporting"/> is on.
    /// The real API allows one call a minute; tests shorten it so they never sleep for a minute.
    /// </summary>
    public TimeSpan ReportingInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The clock behind "now" in rotations, incidents and rate limits. Tests may pass their own.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// VictorOps does not process a username sent as %40 instead of a literal '@'. On by default so that a client
    /// which over-escapes fails here as it would against the real service.
    /// </summary>
    public bool RejectEncodedAtInUserPaths { get; set; } = true;

    /// <summary>
    /// How many requests <see cref="EmulatorServer.Requests"/> keeps; the oldest go first. Bounded so that a demo
    /// left running or a benchmark does not grow without end.
    /// </summary>
    public int MaxRecordedRequests { get; set; } = 10_000;

    /// <summary>Called for every recorded request (on the request's thread); the console host prints them.</summary>
    public Action<RecordedRequest>? RequestObserver { get; set; }

    /// <summary>How many resolved incidents of history to seed for the reporting API.</summary>
    public int HistoryIncidentCount { get; set; } = 300;

    /// <summary>The keys the emulator accepts; the demo keys unless a test brings its own (a secrets test wants keys that occur nowhere else).</summary>
    public AcceptedCredentials Credentials { get; set; } = new();
}

/// <summary>The keys an emulator accepts, per vendor. Defaults are <see cref="DemoCredentials"/>.</summary>
public sealed class AcceptedCredentials
{
    public string VictorOpsApiId { get; init; } = DemoCredentials.VictorOpsApiId;

    public string VictorOpsApiKey { get; init; } = DemoCredentials.VictorOpsApiKey;

    public string VictorOpsReadOnlyApiKey { get; init; } = DemoCredentials.VictorOpsReadOnlyApiKey;

    public string DatadogApiKey { get; init; } = DemoCredentials.DatadogApiKey;

    public string DatadogApplicationKey { get; init; } = DemoCredentials.DatadogApplicationKey;

    public string ZStackToken { get; init; } = DemoCredentials.ZStackToken;
}
