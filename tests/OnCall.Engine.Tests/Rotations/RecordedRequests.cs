using System.Text.Json.Nodes;

namespace OnCall.Engine.Tests.Rotations;

/// <summary>The request bodies of the recorded Datadog cassettes ("body: |" block scalars, one line of JSON).</summary>
internal static class RecordedRequests
{
    public const string Folder = "/work/shared/fixtures/datadog-recorded";

    /// <summary>The body of the <paramref name="nth"/> request (0-based) whose method matches and whose URL contains the text.</summary>
    public static string Body(string cassette, string method, string urlPart, int nth = 0)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, cassette));
        var found = new List<string>();
        string? body = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed == "body: |" && i + 1 < lines.Length)
            {
                body = lines[i + 1].Trim();
            }
            else if (trimmed == "response:")
            {
                body = null;
            }
            else if (trimmed.StartsWith("url: ", StringComparison.Ordinal) && body is not null && trimmed.Contains(urlPart, StringComparison.Ordinal)
                && lines.Skip(Math.Max(0, i - 3)).Take(7).Any(l => l.Trim() == "method: " + method))
            {
                found.Add(body);
            }
        }

        return found[nth];
    }

    /// <summary>Whether two JSON texts say the same: same keys and values, times compared as instants, key order ignored.</summary>
    public static bool SameJson(string expected, string actual, out string why) => Same(JsonNode.Parse(expected), JsonNode.Parse(actual), "$", out why);

    private static bool Same(JsonNode? a, JsonNode? b, string path, out string why)
    {
        why = string.Empty;
        switch (a)
        {
            case null:
                why = b is null ? string.Empty : path + ": expected null";
                return b is null;
            case JsonObject oa when b is JsonObject ob:
                foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
                {
                    if (!oa.ContainsKey(key) || !ob.ContainsKey(key))
                    {
                        why = path + "." + key + (oa.ContainsKey(key) ? " missing" : " not expected");
                        return false;
                    }

                    if (!Same(oa[key], ob[key], path + "." + key, out why))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray aa when b is JsonArray ab:
                if (aa.Count != ab.Count)
                {
                    why = $"{path}: {aa.Count} items expected, {ab.Count} found";
                    return false;
                }

                for (var i = 0; i < aa.Count; i++)
                {
                    if (!Same(aa[i], ab[i], $"{path}[{i}]", out why))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValue va when b is JsonValue vb:
                if (va.TryGetValue<string>(out var sa) && vb.TryGetValue<string>(out var sb) && sa.Contains('T', StringComparison.Ordinal)
                    && DateTimeOffset.TryParse(sa, out var ta) && DateTimeOffset.TryParse(sb, out var tb))
                {
                    why = ta == tb ? string.Empty : $"{path}: {sa} and {sb} are different instants";
                    return ta == tb;
                }

                var same = va.ToJsonString() == vb.ToJsonString();
                why = same ? string.Empty : $"{path}: {va.ToJsonString()} expected, {vb.ToJsonString()} found";
                return same;
            default:
                why = path + ": different kinds";
                return false;
        }
    }
}
