using Microsoft.AspNetCore.Builder;

namespace OnCall.Emulator.VictorOps;

internal static class VictorOpsIncidentEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        _ = app;
        _ = state;
    }
}
