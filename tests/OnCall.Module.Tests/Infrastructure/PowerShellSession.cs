using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace OnCall.Module.Tests.Infrastructure;

/// <summary>What one script run produced, stream by stream.</summary>
public sealed class RunResult
{
    public required Collection<PSObject> Output { get; init; }

    public required IReadOnlyList<ErrorRecord> Errors { get; init; }

    public required IReadOnlyList<string> Verbose { get; init; }

    public required IReadOnlyList<string> Debug { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public required IReadOnlyList<ProgressRecord> Progress { get; init; }

    /// <summary>A terminating error, if the script stopped with one.</summary>
    public ErrorRecord? Terminating { get; init; }

    /// <summary>Every error, terminating included.</summary>
    public IEnumerable<ErrorRecord> AllErrors => Terminating is null ? Errors : Errors.Append(Terminating);

    /// <summary>Everything that could have been shown to a user, for redaction checks.</summary>
    public string AllText(CollectingHost host) => string.Join("\n", Output.Select(o => o?.ToString()))
        + "\n" + string.Join("\n", AllErrors.Select(e => e.ToString() + " " + e.ErrorDetails?.Message + " " + e.Exception?.ToString()))
        + "\n" + string.Join("\n", Verbose) + "\n" + string.Join("\n", Debug) + "\n" + string.Join("\n", Warnings) + "\n" + host.Text;
}

/// <summary>
/// A runspace with OnCall imported from out/OnCall, as a user would import it, in a host of <c>columns</c> columns (80,
/// a default terminal and Azure Automation's output pane) that prints plain text. It has the modules of a pwsh session
/// that a user looks at objects and files with: Microsoft.PowerShell.Utility (Format-Table, Format-List, Out-String,
/// ConvertTo-Json, Select-Object) and Microsoft.PowerShell.Management (Join-Path, Test-Path, Get-Content).
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    // System.Management.Automation alone has neither; the test project carries their assemblies.
    private const string ImportUtility =
        "Import-Module -Assembly ([System.Reflection.Assembly]::Load('Microsoft.PowerShell.Commands.Utility')), ([System.Reflection.Assembly]::Load('Microsoft.PowerShell.Commands.Management'))";

    private readonly Runspace _runspace;

    public PowerShellSession(bool importModule = true, int columns = 80)
    {
        Host = new CollectingHost(columns);
        var state = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(Host, state);
        _runspace.Open();
        RunOk(ImportUtility + "; $PSStyle.OutputRendering = 'PlainText'; $ProgressPreference = 'Continue'; $ErrorActionPreference = 'Continue'");
        if (importModule)
        {
            var import = Run("Import-Module -Name $args[0] -ErrorAction Stop", ModulePathAttribute.Manifest);
            if (import.Terminating is not null || import.Errors.Count > 0)
            {
                throw new InvalidOperationException("Import-Module OnCall failed: " + string.Join("; ", import.AllErrors.Select(e => e.ToString())));
            }
        }
    }

    public CollectingHost Host { get; }

    public Runspace Runspace => _runspace;

    /// <summary>Runs a script; $args holds the arguments. Never throws for script errors.</summary>
    public RunResult Run(string script, params object?[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var arg in args)
        {
            ps.AddArgument(arg);
        }

        Collection<PSObject> output;
        ErrorRecord? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            output = new Collection<PSObject>();
            terminating = ex.ErrorRecord;
        }

        return new RunResult
        {
            Output = output,
            Errors = ps.Streams.Error.ToList(),
            Verbose = ps.Streams.Verbose.Select(v => v.Message).ToList(),
            Debug = ps.Streams.Debug.Select(v => v.Message).ToList(),
            Warnings = ps.Streams.Warning.Select(v => v.Message).ToList(),
            Progress = ps.Streams.Progress.ToList(),
            Terminating = terminating,
        };
    }

    /// <summary>Runs a script and fails the test on any error.</summary>
    public Collection<PSObject> RunOk(string script, params object?[] args)
    {
        var result = Run(script, args);
        var errors = result.AllErrors.ToList();
        Assert.True(errors.Count == 0, "Unexpected errors: " + string.Join("\n", errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        return result.Output;
    }

    public void Dispose() => _runspace.Dispose();
}

/// <summary>One runspace with OnCall imported, for a test class that needs no emulator.</summary>
public class ModuleSessionFixture : IDisposable
{
    public PowerShellSession Session { get; } = new();

    public void Dispose()
    {
        Session.Dispose();
        GC.SuppressFinalize(this);
    }
}
