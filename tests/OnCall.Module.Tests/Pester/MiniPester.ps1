<#
    The part of Pester 5 that tests/Pester/OnCall.Tests.ps1 uses, so the suite runs in the hosted PowerShell of the
    module tests on machines without Pester: Describe, It (-ForEach with <Name> templates, -Skip), BeforeDiscovery,
    BeforeAll, AfterAll, Set-ItResult, and Should with -Be, -BeTrue, -BeNullOrEmpty, -Match, -Contain, -BeIn,
    -BeGreaterThan, -BeGreaterOrEqual and -Throw (-ErrorId), each with -Not and -Because.

    Dot-source this file, dot-source the test file (discovery: BeforeDiscovery runs, Describe bodies register their
    blocks), then call Invoke-MiniPester, which runs the blocks in Pester's order and returns one result per test:
    BeforeAll at the top level and in each Describe run in the global scope, so what they define is seen by every It,
    and each It runs in a scope of its own that holds the variables of its -ForEach item.
#>

$global:MiniPesterRoot = [pscustomobject]@{ Name = '(file)'; BeforeAll = [System.Collections.Generic.List[scriptblock]]::new(); AfterAll = [System.Collections.Generic.List[scriptblock]]::new(); Blocks = [System.Collections.Generic.List[object]]::new(); Tests = [System.Collections.Generic.List[object]]::new() }
$global:MiniPesterCurrent = $global:MiniPesterRoot

function global:BeforeDiscovery {
    param([Parameter(Mandatory, Position = 0)] [scriptblock] $ScriptBlock)
    . $ScriptBlock
}

function global:BeforeAll {
    param([Parameter(Mandatory, Position = 0)] [scriptblock] $Scriptblock)
    $global:MiniPesterCurrent.BeforeAll.Add($Scriptblock)
}

function global:AfterAll {
    param([Parameter(Mandatory, Position = 0)] [scriptblock] $Scriptblock)
    $global:MiniPesterCurrent.AfterAll.Add($Scriptblock)
}

function global:Describe {
    param([Parameter(Mandatory, Position = 0)] [string] $Name, [Parameter(Mandatory, Position = 1)] [scriptblock] $Fixture)
    $parent = $global:MiniPesterCurrent
    $block = [pscustomobject]@{ Name = $Name; BeforeAll = [System.Collections.Generic.List[scriptblock]]::new(); AfterAll = [System.Collections.Generic.List[scriptblock]]::new(); Blocks = [System.Collections.Generic.List[object]]::new(); Tests = [System.Collections.Generic.List[object]]::new() }
    $parent.Blocks.Add($block)
    $global:MiniPesterCurrent = $block
    try { . $Fixture }
    finally { $global:MiniPesterCurrent = $parent }
}

function global:It {
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Position = 1)] [scriptblock] $Test,
        [object[]] $ForEach,
        [switch] $Skip
    )
    # An It without -ForEach is one test with no data (a $null emitted from an if would be no item at all).
    $items = [System.Collections.Generic.List[object]]::new()
    if ($PSBoundParameters.ContainsKey('ForEach')) { $items.AddRange([object[]]@($ForEach)) } else { $items.Add($null) }
    foreach ($item in $items) {
        $expanded = $Name
        if ($item -is [System.Collections.IDictionary]) {
            foreach ($key in $item.Keys) { $expanded = $expanded.Replace("<$key>", [string]$item[$key]) }
        }
        $global:MiniPesterCurrent.Tests.Add([pscustomobject]@{ Name = $expanded; Test = $Test; Data = $item; Skip = [bool]$Skip })
    }
}

function global:Set-ItResult {
    param([switch] $Skipped, [switch] $Inconclusive, [string] $Because)
    $outcome = if ($Inconclusive) { 'Inconclusive' } else { 'Skipped' }
    throw [System.Management.Automation.RuntimeException]::new("MiniPester.$($outcome): $Because")
}

