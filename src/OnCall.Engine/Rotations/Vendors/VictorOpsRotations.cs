using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using OnCall.Engine.Json;

namespace OnCall.Engine.Rotations;

/// <summary>
/// A VictorOps rotation group as a rotation definition (one layer per shift) and the write bodies. The
/// swagger defines no rotation writes: the create body and the per-shift scheduled-user body follow the
/// go-victorops client (victorops/rotation_group.go, research-9 3.4 and 3.5), UNCONFIRMED by any recording.
/// </summary>
internal static class VictorOpsRotations
{
    // The third mask is sometimes spelt mast3 (vendor-apis.md).
    private static readonly string[] MaskNames = { "mask", "mask2", "mask3", "mast3" };

    // go-victorops: "apppublic consumes usernames", shiftMembers is kept as the legacy field.
    private static readonly string[] MemberFields = { "usernames", "shiftMembers" };

    /// <summary>
    /// One item of GET /api-public/v2/team/{team}/rotations, with the group's rtg- slug from the v1 list.
    /// <paramref name="people"/> gives a username's full name and e-mail where the user list knows them.
    /// </summary>
    public static RotationDefinition FromJson(JsonElement rotation, string? slug, string teamSlug, Func<string, (string? Name, string? Email)>? people = null)
    {
        var definition = new RotationDefinition
        {
            Provider = OnCallProvider.VictorOps,
            Id = rotation.Str("groupId"),
            Slug = slug,
            Name = rotation.Str("label") ?? slug ?? rotation.Str("groupId") ?? string.Empty,
            Team = teamSlug,
        };
        foreach (var shift in rotation.Items("shifts"))
        {
            var days = shift.Long("duration") ?? 0;
            var layer = new RotationLayer
            {
                Id = shift.Str("shiftId"),
                Name = shift.Str("label") ?? definition.Name,
                TimeZone = shift.Str("timezone"),
                Start = shift.Prop("start") is { } start ? TimeParsing.FromElement(start) ?? DateTimeOffset.MinValue : DateTimeOffset.MinValue,
                ShiftLength = days is > 0 and <= 36500 ? TimeSpan.FromDays(days) : TimeSpan.Zero,

                // GUESS (research-9 3.3): a duration of N days hands off at the start's local time every N days.
                CalendarDays = true,
                RotationType = shift.Str("shifttype"),
                CurrentMember = shift.Prop("current")?.Str("username"),
            };
            foreach (var member in shift.Items("shiftMembers"))
            {
                var username = member.ValueKind == JsonValueKind.String ? member.GetString() : member.Str("username");
                if (string.IsNullOrEmpty(username))
                {
                    continue;
                }

                var (name, email) = people?.Invoke(username!) ?? (null, null);
                layer.Members.Add(new RotationMember { Id = username, Name = name, Email = email, Slug = member.ValueKind == JsonValueKind.Object ? member.Str("slug") : null, Display = username! });
            }

            var masks = new List<VictorOpsMask>();
            foreach (var name in MaskNames)
            {
                if (shift.Prop(name) is { ValueKind: JsonValueKind.Object } mask)
                {
                    masks.Add(ReadMask(mask));
                }
            }

            foreach (var restriction in VictorOpsMasks.ToRestrictions(masks))
            {
                layer.Restrictions.Add(restriction);
            }

            definition.Layers.Add(layer);
        }

        return definition;
    }

    /// <summary>
    /// POST /api-public/v1/teams/{team}/rotations (go-victorops RotationGroupCreatePayload): start in epoch
    /// milliseconds, or with <paramref name="isoStart"/> as UTC ISO text (go-victorops' fallback after a 400
    /// about its date format).
    /// </summary>
    public static string CreateBody(RotationDefinition definition, bool isoStart = false) => RotationJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("label", definition.Name);
        w.WritePropertyName("shifts");
        w.WriteStartArray();
        foreach (var layer in definition.Layers)
        {
            w.WriteStartObject();
            w.WriteString("label", layer.Name);
            w.WriteString("timezone", layer.TimeZone ?? definition.TimeZone ?? "UTC");
            if (isoStart)
            {
                w.WriteString("start", layer.Start.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            }
            else
            {
                w.WriteNumber("start", layer.Start.ToUnixTimeMilliseconds());
            }

            w.WriteNumber("duration", (long)Math.Round(layer.ShiftLength.TotalDays));
            w.WriteString("shifttype", layer.RotationType ?? (layer.Restrictions.Count == 0 ? "std" : "pho"));
            var masks = VictorOpsMasks.FromRestrictions(layer.Restrictions) ?? Array.Empty<VictorOpsMask>();
            for (var i = 0; i < masks.Count; i++)
            {
                w.WritePropertyName(i == 0 ? "mask" : "mask" + (i + 1).ToString(CultureInfo.InvariantCulture));
                WriteMask(w, masks[i]);
            }

            foreach (var field in MemberFields)
            {
                w.WritePropertyName(field);
                w.WriteStartArray();
                foreach (var member in layer.Members)
                {
                    w.WriteStringValue(member.Id);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>PUT .../rotations/{groupId}/{shiftId}/scheduled: who holds the shift now.</summary>
    public static string ScheduledBody(string username, string? memberSlug) => RotationJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("username", username);
        if (!string.IsNullOrEmpty(memberSlug))
        {
            w.WriteString("memberSlug", memberSlug);
        }

        w.WriteEndObject();
    });

    private static VictorOpsMask ReadMask(JsonElement element)
    {
        var mask = new VictorOpsMask();
        var day = element.Prop("day");
        for (var i = 0; i < 7; i++)
        {
            mask.Days[i] = day is { } flags && flags.Prop(VictorOpsMask.DayKeys[i]) is { ValueKind: JsonValueKind.True };
        }

        foreach (var range in element.Items("time"))
        {
            mask.Times.Add((Clock(range.Prop("start")), Clock(range.Prop("end"))));
        }

        return mask;
    }

    private static TimeSpan Clock(JsonElement? element) =>
        element is { } e ? new TimeSpan((int)Math.Min(23, Math.Max(0, e.Long("hour") ?? 0)), (int)Math.Min(59, Math.Max(0, e.Long("minute") ?? 0)), 0) : TimeSpan.Zero;

    private static void WriteMask(Utf8JsonWriter w, VictorOpsMask mask)
    {
        w.WriteStartObject();
        w.WritePropertyName("day");
        w.WriteStartObject();
        for (var i = 0; i < 7; i++)
        {
            w.WriteBoolean(VictorOpsMask.DayKeys[i], mask.Days[i]);
        }

        w.WriteEndObject();
        w.WritePropertyName("time");
        w.WriteStartArray();
        foreach (var (start, end) in mask.Times)
        {
            w.WriteStartObject();
            w.WritePropertyName("start");
            WriteClock(w, start);
            w.WritePropertyName("end");
            WriteClock(w, end);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteClock(Utf8JsonWriter w, TimeSpan time)
    {
        w.WriteStartObject();
        w.WriteNumber("hour", time.Hours);
        w.WriteNumber("minute", time.Minutes);
        w.WriteEndObject();
    }
}
