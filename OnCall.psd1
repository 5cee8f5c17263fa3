#
# OnCall module manifest. ModuleVersion is stamped by the build from Directory.Build.props
# (the one place the version lives); this file is the template the layout step copies.
#
@{
    RootModule             = 'OnCall.dll'
    ModuleVersion          = '0.0.0'
    GUID                   = '5b0c7d0e-4a55-4b8e-9a1f-0c2f6a3d7e41'
    Author                 = 'OnCall contributors'
    CompanyName            = 'OnCall contributors'
    Copyright              = '(c) OnCall contributors. MIT licence.'
    Description            = 'On-call work across Splunk On-Call (VictorOps), Datadog On-Call and ZStack from one set of commands: who is on call, schedules, overrides, incidents and acknowledgement.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    RequiredAssemblies     = @('OnCall.Models.dll')
    FormatsToProcess       = @('OnCall.Format.ps1xml')
    CmdletsToExport        = @(
        'Connect-OnCall'
        'Disconnect-OnCall'
        'Get-OnCallConnection'
        'Get-OnCallUser'
        'Get-OnCallSchedule'
        'Set-OnCallOverride'
        'Get-OnCallOverride'
        'Remove-OnCallOverride'
        'Get-OnCallIncident'
        'New-OnCallIncident'
        'Invoke-IncidentAck'
        'Invoke-IncidentResolve'
        'Invoke-IncidentEscalate'
        'Invoke-IncidentReroute'
        'Add-OnCallIncidentNote'
        'Get-OnCallTeam'
        'Get-OnCallTeamMember'
        'Get-OnCallEscalationPolicy'
        'Get-OnCallRotation'
        'New-OnCallRotation'
        'Set-OnCallRotation'
        'Remove-OnCallRotation'
        'Test-OnCallRotation'
        'Copy-OnCallRotation'
        'Invoke-OnCallApi'
        'Export-OnCallCalendar'
        'Test-OnCallCoverage'
        'Measure-OnCallLoad'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('OnCall', 'VictorOps', 'SplunkOnCall', 'Datadog', 'ZStack', 'Incident', 'Schedule', 'PagerRotation', 'AzureAutomation', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/oncall-powershell/OnCall'
            LicenseUri   = 'https://github.com/oncall-powershell/OnCall/blob/main/LICENSE'
            ReleaseNotes = 'First release: connections for VictorOps, Datadog and ZStack, the shared HTTP pipeline, the VictorOps on-call and incident workflow, the schedule engine with calendar export, coverage gaps and on-call load.'
        }
    }
}
