#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    The OnCall module as a person with pwsh sees it: what the in-process engine used by the xunit
    suites cannot show. Format views and Out-String rendering, ConvertTo-Json, Get-Help pages, and
    a short session against the vendor emulator.

    It imports the BUILT module (out/OnCall/OnCall.psd1), never the source. Run it in a fresh
    process, because a binary module cannot be unloaded from a session:

        pwsh -NoProfile -Command "Invoke-Pester -Path tests/Pester -Output Detailed"

    The emulator is started with `dotnet run` on http://127.0.0.1:5080 and stopped at the end. To
    use one that is already running, set $env:ONCALL_EMULATOR_URI (it is then left running).

    `dotnet test` runs this file too, where Pester is not installed: the module tests' PesterSuiteTests
    give it the part of Pester it uses (tests/OnCall.Module.Tests/Pester/MiniPester.ps1). A Pester
    feature used here for the first time needs adding there.
#>

BeforeDiscovery {
    $script:ManifestPath = Join-Path $PSScriptRoot '../../out/OnCall/OnCall.psd1'
    if (-not (Test-Path $script:ManifestPath)) {
        throw "The built module is missing at $script:ManifestPath. Build it first (./build.ps1)."
    }

    # The list of cmdlets drives one help test per cmdlet, so it is needed while tests are discovered.
    $discovered = Import-Module $script:ManifestPath -Force -PassThru
    $script:CommandCases = @($discovered.ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })

    # Every type with a view in the format file.
    $script:TypeCases = @(
        'OnCall.Connection', 'OnCall.Shift', 'OnCall.OnCallUser', 'OnCall.Incident', 'OnCall.IncidentActionResult', 'OnCall.Override',
        'OnCall.Team', 'OnCall.TeamMember', 'OnCall.EscalationPolicy', 'OnCall.Rotation', 'OnCall.IncidentNote', 'OnCall.CoverageGap',
        'OnCall.OnCallLoad'
    ) | ForEach-Object { @{ TypeName = $_ } }
}

