using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Infrastructure;

/// <summary>
/// What every OnCall cmdlet shares: a cancellation source made in BeginProcessing and cancelled by
/// Ctrl+C (StopProcessing), engine work pumped back onto the pipeline thread, and engine failures
/// written as error records.
/// </summary>
public abstract class OnCallCmdlet : PSCmdlet, IDisposable
{
    private CancellationTokenSource? _cancellation;

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
    }

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
            WriteError(ErrorRecords.From(error, target));
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

    /// <summary>Stops the command with an engine failure.</summary>
    private protected void ThrowOnCallError(OnCallException error, object? target = null) =>
        ThrowTerminatingError(ErrorRecords.From(error, target));

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
