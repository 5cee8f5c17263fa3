using System.Globalization;

namespace OnCall.Infrastructure;

/// <summary>
/// The PowerShell advice an engine failure gets: which command or parameter helps. The engine's words
/// are about the vendor and the data ("VictorOps has no team named 'ops'"); the module's commands and
/// parameters are named here, once, keyed by the failure's stable reason. A command that knows better
/// (which command reads its own writes back) gives its advice first (OnCallCmdlet.Advice).
/// </summary>
internal static class ErrorAdvice
{
    public static string? For(OnCallException error)
    {
        var target = error.Target as string;
        return error.Reason switch
        {
            "NotConnected" => error.Provider is { } provider
                ? string.Format(CultureInfo.InvariantCulture, "Run Connect-OnCall -Provider {0} first.", provider)
                : "Run Connect-OnCall first.",
            "MissingCredential" => string.Format(CultureInfo.InvariantCulture, "Give Connect-OnCall -{0}, or a -Credential.", target),
            "MissingBaseUri" => "Give its address with Connect-OnCall -BaseUri.",
            "CredentialsInBaseUri" => string.Format(CultureInfo.InvariantCulture, "Give keys with -ApiKey, -ApplicationKey or -Token, or all of them with -Credential: Connect-OnCall -BaseUri {0} -Credential (Get-Credential).", target),
            "InvalidKey" => "Give the key to Connect-OnCall (-ApiId, -ApiKey, -ApplicationKey, -Token or -Credential) exactly as the vendor shows it, for example (Get-Content key.txt -Raw).Trim() for a key kept in a file.",
            "Unauthorized" or "Forbidden" => error.Provider switch
            {
                OnCallProvider.VictorOps => "Connect-OnCall -ApiId -ApiKey sets them.",
                OnCallProvider.Datadog => "Connect-OnCall -ApiKey -ApplicationKey -Site (or DD_API_KEY, DD_APP_KEY, DD_SITE) sets them.",
                OnCallProvider.ZStack => "Connect-OnCall -Token (or ZSTACK_ONCALL_TOKEN) sets it.",
                _ => null,
            },
            "Timeout" or "ConnectionFailed" => "Check the network path and the -BaseUri and -Proxy of the connection (Get-OnCallConnection), then try again.",
            "NotFound" => "Check the name or id; Get-OnCallTeam and Get-OnCallTeamMember list what exists.",
            "MalformedResponse" => "Run the command again; if it persists, run it with -Debug and report the answer.",
            "MayHaveApplied" => "Read it back before repeating it (Invoke-OnCallApi -Method GET reads any path).",
            "TeamNotFound" => error.Provider == OnCallProvider.VictorOps
                ? "Get-OnCallTeam lists the teams; names and slugs are both accepted."
                : "Get-OnCallTeam lists the teams of the connection.",
            "ScheduleNotFound" => "Get-OnCallRotation lists the schedules of the connection.",
            "UserNotFound" => "Get-OnCallTeamMember lists the users.",
            "PolicyNotFound" => "Get-OnCallEscalationPolicy lists the policies.",
            "OverrideNotFound" or "OverrideIdRequired" => "Get-OnCallOverride lists the scheduled overrides and their ids.",
            "UserRequired" => "Give -User, or connect with Connect-OnCall -UserName so the connection has a default.",
            "ScheduleRequired" => "Give -Schedule: one schedule, by its id or name, without wildcards.",
            "EndRequired" => "Give the end of the override with -End.",
            "OriginalUserRequired" => "Name whom the override replaces with -OriginalUser.",
            "PolicyRequired" => "Name the escalation policy with -Policy, or its team with -Team.",
            "AmbiguousPolicy" => "Give the policy's slug to -Policy, or its team with -Team.",
            "TitleRequired" => "Give -Title.",
            "InvalidTarget" when error.Provider == OnCallProvider.VictorOps && TeamSlugIn(target) is { } team =>
                string.Format(CultureInfo.InvariantCulture, "Get-OnCallEscalationPolicy -Team {0} lists the team's policies; give one to -Target as EscalationPolicy:<slug>.", team),
            "TargetRequired" or "InvalidTarget" => "Give -Target.",
            "ByUserNotSupported" => "-ByUser works with Invoke-IncidentAck and Invoke-IncidentResolve.",
            "ActionRefused" or "ActionNotConfirmed" => target is null ? null : string.Format(CultureInfo.InvariantCulture, "Get-OnCallIncident -Id {0} shows where it stands.", target),
            "AssignmentFailed" when !error.MayHaveApplied => string.Format(CultureInfo.InvariantCulture, "Fix the cause and run Set-OnCallOverride for the assignment again, or remove the override with Remove-OnCallOverride -Id {0}.", target),
            _ => null,
        };
    }

    // VictorOps pages users and policies, not teams: a team slug, alone or after "Team:", gets the way to its policies.
    private static string? TeamSlugIn(string? target)
    {
        var slug = target?.Substring(target.IndexOf(':') + 1).Trim();
        return slug is not null && slug.StartsWith("team-", System.StringComparison.OrdinalIgnoreCase) ? slug : null;
    }
}
