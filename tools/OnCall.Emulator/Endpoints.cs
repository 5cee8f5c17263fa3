using Microsoft.AspNetCore.Builder;
using System.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator;

internal static class Endpoints
{
    public static void Map(WebApplication app, EmulatorServer server)
    {
        VictorOps.VictorOpsOnCallEndpoints.Map(app, server.State);
        VictorOps.VictorOpsOverrideEndpoints.Map(app, server.State);
        VictorOps.VictorOpsIncidentEndpoints.Map(app, server.State);
        VictorOps.VictorOpsReportingEndpoints.Map(app, server.State);
        VictorOps.VictorOpsDirectoryEndpoints.Map(app, server.State);
        VictorOps.VictorOpsOnCallLogEndpoints.Map(app, server.State);
        VictorOps.VictorOpsAdminEndpoints.Map(app, server.State);
        Datadog.DatadogOnCallEndpoints.Map(app, server.State);
        Datadog.DatadogScheduleEndpoints.Map(app, server.State);
        Datadog.DatadogOverrideEndpoints.Map(app, server.State);
        Datadog.DatadogPolicyEndpoints.Map(app, server.State);
        Datadog.DatadogDirectoryEndpoints.Map(app, server.State);
        Datadog.DatadogPagingEndpoints.Map(app, server.State);
        ZStack.ZStackEndpoints.Map(app, server.State);

        // A listing for people poking at the emulator with a browser or curl.
        app.MapGet("/", (EndpointDataSource source) =>
        {
            var lines = source.Endpoints.OfType<RouteEndpoint>()
                .Where(e => e.RoutePattern.RawText is { } text && text.StartsWith("/api", System.StringComparison.Ordinal))
                .Select(e => string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).PadRight(7) + " " + e.RoutePattern.RawText)
                .Order(System.StringComparer.Ordinal);
            return Results.Text(
                "OnCall vendor emulator: VictorOps under /api-public and /api-reporting, Datadog under /api/v2, ZStack under /api/v1.\n\n"
                + string.Join("\n", lines) + "\n");
        });

        // Unknown paths answer in the vendor's own error shape, so clients exercise their real error handling.
        app.MapFallback((HttpContext context) => Http.VendorOf(context.Request.Path) switch
        {
            Vendor.VictorOps => Http.VoError(StatusCodes.Status404NotFound, "Not found: " + context.Request.Path.Value),
            Vendor.Datadog => Http.DdError(StatusCodes.Status404NotFound, "Not found"),
            Vendor.ZStack => Http.ZsError(StatusCodes.Status404NotFound, "NOT_FOUND", "Not found"),
            _ => Results.NotFound(),
        });
    }
}
