using Microsoft.AspNetCore.Builder;

namespace OnCall.Emulator.ZStack;

internal static class ZStackScheduleEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        _ = app;
        _ = state;
    }
}
