using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Json;
using OnCall.Engine.Http;
using OnCall.Engine.Providers.VictorOps.Dtos;

namespace OnCall.Engine.Providers.VictorOps;

internal sealed partial class VictorOpsClient
{
    /// <summary>Adds a note to an incident (POST /v1/incidents/{n}/notes); text that is a JSON object is sent as the note's value.</summary>
    public async Task AddNoteAsync(string incidentId, string name, string text, IOperationSink sink, CancellationToken cancellationToken)
    {
        var number = ValidateIncidentNumbers(new[] { incidentId }).Single();
        var noteName = string.IsNullOrWhiteSpace(name)
            ? "note-" + _time.GetUtcNow().ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)
            : name.Trim();
        object value;
        try
        {
            using var parsed = JsonDocument.Parse(text ?? string.Empty);
            value = parsed.RootElement.ValueKind == JsonValueKind.Object ? (object?)Json.RawJson.ToPlain(parsed.RootElement) ?? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["text"] = text };
        }
        catch (JsonException)
        {
            value = new Dictionary<string, object?> { ["text"] = text };
        }

        var request = new ApiRequest("POST", PathOf(PublicApi + "/v1/incidents/{0}/notes", number))
        {
            Body = new Dictionary<string, object?> { ["name"] = noteName, ["display_name"] = noteName, ["json_value"] = value },
            WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check the notes of incident {0} ({1}/v1/incidents/{0}/notes) for '{2}'", number, PublicApi, noteName),
        };
        using var document = await SendAsync(request, sink, cancellationToken, ex => IncidentNotFound(number, ex)).ConfigureAwait(false);

        // Notes come back as the note, or as the incident's list of notes: take the one just written.
        var written = document.Interpret(answer =>
        {
            var root = answer.RootElement;
            var candidates = root.TryProp("name", out _) ? new[] { root } : VictorOpsJson.List(answer, "notes");
            var element = candidates.LastOrDefault(n => string.Equals(n.Str("name"), noteName, StringComparison.Ordinal));
            var note = element.ValueKind == JsonValueKind.Object ? VictorOpsJson.Bind<IncidentNoteDto>(element, "an incident note") : new IncidentNoteDto { Name = noteName };
            return Stamp(
                new IncidentNote
                {
                    IncidentId = number,
                    Name = note.Name ?? noteName,
                    DisplayName = note.DisplayName ?? noteName,
                    Text = NoteText(note.JsonValue) ?? text,
                },
                element.ValueKind == JsonValueKind.Object ? VictorOpsJson.Raw(element) : VictorOpsJson.Raw(root));
        });
        sink.WriteObject(written);
    }

    private static string? NoteText(JsonElement? value)
    {
        if (value is not { } element || element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Object && element.EnumerateObject().Count() == 1 && element.Str("text") is { } text)
        {
            return text;
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
    }
}
