namespace OnCall.Engine.Providers.VictorOps;

/// <summary>An escalation policy resolved from a name or slug.</summary>
internal sealed record PolicyRef(string Slug, string? Name, string? TeamName, string? TeamSlug);
