namespace OnCall;

/// <summary>What can be done to an incident.</summary>
public enum IncidentAction
{
    Acknowledge,
    Resolve,
    Escalate,
    Reroute,
}
