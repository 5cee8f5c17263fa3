namespace OnCall;

/// <summary>What the vendor said about one incident after an ack, resolve, reroute or escalate.</summary>
public sealed class IncidentActionResult : OnCallObject
{
    public string Id { get; set; } = string.Empty;

    /// <summary>Ack, Resolve, Reroute, Escalate, Create.</summary>
    public string Action { get; set; } = string.Empty;

    public bool Accepted { get; set; }

    public string? Message { get; set; }

    public string? User { get; set; }

    public override string ToString() => $"{Action} {Id}: {(Accepted ? "accepted" : "refused")}";
}
