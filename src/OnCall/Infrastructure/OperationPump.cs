using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Infrastructure;

/// <summary>
/// Runs engine work off the pipeline thread and writes what it reports (objects, errors, verbose,
/// progress) on the pipeline thread, the only one from which PowerShell lets a cmdlet write.
/// </summary>
/// <remarks>
/// The hand-off is bounded: the engine may run at most <see cref="Capacity"/> reports ahead of the
/// pipeline, then its next write waits until the pipeline has taken one. That is what keeps a paged read
/// (incident history) about a page ahead of a slow consumer instead of reading everything into memory,
/// and, as the bound is below a page, what makes the first object reach the pipeline before the next page
/// is asked for. The pipeline thread takes whatever has queued in one go and writes it without a hop per
/// object; it sleeps on a monitor (no spinning) while the engine has nothing for it. When the pipeline
/// downstream stops (Select-Object -First, Ctrl+C) the engine's next write throws, its token is
/// cancelled, and the command waits for it to end, so no request goes out after the command returns.
/// </remarks>
internal sealed class OperationPump : IOperationSink, IOperationAudience, IDisposable
{
    /// <summary>Below the 100 a page of the largest pages holds, so a page is never read wholly ahead.</summary>
    internal const int Capacity = 64;

    private readonly OnCallCmdlet _cmdlet;
    private readonly bool _verbose;
    private readonly bool _debug;
    private readonly bool _progress;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Queue<Report> _pending = new();
    private Queue<Report> _writing = new();

    // Reports handed over and not yet written: the pending ones and those the pipeline took but has not written.
    private int _outstanding;
    private bool _pipelineWaiting;
    private int _enginesWaiting;
    private bool _finished;
    private bool _closed;

    /// <summary>Made on the pipeline thread: it reads the command's preferences.</summary>
    public OperationPump(OnCallCmdlet cmdlet)
    {
        _cmdlet = cmdlet;
        _verbose = Listens(cmdlet, "Verbose", "VerbosePreference");
        _debug = Listens(cmdlet, "Debug", "DebugPreference");
        _progress = Listens(cmdlet, "ProgressAction", "ProgressPreference");
    }

    private enum Kind
    {
        Object,
        Error,
        Warning,
        Verbose,
        Debug,
        Progress,
    }

    public bool ShowsVerbose => _verbose;

    public bool ShowsDebug => _debug;

    public void WriteObject(object item) => Post(new Report(Kind.Object, item));

    public void WriteError(OnCallException error) => Post(new Report(Kind.Error, error));

    public void WriteWarning(string message) => Post(new Report(Kind.Warning, message));

    // A stream nobody listens to is not handed over: PowerShell would drop it, and each hand-off can
    // cost the pipeline thread a wake-up.
    public void WriteVerbose(string message)
    {
        if (_verbose)
        {
            Post(new Report(Kind.Verbose, message));
        }
    }

    public void WriteDebug(string message)
    {
        if (_debug)
        {
            Post(new Report(Kind.Debug, message));
        }
    }

    public void WriteProgress(OperationProgress progress)
    {
        if (_progress)
        {
            Post(new Report(Kind.Progress, progress));
        }
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>Starts the work and writes what it reports until it ends; rethrows its failure on this thread.</summary>
    public T Run<T>(Func<IOperationSink, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        var token = linked.Token;

        // Ctrl+C must also free an engine write that is waiting for room.
        using var onCancel = token.Register(Close);
        var task = Task.Run(() => work(this, token), token);
        task.ContinueWith(_ => Finish(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        try
        {
            while (TakeBatch())
            {
                while (_writing.Count > 0)
                {
                    Write(_writing.Dequeue());
                    Written();
                }
            }
        }
        catch
        {
            // The pipeline stopped downstream (or a write failed): stop the engine, wait for it to end,
            // and let the pipeline's own exception go on up.
            _stop.Cancel();
            Close();
            try
            {
                task.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // Its cancellation or failure says nothing the pipeline's stop does not.
            }

            throw;
        }

        return task.GetAwaiter().GetResult();
    }

    // Engine side: waits while the pipeline is Capacity reports behind; throws once the pipeline has stopped.
    private void Post(Report report)
    {
        lock (_gate)
        {
            while (_outstanding >= Capacity && !_closed)
            {
                _enginesWaiting++;
                Monitor.Wait(_gate);
                _enginesWaiting--;
            }

            if (_closed)
            {
                throw new OperationCanceledException(_stop.Token);
            }

            _pending.Enqueue(report);
            _outstanding++;
            if (_pipelineWaiting)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    // Pipeline side: sleeps until there is something to write or the work has ended; false when all is written.
    private bool TakeBatch()
    {
        lock (_gate)
        {
            while (_pending.Count == 0 && !_finished)
            {
                _pipelineWaiting = true;
                Monitor.Wait(_gate);
                _pipelineWaiting = false;
            }

            if (_pending.Count == 0)
            {
                return false;
            }

            (_pending, _writing) = (_writing, _pending);
            return true;
        }
    }

    private void Written()
    {
        lock (_gate)
        {
            _outstanding--;
            if (_enginesWaiting > 0)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Finish()
    {
        lock (_gate)
        {
            _finished = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }

    // Whether PowerShell would show a stream: its common parameter if given, else its preference variable.
    private static bool Listens(OnCallCmdlet cmdlet, string parameter, string preference)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue(parameter, out var given))
        {
            return given switch
            {
                SwitchParameter flag => flag.IsPresent,
                ActionPreference action => action is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore),
                _ => LanguagePrimitives.IsTrue(given),
            };
        }

        var value = cmdlet.GetVariableValue(preference);
        if (value is PSObject wrapped)
        {
            value = wrapped.BaseObject;
        }

        return value is not ActionPreference setting || setting is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
    }

    private void Write(Report report)
    {
        switch (report.Kind)
        {
            case Kind.Object:
                _cmdlet.WriteObject(report.Payload);
                break;
            case Kind.Error:
                _cmdlet.WriteError(_cmdlet.RecordOf((OnCallException)report.Payload));
                break;
            case Kind.Warning:
                _cmdlet.WriteWarning((string)report.Payload);
                break;
            case Kind.Verbose:
                _cmdlet.WriteVerbose((string)report.Payload);
                break;
            case Kind.Debug:
                _cmdlet.WriteDebug((string)report.Payload);
                break;
            default:
                _cmdlet.WriteProgress(ErrorRecords.ToProgressRecord((OperationProgress)report.Payload));
                break;
        }
    }

    private readonly struct Report
    {
        public Report(Kind kind, object payload)
        {
            Kind = kind;
            Payload = payload;
        }

        public Kind Kind { get; }

        public object Payload { get; }
    }
}
