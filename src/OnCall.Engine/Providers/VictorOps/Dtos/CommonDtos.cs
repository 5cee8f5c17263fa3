using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using OnCall.Engine.Json;

namespace OnCall.Engine.Providers.VictorOps.Dtos;

// References VictorOps spells either as an object ({"name","slug"} / {"username"}) or, in older
// and assignment payloads, as a bare string. Both read into the same DTO.

/// <summary>A team, policy or rotation reference: {"name","slug"} or a bare slug.</summary>
[JsonConverter(typeof(NamedRefConverter))]
internal sealed class NamedRef
{
    public string? Name { get; set; }

    public string? Slug { get; set; }

    public string? Label { get; set; }

    /// <summary>The best readable name: name, else label, else slug.</summary>
    public string? Display => !string.IsNullOrEmpty(Name) ? Name : !string.IsNullOrEmpty(Label) ? Label : Slug;

    /// <summary>The best id: slug, else name.</summary>
    public string? Id => !string.IsNullOrEmpty(Slug) ? Slug : Name;
}

/// <summary>A user reference: {"username"} or a bare username.</summary>
[JsonConverter(typeof(UserRefConverter))]
internal sealed class UserRef
{
    public string? Username { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    public string? Email { get; set; }
}

internal sealed class NamedRefConverter : JsonConverter<NamedRef>
{
    public override NamedRef? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                var text = reader.GetString();
                return new NamedRef { Name = text, Slug = text };
            case JsonTokenType.StartObject:
                var result = new NamedRef();
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    result.Name = document.RootElement.Str("name");
                    result.Slug = document.RootElement.Str("slug");
                    result.Label = document.RootElement.Str("label");
                }

                return result;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, NamedRef value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("name", value.Name);
        writer.WriteString("slug", value.Slug);
        writer.WriteEndObject();
    }
}

internal sealed class UserRefConverter : JsonConverter<UserRef>
{
    public override UserRef? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return new UserRef { Username = reader.GetString() };
            case JsonTokenType.StartObject:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    var root = document.RootElement;
                    return new UserRef
                    {
                        Username = root.Str("username") ?? root.Str("userName") ?? root.Str("name"),
                        FirstName = root.Str("firstName"),
                        LastName = root.Str("lastName"),
                        Email = root.Str("email"),
                    };
                }

            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, UserRef value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("username", value.Username);
        writer.WriteEndObject();
    }
}

/// <summary>Reads an id that comes as a string on some answers and a number on others.</summary>
internal sealed class LenientStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    return document.RootElement.GetRawText();
                }

            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                return null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
