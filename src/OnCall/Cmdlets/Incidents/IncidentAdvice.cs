using System.Globalization;

namespace OnCall.Cmdlets.Incidents;

/// <summary>Which command reads back what the incident commands wrote, for the failures that leave it unknown.</summary>
internal static class IncidentAdvice
{
    /// <summary>
    /// For an action on incidents that may have been applied (or that the vendor did not report on): the
    /// command that shows where the incident stands; empty for Datadog, whose API cannot read a page back
    /// (the engine's words say where to look); null for any other failure.
    /// </summary>
    public static string? ReadBack(OnCallException error, string done)
    {
        if (!error.MayHaveApplied && error.Reason != "ActionNotConfirmed")
        {
            return null;
        }

        if (error.Provider == OnCallProvider.Datadog)
        {
            return string.Empty;
        }

        return error.Target is string id && id.Length > 0 && id[0] != '/'
            ? string.Format(CultureInfo.InvariantCulture, "Get-OnCallIncident -Id {0} shows whether it was {1}.", id, done)
            : "Get-OnCallIncident shows where the incidents stand.";
    }
}
