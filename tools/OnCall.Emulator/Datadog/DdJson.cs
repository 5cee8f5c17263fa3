using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.Datadog;

/// <summary>JSON:API pieces in the shapes the recorded cassettes show.</summary>
internal static class DdJson
{
    public const string ContentType = "application/vnd.api+json";

    public static IResult Ok(JsonNode node, int status = StatusCodes.Status200OK) => Http.Json(node, status, ContentType);

    public static JsonObject Ref(string id, string type) => new() { ["id"] = id, ["type"] = type };

    public static JsonObject Rel(JsonNode? data) => new() { ["data"] = data };

    public static JsonObject RelMany(System.Collections.Generic.IEnumerable<JsonObject> refs) =>
        new() { ["data"] = refs.Select(r => (JsonNode?)r).ToJsonArray() };

    /// <summary>The short user form that on-call answers include.</summary>
    public static JsonObject UserIncluded(DdUser user) => new()
    {
        ["id"] = user.Id,
        ["type"] = "users",
        ["attributes"] = new JsonObject { ["email"] = user.Email, ["name"] = user.Name, ["status"] = user.Status.ToLowerInvariant() },
    };

    public static JsonObject TeamIncluded(DdTeam team) => new()
    {
        ["id"] = team.Id,
        ["type"] = "teams",
        ["attributes"] = new JsonObject { ["avatar"] = string.Empty, ["description"] = team.Description, ["handle"] = team.Handle, ["name"] = team.Name },
    };

    public static bool Includes(HttpContext context, string name) =>
        (context.Query("include") ?? string.Empty).Split(',').Any(p => p.Trim() == name);

    /// <summary>Adds an item to "included" once (by type and id).</summary>
    public static void Include(JsonArray included, JsonObject item)
    {
        var id = item["id"]?.GetValue<string>();
        var type = item["type"]?.GetValue<string>();
        if (!included.Any(i => i?["id"]?.GetValue<string>() == id && i?["type"]?.GetValue<string>() == type))
        {
            included.Add(item);
        }
    }
}