BeforeAll {
    $script:ManifestPath = Join-Path $PSScriptRoot '../../out/OnCall/OnCall.psd1'
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module $script:ManifestPath

    # The help ships in en-US only, and the assertions read PowerShell's English labels.
    $script:SavedUICulture = [System.Globalization.CultureInfo]::CurrentUICulture
    [System.Globalization.CultureInfo]::CurrentUICulture = [System.Globalization.CultureInfo]::GetCultureInfo('en-US')

    # The object model assembly loads when a cmdlet's parameters are first looked at; the samples
    # below name its types directly, so make sure it is there.
    $null = (Get-Command -Name Connect-OnCall -Module OnCall).Parameters['Provider'].ParameterType

    # A fixed instant, so rendered times are the same on every machine.
    $script:Start = [DateTimeOffset]::new(2026, 11, 23, 8, 0, 0, [TimeSpan]::Zero)
    $script:End = $script:Start.AddHours(12)

    # The cmdlets write their objects under a PSTypeName, which is what the format views key on.
    function New-OnCallSample {
        param(
            [Parameter(Mandatory)] [string] $TypeName,
            [Parameter(Mandatory)] [object] $Value
        )

        if ($Value.PSObject.Properties['Raw']) {
            $raw = [System.Collections.Generic.Dictionary[string, object]]::new([StringComparer]::OrdinalIgnoreCase)
            $raw['vendorOnlyField'] = 'RAW-MARKER-VALUE'
            $Value.Raw = $raw
        }

        $wrapped = [psobject]::AsPSObject($Value)
        $wrapped.PSObject.TypeNames.Insert(0, $TypeName)
        $wrapped
    }

    $script:Samples = @{
        'OnCall.Connection'           = New-OnCallSample 'OnCall.Connection' ([OnCall.OnCallConnection]@{
                Name = 'vo-prod'; Provider = 'VictorOps'; BaseUri = [uri]'https://api.victorops.com/'; UserName = 'jdoe'
                CredentialSource = 'Parameter'; IsDefault = $true; ConnectedAt = $script:Start
            })
        'OnCall.Shift'                = New-OnCallSample 'OnCall.Shift' ([OnCall.Shift]@{
                Provider = 'VictorOps'; Connection = 'vo-prod'; Team = 'ops'; Policy = 'ops-primary'; Schedule = 'ops-weekly'
                User = 'jdoe'; Start = $script:Start; End = $script:End; TimeZone = 'Europe/Berlin'; IsOverride = $true; OriginalUser = 'asmith'
            })
        'OnCall.OnCallUser'           = New-OnCallSample 'OnCall.OnCallUser' ([OnCall.OnCallUser]@{
                Provider = 'Datadog'; Connection = 'dd-eu'; Team = 'payments'; Policy = 'payments-primary'; User = 'jdoe'
                Email = 'jdoe@example.com'; Start = $script:Start; End = $script:End
            })
        'OnCall.Incident'             = New-OnCallSample 'OnCall.Incident' ([OnCall.Incident]@{
                Provider = 'VictorOps'; Connection = 'vo-prod'; Id = '4711'; Status = 'Triggered'; Title = 'Disk full on db-01'
                Service = 'postgres'; Host = 'db-01'; Team = 'ops'; Start = $script:Start
            })
        'OnCall.IncidentActionResult' = New-OnCallSample 'OnCall.IncidentActionResult' ([OnCall.IncidentActionResult]@{
                Provider = 'VictorOps'; Connection = 'vo-prod'; Id = '4711'; Action = 'Ack'; Accepted = $true; User = 'jdoe'
                Message = 'Acknowledged'
            })
        'OnCall.Override'             = New-OnCallSample 'OnCall.Override' ([OnCall.Override]@{
                Provider = 'ZStack'; Connection = 'zs'; Id = 'ovr-1'; Team = 'ops'; Schedule = 'ops-weekly'; User = 'jdoe'
                OriginalUser = 'asmith'; Start = $script:Start; End = $script:End; Reason = 'swap'
            })
        'OnCall.Team'                 = New-OnCallSample 'OnCall.Team' ([OnCall.Team]@{
                Provider = 'Datadog'; Connection = 'dd-eu'; Id = '6a1f0d2e-0000-4000-8000-00000000a001'; Name = 'Platform Ops'; MemberCount = 4
            })
        'OnCall.TeamMember'           = New-OnCallSample 'OnCall.TeamMember' ([OnCall.TeamMember]@{
                Provider = 'Datadog'; Connection = 'dd-eu'; Team = 'Platform Ops'; User = 'alice.nguyen@example.com'; FirstName = 'Alice'
                LastName = 'Nguyen'; Email = 'alice.nguyen@example.com'
            })
        'OnCall.EscalationPolicy'     = New-OnCallSample 'OnCall.EscalationPolicy' ([OnCall.EscalationPolicy]@{
                Provider = 'Datadog'; Connection = 'dd-eu'; Id = '9e7d4c20-0000-4000-8000-00000000c001'; Name = 'Platform Ops Escalation'
                Team = 'Platform Ops'
            })
        'OnCall.Rotation'             = New-OnCallSample 'OnCall.Rotation' ([OnCall.Rotation]@{
                Provider = 'VictorOps'; Connection = 'vo-prod'; Id = 'rot-1'; Name = 'Weekly'; Team = 'Platform Ops'
                ShiftLength = [TimeSpan]::FromDays(7); TimeZone = 'America/New_York'; Start = $script:Start
            })
        'OnCall.IncidentNote'         = New-OnCallSample 'OnCall.IncidentNote' ([OnCall.IncidentNote]@{
                Provider = 'VictorOps'; Connection = 'vo-prod'; IncidentId = '4711'; Name = 'note-20261123T031502123'
                Text = 'Removed 30 GB of old logs from /var/log/app; disk at 61%. Watching for another hour.'
            })
        'OnCall.CoverageGap'          = New-OnCallSample 'OnCall.CoverageGap' ([OnCall.CoverageGap]@{
                Provider = 'VictorOps'; Connection = 'vo-prod'; Team = 'Platform Ops'; Schedule = 'Platform Ops Secondary'
                Start = $script:Start; End = $script:End
            })
        'OnCall.OnCallLoad'           = New-OnCallSample 'OnCall.OnCallLoad' ([OnCall.OnCallLoad]@{
                Provider = 'Datadog'; Connection = 'dd-eu'; User = 'alice.nguyen@example.com'; Team = 'Platform Ops'
                Schedule = 'Platform Primary'; TotalHours = 503.99; NightHours = 189; WeekendHours = 143.99; ShiftCount = 3
                Handoffs = 6; Share = 0.375; Start = $script:Start; End = $script:End
            })
    }
    $script:Samples['OnCall.EscalationPolicy'].Steps.Add([OnCall.EscalationStep]@{ Index = 0; TimeoutMinutes = 15 })
    foreach ($member in 'alice.nguyen@example.com', 'bob.martin@example.com', 'jane.doe@example.com') {
        $script:Samples['OnCall.Rotation'].Members.Add($member)
    }

    # The header cells of a table as Format-Table wrote it: the labels above the dashes, one line.
    function Get-RenderedHeader {
        param([Parameter(Mandatory)] [AllowEmptyString()] [string[]] $Line)

        for ($i = 1; $i -lt $Line.Count; $i++) {
            if ($Line[$i] -match '^-+( +-+)* *$') {
                $header = $Line[$i - 1]
                return [regex]::Matches($Line[$i], '-+') | ForEach-Object {
                    if ($header.Length -gt $_.Index) { $header.Substring($_.Index, [Math]::Min($_.Length, $header.Length - $_.Index)).Trim() } else { '' }
                }
            }
        }
    }

    # The columns of a type's default table view, as Format-Table shows them in its header.
    function Get-TableViewHeader {
        param([Parameter(Mandatory)] [string] $TypeName)

        $table = Get-FormatData -TypeName $TypeName |
            ForEach-Object FormatViewDefinition |
            Where-Object { $_.Control -is [System.Management.Automation.TableControl] } |
            Select-Object -First 1 -ExpandProperty Control
        if (-not $table) { return }

        $entries = $table.Rows[0].Columns
        for ($i = 0; $i -lt $entries.Count; $i++) {
            $label = if ($table.Headers.Count -gt $i) { $table.Headers[$i].Label }
            if (-not [string]::IsNullOrEmpty($label)) {
                $label
            }
            elseif ($entries[$i].DisplayEntry.ValueType -eq 'Property') {
                # No label: Format-Table heads the column with the property name.
                $entries[$i].DisplayEntry.Value
            }
        }
    }
}

