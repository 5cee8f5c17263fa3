namespace OnCall.Engine.Tests.Providers.Datadog;

/// <summary>
/// Reads the recorded VCR cassettes (go-vcr v2 and the terraform provider's layout) without a YAML package: the
/// response bodies are single-quoted scalars, folded over lines ('' is a quote, a line break a space).
/// </summary>
public sealed class Cassette
{
    public const string Folder = "/work/shared/fixtures/datadog-recorded";

    private Cassette(List<Interaction> interactions) => Interactions = interactions;

    public IReadOnlyList<Interaction> Interactions { get; }

    public sealed record Interaction(string Method, string Url, string ResponseBody, string RequestBody = "");

    public static bool Exists(string relativePath) => File.Exists(System.IO.Path.Combine(Folder, relativePath));

    public static Cassette Load(string relativePath)
    {
        var lines = File.ReadAllLines(System.IO.Path.Combine(Folder, relativePath));
        var result = new List<Interaction>();
        string method = string.Empty, url = string.Empty, requestBody = string.Empty;
        var inResponse = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed is "- request:" or "request:")
            {
                inResponse = false;
                requestBody = string.Empty;
            }
            else if (!inResponse && trimmed == "body: |" && i + 1 < lines.Length)
            {
                // A literal block: the recorded request bodies are one JSON line.
                requestBody = lines[++i].Trim();
            }
            else if (trimmed == "response:")
            {
                inResponse = true;
            }
            else if (!inResponse && trimmed.StartsWith("url: ", StringComparison.Ordinal))
            {
                url = trimmed.Substring(5).Trim();
            }
            else if (!inResponse && trimmed.StartsWith("method: ", StringComparison.Ordinal))
            {
                method = trimmed.Substring(8).Trim();
            }
            else if (inResponse && trimmed.StartsWith("body: '", StringComparison.Ordinal))
            {
                result.Add(new Interaction(method, url, ReadQuoted(lines, ref i, lines[i].IndexOf("body: '", StringComparison.Ordinal) + 7), requestBody));
            }
        }

        return new Cassette(result);
    }

    /// <summary>The response body of the first interaction whose method and URL match (URL by prefix).</summary>
    public string Body(string method, string urlPrefix) =>
        Interactions.First(x => x.Method == method && x.Url.StartsWith(urlPrefix, StringComparison.Ordinal)).ResponseBody;

    /// <summary>The request body of the first interaction whose method and URL match (URL by prefix).</summary>
    public string RequestBody(string method, string urlPrefix) =>
        Interactions.First(x => x.Method == method && x.Url.StartsWith(urlPrefix, StringComparison.Ordinal)).RequestBody;

    private static string ReadQuoted(string[] lines, ref int index, int column)
    {
        var text = new System.Text.StringBuilder();
        var line = lines[index].Substring(column);
        var pendingBreaks = 0;
        while (true)
        {
            for (var c = 0; c < line.Length; c++)
            {
                if (line[c] != '\'')
                {
                    Flush();
                    text.Append(line[c]);
                    continue;
                }

                if (c + 1 < line.Length && line[c + 1] == '\'')
                {
                    Flush();
                    text.Append('\'');
                    c++;
                    continue;
                }

                return text.ToString();
            }

            // Folding: one line break is a space, each blank line a newline.
            index++;
            line = lines[index].TrimStart();
            if (line.Length == 0)
            {
                pendingBreaks++;
                continue;
            }

            pendingBreaks = pendingBreaks == 0 ? -1 : pendingBreaks;
        }

        void Flush()
        {
            if (pendingBreaks == -1)
            {
                text.Append(' ');
            }
            else if (pendingBreaks > 0)
            {
                text.Append('\n', pendingBreaks);
            }

            pendingBreaks = 0;
        }
    }
}
