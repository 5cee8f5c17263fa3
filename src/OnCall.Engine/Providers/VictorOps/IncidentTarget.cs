namespace OnCall.Engine.Providers.VictorOps;

/// <summary>Where an incident is paged: {"type":"User"|"EscalationPolicy","slug"}.</summary>
internal sealed record IncidentTarget(string Type, string Slug);