AfterAll {
    [System.Globalization.CultureInfo]::CurrentUICulture = $script:SavedUICulture
}

Describe 'Output types render' {
    It '<TypeName> has a default table view' -ForEach $TypeCases {
        Get-TableViewHeader -TypeName $TypeName | Should -Not -BeNullOrEmpty -Because 'every OnCall output type needs a format view'
    }

    It '<TypeName> renders through Format-Table | Out-String with its view''s columns' -ForEach $TypeCases {
        # -AutoSize: a view's fixed widths may cut a long header short; the columns are what is checked.
        $text = $Samples[$TypeName] | Format-Table -AutoSize | Out-String -Width 250

        $text.Trim() | Should -Not -BeNullOrEmpty
        foreach ($header in Get-TableViewHeader -TypeName $TypeName) {
            $text | Should -Match ([regex]::Escape($header))
        }
    }

    It '<TypeName> fits an 80-column window with every header whole, on one line' -ForEach $TypeCases {
        # Azure Automation's output pane and a default terminal are 80 columns wide.
        $lines = @(($Samples[$TypeName] | Format-Table | Out-String -Width 80) -split '\r?\n')

        @($lines | Where-Object { $_.Length -gt 80 }) | Should -BeNullOrEmpty
        $header = @(Get-RenderedHeader -Line $lines)
        $header | Should -Be @(Get-TableViewHeader -TypeName $TypeName)
        $rule = @(0..($lines.Count - 1) | Where-Object { $lines[$_] -match '^-+( +-+)* *$' })[0]
        [string]::IsNullOrWhiteSpace($lines[$rule - 2]) | Should -BeTrue -Because 'a header that wraps takes more than one line'
    }

    It '<TypeName> keeps Raw out of the default view' -ForEach $TypeCases {
        $text = $Samples[$TypeName] | Out-String -Width 250

        $text | Should -Not -Match 'RAW-MARKER-VALUE'
        $text | Should -Not -Match '\bRaw\b'
    }

    It '<TypeName> renders through Format-List, and Format-List * shows Raw' -ForEach $TypeCases {
        $list = $Samples[$TypeName] | Format-List | Out-String -Width 250
        $all = $Samples[$TypeName] | Format-List -Property * | Out-String -Width 250

        $list.Trim() | Should -Not -BeNullOrEmpty
        if ($Samples[$TypeName].PSObject.Properties['Raw']) {
            $all | Should -Match 'Raw'
        }
    }
}

