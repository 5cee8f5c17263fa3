<#
.SYNOPSIS
    Azure Automation runbook: acknowledge VictorOps incidents that nobody has touched for too long,
    with a note saying why, and report what was done.
.DESCRIPTION
    Needs the OnCall module imported into the Automation account and a credential asset whose user
    name is the VictorOps API id and whose password is the API key.
#>
param(
    [string] $CredentialName = 'VictorOps',
    [string] $UserName = 'automation',
    [int] $StaleMinutes = 30
)

$ErrorActionPreference = 'Stop'
Import-Module OnCall

$credential = Get-AutomationPSCredential -Name $CredentialName
Connect-OnCall -Provider VictorOps -Credential $credential -UserName $UserName | Out-Null

$cutoff = [DateTimeOffset]::Now.AddMinutes(-$StaleMinutes)
$stale = Get-OnCallIncident -Status Triggered | Where-Object { $_.Start -lt $cutoff }
if (-not $stale) {
    Write-Output 'No stale incidents.'
    return
}

# One request acknowledges them all; an incident VictorOps refuses is reported and the rest go on.
$results = $stale | Invoke-IncidentAck -Message "Acknowledged by automation after $StaleMinutes minutes without response." -ErrorAction Continue
$results | Where-Object Accepted | ForEach-Object { Write-Output "Acknowledged incident $($_.Id)" }
$stale | Add-OnCallIncidentNote -Text "Auto-acknowledged: no response within $StaleMinutes minutes." | Out-Null
