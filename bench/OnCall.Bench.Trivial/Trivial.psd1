@{
    RootModule        = 'OnCall.Bench.Trivial.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '0f6d3a52-93b1-4c58-8a7e-1d0b6c0e2f11'
    Author            = 'OnCall contributors'
    Description       = 'A one-cmdlet binary module: the yardstick for how long importing OnCall takes.'
    PowerShellVersion = '5.1'
    CmdletsToExport   = @('Get-Trivial')
    FunctionsToExport = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
