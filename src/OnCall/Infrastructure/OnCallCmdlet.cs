using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Infrastructure;

/// <summary>
/// What every OnCall cmdlet shares: a cancellation source made in BeginProcessing and cancelled by
/// Ctrl+C (StopProcessing), engine work pumped back onto the pipeline thread, engine failures
/// written as error records, parameters checked before any request (ArgumentChecks), and no raw
/// .NET exception escaping: cmdlets override Prepare, ProcessInput and Complete, which run guarded.
/// </summary>
public abstract class OnCallCmdlet : PSCmdlet, IDisposable
{
    private CancellationTokenSource? _cancellation;
    private HashSet<string> _typed = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    private protected CancellationToken Cancellation => (_cancellation ??= new CancellationTokenSource()).Token;

    public void Dispose()
    {
        _cancellation?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void BeginProcessing()
    {
        _cancellation ??= new CancellationTokenSource();

        // Before any input is bound, the bound parameters are exactly the ones the user typed.
        _typed = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
        Guard(
            () =>
            {
                if (ArgumentChecks.TypedProblem(this, _typed) is { } problem)
                {
                    ThrowOnCallError(problem);
                }

                Prepare();
            },
            perItem: false);
    }

    protected override void ProcessRecord() => Guard(
        () =>
        {
            if (MyInvocation.ExpectingInput && ArgumentChecks.PipedProblem(this, _typed) is { } problem)
            {
                WriteError(RecordOf(problem));
                return;
            }

            ProcessInput();
        },
        perItem: MyInvocation.ExpectingInput);

    protected override void EndProcessing() => Guard(Complete, perItem: false);

    /// <summary>Once, before any input; typed parameters are checked already.</summary>
    private protected virtual void Prepare()
    {
    }

    /// <summary>Once per pipeline object (once when there is none); piped values are checked already.</summary>
    private protected virtual void ProcessInput()
    {
    }

    /// <summary>Once, after the last input.</summary>
    private protected virtual void Complete()
    {
    }

    /// <summary>
    /// This command's own advice for an engine failure, ahead of the module's (<see cref="ErrorAdvice"/>):
    /// a command that writes says which command reads its writes back. Null for none.
    /// </summary>
    private protected virtual string? Advice(OnCallException error) => null;

    /// <summary>The error record of an engine failure, with the PowerShell advice the engine leaves to the cmdlets.</summary>
    internal ErrorRecord RecordOf(OnCallException error, object? target = null) =>
        ErrorRecords.From(error, target, Advice(error) ?? ErrorAdvice.For(error));

    /// <summary>Whether the user typed the parameter (rather than an object piped in binding it).</summary>
    private protected bool IsTyped(string parameter) => _typed.Contains(parameter);

    protected override void StopProcessing()
    {
        _cancellation?.Cancel();
    }

    /// <summary>
    /// Runs engine work, writing what it reports as it goes. An engine failure becomes a
    /// non-terminating error about <paramref name="target"/> (the other pipeline items go on) and
    /// the method returns false.
    /// </summary>
    private protected bool TryRun(Func<IOperationSink, CancellationToken, Task> work, object? target = null)
    {
        try
        {
            Run(async (sink, token) =>
            {
                await work(sink, token).ConfigureAwait(false);
                return true;
            });
            return true;
        }
        catch (OnCallException error)
        {
            WriteError(RecordOf(error, target));
            return false;
        }
        catch (Exception error) when (ErrorRecords.IsUnexpected(error))
        {
            WriteError(ErrorRecords.Unexpected(error, MyInvocation.MyCommand.Name, target));
            return false;
        }
    }

    /// <summary>Runs engine work and returns its result; failures propagate as <see cref="OnCallException"/>.</summary>
    private protected T Run<T>(Func<IOperationSink, CancellationToken, Task<T>> work)
    {
        try
        {
            using var pump = new OperationPump(this);
            return pump.Run(work, Cancellation);
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (AggregateException aggregate) when (aggregate.InnerException is OnCallException inner)
        {
            throw inner;
        }
    }

    /// <summary>
    /// Runs a step of the command so that nothing escapes raw: an OnCallException becomes its error
    /// record (about the current pipeline object only, when <paramref name="perItem"/>), anything
    /// unexpected an OnCall.Module.Unexpected error. PowerShell's own stops and binding errors pass.
    /// </summary>
    private void Guard(Action step, bool perItem)
    {
        try
        {
            step();
        }
        catch (OnCallException error) when (perItem)
        {
            WriteError(RecordOf(error));
        }
        catch (OnCallException error)
        {
            ThrowOnCallError(error);
        }
        catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception error) when (ErrorRecords.IsUnexpected(error))
        {
            ThrowTerminatingError(ErrorRecords.Unexpected(error, MyInvocation.MyCommand.Name, null));
        }
    }

    /// <summary>Stops the command with an engine failure.</summary>
    private protected void ThrowOnCallError(OnCallException error, object? target = null) =>
        ThrowTerminatingError(RecordOf(error, target));

    /// <summary>Bad input found before any request: a non-terminating error, nothing sent.</summary>
    private protected void WriteInvalidArgument(string reason, string message, object? target) =>
        WriteError(ErrorRecords.InvalidArgument(reason, message, target));

    /// <summary>Writes an object under its OnCall type name (format views key on it).</summary>
    private protected void WriteTyped(object item, string typeName)
    {
        var wrapped = PSObject.AsPSObject(item);
        if (!wrapped.TypeNames.Contains(typeName))
        {
            wrapped.TypeNames.Insert(0, typeName);
        }

        WriteObject(wrapped);
    }
}
