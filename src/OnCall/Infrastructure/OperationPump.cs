using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Infrastructure;

/// <summary>
/// Runs engine work off the pipeline thread and replays what it reports (objects, errors, verbose,
/// progress) on the pipeline thread, the only one from which PowerShell lets a cmdlet write.
/// </summary>
internal sealed class OperationPump : IOperationSink, IDisposable
{
    private readonly OnCallCmdlet _cmdlet;
    private readonly BlockingCollection<Action?> _queue = new();

    public OperationPump(OnCallCmdlet cmdlet)
    {
        _cmdlet = cmdlet;
    }

    public void WriteObject(object item) => _queue.Add(() => _cmdlet.WriteObject(item));

    public void WriteError(OnCallException error) => _queue.Add(() => _cmdlet.WriteError(_cmdlet.RecordOf(error)));

    public void WriteWarning(string message) => _queue.Add(() => _cmdlet.WriteWarning(message));

    public void WriteVerbose(string message) => _queue.Add(() => _cmdlet.WriteVerbose(message));

    public void WriteDebug(string message) => _queue.Add(() => _cmdlet.WriteDebug(message));

    public void WriteProgress(OperationProgress progress) => _queue.Add(() => _cmdlet.WriteProgress(ErrorRecords.ToProgressRecord(progress)));

    public void Dispose() => _queue.Dispose();

    /// <summary>Starts the work and pumps until it ends; rethrows its failure on this thread.</summary>
    public T Run<T>(Func<IOperationSink, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var task = Task.Run(() => work(this, cancellationToken), cancellationToken);
        task.ContinueWith(_ => _queue.Add(null), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        while (true)
        {
            // The work ends on cancellation too, and its end always posts the wake-up marker.
            var next = _queue.Take(CancellationToken.None);
            if (next is null)
            {
                break;
            }

            next();
        }

        // Whatever arrived between the end of the work and the wake-up marker.
        while (_queue.TryTake(out var late))
        {
            late?.Invoke();
        }

        return task.GetAwaiter().GetResult();
    }
}
