using Microsoft.AspNetCore.Builder;

namespace OnCall.Emulator.ZStack;

internal static class ZStackEventEndpoints
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        _ = app;
        _ = state;
    }
}
