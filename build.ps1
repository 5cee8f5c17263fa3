<#
.SYNOPSIS
    Builds, tests, packages or cleans the OnCall module.
.DESCRIPTION
    A thin wrapper over dotnet and MSBuild: every task is also reachable without PowerShell
    (see README.md), and CI runs those commands directly.
.EXAMPLE
    ./build.ps1 -Task Build
.EXAMPLE
    ./build.ps1 -Task Test, Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-Location -Path $PSScriptRoot

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

foreach ($step in $Task) {
    switch ($step) {
        'Clean' {
            Invoke-Dotnet clean OnCall.sln -c $Configuration -nologo
            Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $PSScriptRoot 'out')
        }
        'Build' {
            Invoke-Dotnet build build/OnCall.Layout.csproj -c $Configuration -nologo
        }
        'Test' {
            Invoke-Dotnet test OnCall.sln -c $Configuration -nologo
            if (Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version -ge [version]'5.0' }) {
                # A loaded binary module cannot be unloaded: run Pester in a child process.
                & (Get-Process -Id $PID).Path -NoProfile -Command "Invoke-Pester -Path '$PSScriptRoot/tests/Pester' -CI"
                if ($LASTEXITCODE -ne 0) { throw 'Pester tests failed.' }
            }
            else {
                Write-Warning 'Pester 5 is not installed: the xunit suites ran, the Pester suite did not.'
            }
        }
        'Package' {
            Invoke-Dotnet build build/OnCall.Layout.csproj -c $Configuration -nologo -t:Package
        }
    }
}
