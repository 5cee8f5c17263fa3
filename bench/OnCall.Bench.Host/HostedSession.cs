using System;
using System.Collections;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Microsoft.PowerShell.Commands;

namespace OnCall.Bench.Host;

/// <summary>
/// A runspace as a host application would make one. The package that hosts PowerShell carries no module
/// folders, so the few Utility cmdlets the bench uses (the Invoke-RestMethod reference, Select-Object)
/// are added as cmdlets. Commands run on the calling thread, as in the console host, so no thread is
/// created per call.
/// </summary>
internal sealed class HostedSession : IDisposable
{
    private readonly Runspace _runspace;

    public HostedSession()
    {
        var state = InitialSessionState.CreateDefault2();
        state.Commands.Add(new SessionStateCmdletEntry("Invoke-RestMethod", typeof(InvokeRestMethodCommand), null));
        state.Commands.Add(new SessionStateCmdletEntry("Select-Object", typeof(SelectObjectCommand), null));
        state.Commands.Add(new SessionStateCmdletEntry("Receive-BenchObject", typeof(ReceiveBenchObjectCommand), null));
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.ThreadOptions = PSThreadOptions.UseCurrentThread;
        _runspace.Open();
    }

    /// <summary>Runs a script ($args holds the arguments); any error fails the measurement.</summary>
    public Collection<PSObject> Run(string script, params object[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        foreach (var arg in args)
        {
            ps.AddArgument(arg);
        }

        var output = ps.Invoke();
        Check(ps);
        return output;
    }

    /// <summary>A command built once and invoked many times, as a loop in a script would.</summary>
    public PowerShell Command(string name, IDictionary? parameters = null)
    {
        var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddCommand(name);
        if (parameters is not null)
        {
            ps.AddParameters(parameters);
        }

        return ps;
    }

    public static int Invoke(PowerShell command)
    {
        var output = command.Invoke();
        Check(command);
        return output.Count;
    }

    public void Dispose() => _runspace.Dispose();

    private static void Check(PowerShell ps)
    {
        if (ps.HadErrors && ps.Streams.Error.Count > 0)
        {
            throw new InvalidOperationException("The command failed: " + string.Join("; ", ps.Streams.Error.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        }
    }
}
