using Microsoft.AspNetCore.Builder;

namespace OnCall.Emulator.Datadog;

internal static class DatadogPolicyEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        _ = app;
        _ = state;
    }
}
