namespace OnCall;

/// <summary>The on-call vendors OnCall speaks to.</summary>
public enum OnCallProvider
{
    VictorOps,
    Datadog,
    ZStack,
}