Describe 'Output types convert to JSON' {
    It '<TypeName> converts with ConvertTo-Json and back' -ForEach $TypeCases {
        $sample = $Samples[$TypeName]

        $json = $sample | ConvertTo-Json -Depth 5 -WarningAction Stop
        $back = $json | ConvertFrom-Json

        $back | Should -Not -BeNullOrEmpty
        foreach ($name in 'Provider', 'Name', 'Id', 'User', 'Team') {
            if ($sample.PSObject.Properties[$name]) {
                $back.PSObject.Properties.Name | Should -Contain $name
            }
        }
    }

    It '<TypeName> writes its times as ISO 8601 with the offset' -ForEach $TypeCases -Skip:($PSVersionTable.PSEdition -eq 'Desktop') {
        $sample = $Samples[$TypeName]
        if (-not ($sample.PSObject.Properties['Start'] -or $sample.PSObject.Properties['ConnectedAt'])) {
            Set-ItResult -Skipped -Because "$TypeName has no time"
            return
        }

        $sample | ConvertTo-Json -Depth 5 | Should -Match '2026-11-23T08:00:00(\.0+)?\+00:00'
    }

    It '<TypeName> keeps the vendor''s raw answer in the JSON' -ForEach $TypeCases {
        $sample = $Samples[$TypeName]
        if (-not $sample.PSObject.Properties['Raw']) {
            Set-ItResult -Skipped -Because "$TypeName has no Raw property"
            return
        }

        $sample | ConvertTo-Json -Depth 5 | Should -Match 'RAW-MARKER-VALUE'
    }
}

