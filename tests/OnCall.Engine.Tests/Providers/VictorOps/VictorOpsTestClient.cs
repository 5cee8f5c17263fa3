using OnCall.Emulator;
using OnCall.Engine.Connections;
using OnCall.Engine.Http;
using OnCall.Engine.Providers.VictorOps;
using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Providers.VictorOps;

/// <summary>Builds a VictorOpsClient against the emulator (its canned answers): no pacing and short retries unless asked.</summary>
internal static class VictorOpsTestClient
{
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 15, 30, 0, TimeSpan.Zero);

    public static VictorOpsClient Create(EmulatorServer server, string? userName = "alice", bool pacing = false, TimeProvider? clock = null, int maxRetries = 2)
    {
        var profile = new VictorOpsProfile(DemoCredentials.VictorOpsApiId, SecretText.FromString(DemoCredentials.VictorOpsApiKey)) { PacingEnabled = pacing };
        var api = new ApiClient(profile, server.BaseUri, new ApiClientOptions
        {
            Timeout = TimeSpan.FromSeconds(5),
            MaxRetries = maxRetries,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromSeconds(1),
        });
        var connection = new OnCallConnection { Name = "vo-test", Provider = OnCallProvider.VictorOps, BaseUri = server.BaseUri, UserName = userName };
        return new VictorOpsClient(api, connection, clock ?? new ManualClock(Now));
    }
}
