using System.Text.Json;
using OnCall.Engine.Json;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.Datadog;

/// <summary>A Datadog user as the on-call answers include it (id, email, name, handle).</summary>
internal sealed class DatadogUser
{
    public DatadogUser(string id, string? email, string? name, string? handle)
    {
        Id = id;
        Email = string.IsNullOrWhiteSpace(email) ? null : email;
        Name = string.IsNullOrWhiteSpace(name) ? null : name;
        Handle = string.IsNullOrWhiteSpace(handle) ? null : handle;
    }

    public string Id { get; }

    public string? Email { get; }

    public string? Name { get; }

    public string? Handle { get; }

    /// <summary>
    /// What the module shows as the user: the e-mail (unique, and what Datadog users log in with; recorded answers
    /// often carry an empty name), else the handle, the name, the id.
    /// </summary>
    public string Display => Email ?? Handle ?? Name ?? Id;

    public static DatadogUser FromResource(JsonElement resource) =>
        new(resource.Str("id") ?? string.Empty, resource.Attr("email"), resource.Attr("name"), resource.Attr("handle"));

    /// <summary>Whether the text names this user (id, e-mail, handle or name; case-insensitive, wildcards allowed).</summary>
    public bool IsNamed(string text) =>
        Wildcard.IsMatch(Id, text) || Wildcard.IsMatch(Email, text) || Wildcard.IsMatch(Handle, text) || Wildcard.IsMatch(Name, text);

    public override string ToString() => Display;
}