Describe 'Help' {
    It '<Name> has a synopsis, a description, two examples and every parameter described' -ForEach $CommandCases {
        $help = Get-Help -Name $Name -Full
        $command = Get-Command -Name $Name -Module OnCall

        $help.Synopsis | Should -Not -BeNullOrEmpty
        # Without a help file Get-Help makes up a synopsis from the syntax and has no description.
        $help.Synopsis.Trim() | Should -Not -Match "^$([regex]::Escape($Name))\s+\["
        ($help.description.Text -join "`n").Trim() | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2

        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        # A hidden parameter (DontShow, as -Provider, which only binds from piped objects) is left out of help on purpose.
        $shown = $command.Parameters.Values | Where-Object { -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }) }
        foreach ($parameter in $shown.Name | Where-Object { $_ -notin $common }) {
            $documented = $help.parameters.parameter | Where-Object name -EQ $parameter
            $documented | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name must be in its help"
            ($documented.description.Text -join "`n").Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }

    It '<Name> renders with -Full' -ForEach $CommandCases {
        $text = Get-Help -Name $Name -Full | Out-String -Width 120

        $text | Should -Match 'SYNOPSIS'
        $text | Should -Match 'PARAMETERS'
        $text | Should -Match 'Example 1'
        $text | Should -Match 'Accept pipeline input\?'
    }

    It '<Name> renders with -Examples, each with code and words' -ForEach $CommandCases {
        $help = Get-Help -Name $Name -Examples
        $text = $help | Out-String -Width 120

        $text | Should -Match ([regex]::Escape($Name))
        foreach ($example in @($help.examples.example)) {
            $example.code | Should -Not -BeNullOrEmpty
            ($example.remarks.Text -join '').Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It '<Name> shows every parameter set in its syntax' -ForEach $CommandCases {
        $command = Get-Command -Name $Name -Module OnCall

        @((Get-Help -Name $Name).syntax.syntaxItem).Count | Should -Be $command.ParameterSets.Count
    }

    It '<Name> shows -WhatIf and -Confirm in its syntax when it changes something' -ForEach $CommandCases {
        $command = Get-Command -Name $Name -Module OnCall
        if (-not $command.Parameters.ContainsKey('WhatIf')) {
            Set-ItResult -Skipped -Because "$Name changes nothing"
            return
        }

        # The syntax object, which no host width wraps: every parameter set takes -WhatIf and -Confirm.
        foreach ($item in @((Get-Help -Name $Name).syntax.syntaxItem)) {
            @($item.parameter.name) | Should -Contain 'WhatIf'
            @($item.parameter.name) | Should -Contain 'Confirm'
        }

        # The page as printed: Get-Help wraps SYNTAX at the host's width (80 without a console) whatever
        # Out-String -Width says, so line breaks and indents count as the space they replace.
        ((Get-Help -Name $Name | Out-String) -replace '\s+', ' ') | Should -Match '\[-WhatIf\] \[-Confirm\]'
    }

    It 'has the about_OnCall topic' {
        $text = Get-Help about_OnCall | Out-String

        $text | Should -Match 'about_OnCall'
        $text | Should -Match 'CONNECTIONS'
        $text | Should -Match 'ERRORS'
    }
}

Describe 'A session against the emulator' {
    BeforeAll {
        # Keys must come from the parameters here, not from whatever the machine has set.
        $script:SavedEnvironment = @{}
        foreach ($name in 'VICTOROPS_API_ID', 'VICTOROPS_API_KEY', 'VICTOROPS_USER', 'DD_API_KEY', 'DD_APP_KEY', 'DD_APPLICATION_KEY', 'DD_SITE', 'ZSTACK_ONCALL_TOKEN', 'ZSTACK_ONCALL_URL') {
            $script:SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }

        $script:EmulatorProcess = $null
        $script:EmulatorUri = if ($env:ONCALL_EMULATOR_URI) { $env:ONCALL_EMULATOR_URI.TrimEnd('/') } else { 'http://127.0.0.1:5080' }
        $endpoint = [uri]$script:EmulatorUri

        function Test-EmulatorListening {
            $client = [System.Net.Sockets.TcpClient]::new()
            try {
                $client.ConnectAsync($endpoint.Host, $endpoint.Port).Wait(1000) -and $client.Connected
            }
            catch { $false }
            finally { $client.Dispose() }
        }

        if (-not $env:ONCALL_EMULATOR_URI) {
            if (Test-EmulatorListening) {
                throw "Something already listens on $script:EmulatorUri. Stop it, or set `$env:ONCALL_EMULATOR_URI to use it."
            }

            $script:EmulatorLog = Join-Path ([System.IO.Path]::GetTempPath()) "oncall-emulator-$PID.log"
            $startArguments = @{
                FilePath               = 'dotnet'
                # Start-Process joins the arguments with spaces and quotes none of them.
                ArgumentList           = @('run', '--project', ('"{0}"' -f (Join-Path $RepoRoot 'tools/OnCall.Emulator')), '--', '--urls', $script:EmulatorUri)
                RedirectStandardOutput = $script:EmulatorLog
                RedirectStandardError  = "$script:EmulatorLog.err"
                NoNewWindow            = $true
                PassThru               = $true
            }
            $script:EmulatorProcess = Start-Process @startArguments

            # dotnet run builds first: give it time, but fail with its output rather than hang.
            $deadline = [DateTime]::UtcNow.AddSeconds(180)
            while (-not (Test-EmulatorListening)) {
                if ($script:EmulatorProcess.HasExited) {
                    $output = (Get-Content $script:EmulatorLog, "$script:EmulatorLog.err" -ErrorAction SilentlyContinue) -join "`n"
                    throw "The emulator exited with code $($script:EmulatorProcess.ExitCode):`n$output"
                }
                if ([DateTime]::UtcNow -gt $deadline) {
                    throw "The emulator did not listen on $script:EmulatorUri within 180 seconds; see $script:EmulatorLog."
                }
                Start-Sleep -Milliseconds 500
            }
        }

        Disconnect-OnCall -All
        $script:Connection = Connect-OnCall -Provider VictorOps -ApiId demo-api-id -ApiKey demo-api-key -BaseUri $script:EmulatorUri -UserName jdoe
    }

    AfterAll {
        Disconnect-OnCall -All -ErrorAction SilentlyContinue

        if ($script:EmulatorProcess -and -not $script:EmulatorProcess.HasExited) {
            # dotnet run starts the emulator as a child process: stop the whole tree, not only dotnet.
            if ($PSVersionTable.PSEdition -eq 'Core') {
                $script:EmulatorProcess.Kill($true)
            }
            else {
                & taskkill.exe /PID $script:EmulatorProcess.Id /T /F | Out-Null
            }
            $script:EmulatorProcess.WaitForExit(10000) | Out-Null
        }

        foreach ($entry in $script:SavedEnvironment.GetEnumerator()) {
            [Environment]::SetEnvironmentVariable($entry.Key, $entry.Value)
        }
    }

    It 'Connect-OnCall writes an OnCall.Connection that is the default' {
        $Connection.PSObject.TypeNames | Should -Contain 'OnCall.Connection'
        $Connection.Provider | Should -Be 'VictorOps'
        $Connection.UserName | Should -Be 'jdoe'
        $Connection.IsDefault | Should -BeTrue
        $Connection.BaseUri.Authority | Should -Be ([uri]$EmulatorUri).Authority

        (Get-OnCallConnection -Default).Name | Should -Be 'VictorOps'
    }

    It 'the connection never shows its keys, in any rendering' {
        $renderings = @(
            $Connection | Out-String -Width 250
            $Connection | Format-List -Property * -Force | Out-String -Width 250
            $Connection | ConvertTo-Json -Depth 5
            "$Connection"
        )

        foreach ($text in $renderings) {
            $text | Should -Not -Match 'demo-api-key'
        }
    }

    It 'Get-OnCallUser answers with OnCall.OnCallUser objects that render' {
        $users = @(Get-OnCallUser)

        $users.Count | Should -BeGreaterThan 0
        $users[0].PSObject.TypeNames | Should -Contain 'OnCall.OnCallUser'
        $users[0].Provider | Should -Be 'VictorOps'
        $users[0].Connection | Should -Be 'VictorOps'
        ($users | Format-Table | Out-String -Width 250).Trim() | Should -Not -BeNullOrEmpty
        { $users | ConvertTo-Json -Depth 5 -WarningAction Stop } | Should -Not -Throw
    }

    It 'Get-OnCallIncident | Invoke-IncidentAck -WhatIf acknowledges nothing' {
        $before = @(Get-OnCallIncident)
        if ($before.Count -eq 0) {
            Set-ItResult -Inconclusive -Because 'the emulator has no incidents to pipe'
            return
        }
        $before[0].PSObject.TypeNames | Should -Contain 'OnCall.Incident'

        $results = @(Get-OnCallIncident | Invoke-IncidentAck -WhatIf)

        $results.Count | Should -Be 0
        $after = @(Get-OnCallIncident)
        ($after | ForEach-Object { "$($_.Id)=$($_.Status)" }) | Should -Be ($before | ForEach-Object { "$($_.Id)=$($_.Status)" })
    }

    It 'Datadog and ZStack connections sit beside it, and the newest is the default' {
        $datadog = Connect-OnCall -Provider Datadog -ApiKey demo-dd-api-key -ApplicationKey demo-dd-app-key -BaseUri $EmulatorUri -Name dd-local
        $zstack = Connect-OnCall -Provider ZStack -Token demo-zstack-token -BaseUri $EmulatorUri -Name zs-local

        $datadog.Site | Should -Be 'datadoghq.com'
        $datadog.PagingUri | Should -Be $datadog.BaseUri
        $zstack.IsDefault | Should -BeTrue
        @(Get-OnCallConnection).Name | Should -Be @('VictorOps', 'dd-local', 'zs-local')
        (Get-OnCallConnection -Name 'dd-*').Name | Should -Be 'dd-local'

        Disconnect-OnCall -Name zs-local, dd-local
        (Get-OnCallConnection -Default).Name | Should -Be 'VictorOps'
    }

    It 'keys from environment variables are used and recorded as such' {
        try {
            $env:DD_API_KEY = 'demo-dd-api-key'
            $env:DD_APP_KEY = 'demo-dd-app-key'

            $connection = Connect-OnCall -Provider Datadog -BaseUri $EmulatorUri -Name dd-env

            $connection.CredentialSource | Should -Be 'Environment'
        }
        finally {
            $env:DD_API_KEY = $null
            $env:DD_APP_KEY = $null
            Disconnect-OnCall -Name dd-env -ErrorAction SilentlyContinue
        }
    }

    It 'wrong keys fail with an authentication error and leave no connection' {
        $failure = $null
        try {
            Connect-OnCall -Provider VictorOps -ApiId demo-api-id -ApiKey 'not-the-key' -BaseUri $EmulatorUri -Name vo-wrong -ErrorAction Stop
        }
        catch {
            $failure = $_
        }

        $failure | Should -Not -BeNullOrEmpty
        $failure.CategoryInfo.Category | Should -BeIn 'AuthenticationError', 'PermissionDenied'
        $failure.FullyQualifiedErrorId | Should -Match '^OnCall\.'
        "$failure" | Should -Not -Match 'not-the-key'
        Get-OnCallConnection -Name 'vo-wrong*' | Should -BeNullOrEmpty
    }

    It 'plain http to another host is refused before any request' {
        { Connect-OnCall -Provider VictorOps -ApiId demo-api-id -ApiKey demo-api-key -BaseUri 'http://oncall.example.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'OnCall.VictorOps.InsecureBaseUri*'
    }

    It 'Disconnect-OnCall -WhatIf keeps the connection and Disconnect-OnCall -All removes it' {
        Disconnect-OnCall -WhatIf
        Get-OnCallConnection -Name VictorOps | Should -Not -BeNullOrEmpty

        Disconnect-OnCall -All
        Get-OnCallConnection | Should -BeNullOrEmpty
    }
}