function global:Should {
    [CmdletBinding()]
    param(
        [Parameter(ValueFromPipeline)] $ActualValue,
        [Parameter(Position = 0)] $ExpectedValue,
        [switch] $Not,
        [switch] $Be, [switch] $BeTrue, [switch] $BeNullOrEmpty, [switch] $Match, [switch] $Contain, [switch] $BeIn,
        [switch] $BeGreaterThan, [switch] $BeGreaterOrEqual, [switch] $Throw,
        [string] $ErrorId,
        [string] $Because
    )
    begin { $collected = [System.Collections.Generic.List[object]]::new() }
    process { $collected.Add($ActualValue) }
    end {
        $actual = if ($collected.Count -eq 1) { $collected[0] } elseif ($collected.Count -eq 0) { $null } else { $collected.ToArray() }
        $shown = if ($null -eq $actual) { '$null' } else { "'" + (@($actual) -join "', '") + "'" }

        if ($Be) {
            $expected = @($ExpectedValue)
            $left = @($actual)
            $holds = $left.Count -eq $expected.Count
            for ($i = 0; $holds -and $i -lt $left.Count; $i++) { $holds = $left[$i] -eq $expected[$i] }
            $said = "to be '$(@($ExpectedValue) -join "', '")'"
        }
        elseif ($BeTrue) { $holds = [bool]$actual; $said = 'to be true' }
        elseif ($BeNullOrEmpty) { $holds = $null -eq $actual -or ($actual -is [string] -and $actual.Length -eq 0) -or (@($actual).Count -eq 0); $said = 'to be null or empty' }
        elseif ($Match) { $holds = [bool](@($actual) -match $ExpectedValue); $said = "to match '$ExpectedValue'" }
        elseif ($Contain) { $holds = $ExpectedValue -in @($actual); $said = "to contain '$ExpectedValue'" }
        elseif ($BeIn) { $holds = $actual -in @($ExpectedValue); $said = "to be one of '$(@($ExpectedValue) -join "', '")'" }
        elseif ($BeGreaterThan) { $holds = $actual -gt $ExpectedValue; $said = "to be greater than $ExpectedValue" }
        elseif ($BeGreaterOrEqual) { $holds = $actual -ge $ExpectedValue; $said = "to be at least $ExpectedValue" }
        elseif ($Throw) {
            $thrown = $null
            try { $null = & $actual } catch { $thrown = $_ }
            $holds = $null -ne $thrown -and (-not $ErrorId -or $thrown.FullyQualifiedErrorId -like $ErrorId)
            $said = if ($ErrorId) { "to throw an error with id like '$ErrorId'" } else { 'to throw' }
            $shown = if ($null -eq $thrown) { 'nothing thrown' } else { "$($thrown.FullyQualifiedErrorId): $thrown" }
        }
        else { throw "MiniPester: no assertion given to Should." }

        if ($holds -eq [bool]$Not) {
            $because = if ($Because) { ", because $Because" } else { '' }
            throw [System.Management.Automation.RuntimeException]::new("Expected $(if ($Not) { 'not ' })$said$because, but got $shown.")
        }
    }
}

function global:Invoke-MiniPester {
    $results = [System.Collections.Generic.List[object]]::new()

    function Invoke-Block($block, [string] $path) {
        $failed = $null
        try { foreach ($setup in $block.BeforeAll) { . $setup } }
        catch { $failed = "BeforeAll failed: $_" }

        foreach ($test in $block.Tests) {
            $name = "$path$($test.Name)"
            if ($test.Skip) { $results.Add([pscustomobject]@{ Name = $name; Outcome = 'Skipped'; Message = '-Skip' }); continue }
            if ($failed) { $results.Add([pscustomobject]@{ Name = $name; Outcome = 'Failed'; Message = $failed }); continue }
            try {
                $null = & {
                    param($MiniPesterData, $MiniPesterTest)
                    if ($MiniPesterData -is [System.Collections.IDictionary]) {
                        foreach ($key in $MiniPesterData.Keys) { Set-Variable -Name $key -Value $MiniPesterData[$key] }
                    }
                    $_ = $MiniPesterData
                    . $MiniPesterTest
                } $test.Data $test.Test
                $results.Add([pscustomobject]@{ Name = $name; Outcome = 'Passed'; Message = '' })
            }
            catch {
                $message = "$_"
                $outcome = if ($message -match '^MiniPester\.(Skipped|Inconclusive): ') { $Matches[1] } else { 'Failed' }
                $results.Add([pscustomobject]@{ Name = $name; Outcome = $outcome; Message = "$message $($_.InvocationInfo.PositionMessage)" })
            }
        }

        foreach ($inner in $block.Blocks) {
            if ($failed) {
                foreach ($test in $inner.Tests) { $results.Add([pscustomobject]@{ Name = "$path$($inner.Name) > $($test.Name)"; Outcome = 'Failed'; Message = $failed }) }
                continue
            }
            Invoke-Block $inner "$path$($inner.Name) > "
        }

        try { foreach ($teardown in $block.AfterAll) { . $teardown } }
        catch { $results.Add([pscustomobject]@{ Name = "$path(AfterAll)"; Outcome = 'Failed'; Message = "AfterAll failed: $_" }) }
    }

    Invoke-Block $global:MiniPesterRoot ''
    $results
}
