namespace OnCall.Engine.Providers;

/// <summary>What a vendor's incident ids look like, so a cmdlet can refuse a malformed one before any request.</summary>
public interface IIncidentIdRule
{
    /// <summary>Why the text cannot be one of this vendor's incident ids (an InvalidArgument about it), or null when it can.</summary>
    OnCallException? IncidentIdProblem(string id);
}
