using Microsoft.AspNetCore.Builder;

namespace OnCall.Emulator.ZStack;

internal static class ZStackEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        ZStackScheduleEndpoints.Map(app, state);
        ZStackEventEndpoints.Map(app, state);
    }
}
