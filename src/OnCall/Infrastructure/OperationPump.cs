using System;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Operations;

namespace OnCall.Infrastructure;

/// <summary>
/// Runs engine work and writes what it reports (objects, errors, verbose, progress) on the pipeline
/// thread, the only one from which PowerShell lets a cmdlet write. The work starts on the pipeline
/// thread and goes on on the thread pool after its first wait (a request).
/// </summary>
/// <remarks>
/// The hand-off is bounded: the engine may run at most <see cref="Capacity"/> reports ahead of the
/// pipeline, then its next write waits until the pipeline has taken one. That is what keeps a paged read
/// (incident history) about a page ahead of a slow consumer instead of reading everything into memory,
/// and, as the bound is below a page, what makes the first object reach the pipeline before the next page
/// is asked for. The pipeline thread writes whatever has queued without a hop per object and sleeps
/// (no spinning) while the engine has nothing for it; <see cref="HandOff{T}"/> says how it is woken.
/// When the pipeline downstream stops (Select-Object -First, Ctrl+C) the engine's next write throws, its token is
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
    private readonly CancellationTokenSource _stop = new();
    private readonly HandOff<Report> _reports = new(Capacity);

    // The pipeline thread's id while it runs the work's synchronous part (StartHere); 0 otherwise.
    private int _startingOn;
    private bool _writingWhileStarting;
    private ExceptionDispatchInfo? _stoppedWhileStarting;

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
        var task = StartHere(work, token);
        if (task.IsCompleted)
        {
            // Done without a wait (a cache hit, a render): nothing to wake this thread for.
            _reports.Complete();
        }
        else
        {
            task.ContinueWith((_, reports) => ((HandOff<Report>)reports!).Complete(), _reports, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        try
        {
            // The pipeline stopped under a write the work made while it was starting.
            _stoppedWhileStarting?.Throw();
            while (_reports.WaitForItems())
            {
                WriteQueued();
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

    /// <summary>
    /// Runs the work's synchronous part here, on the pipeline thread, up to its first wait: starting it
    /// on the thread pool would cost a thread wake-up per command. No synchronization context is current
    /// meanwhile, so whatever follows a wait runs on the thread pool and is never posted back to this
    /// thread, which is blocked in <see cref="HandOff{T}.WaitForItems"/> until the work ends. What the synchronous part
    /// reports is written at once (<see cref="WriteWhileStarting"/>). The outcome is the one
    /// <c>Task.Run</c> gave: a synchronous throw is the task's failure, a cancellation of the token
    /// before or during the start is the task's cancellation.
    /// </summary>
    private Task<T> StartHere<T>(Func<IOperationSink, CancellationToken, Task<T>> work, CancellationToken token)
    {
        if (token.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(token);
        }

        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        _startingOn = Environment.CurrentManagedThreadId;
        try
        {
            return work(this, token) ?? throw new InvalidOperationException("The engine work returned no task.");
        }
        catch (OperationCanceledException stopped) when (stopped.CancellationToken == token && token.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(token);
        }
        catch (Exception error)
        {
            return Task.FromException<T>(error);
        }
        finally
        {
            _startingOn = 0;
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    // Engine side: waits while the pipeline is Capacity reports behind; throws once the pipeline has stopped.
    private void Post(Report report)
    {
        if (Environment.CurrentManagedThreadId == _startingOn)
        {
            WriteWhileStarting(report);
            return;
        }

        if (!_reports.Add(report))
        {
            throw new OperationCanceledException(_stop.Token);
        }
    }

    /// <summary>
    /// A report of the work's synchronous part, which runs on the pipeline thread: it cannot wait for
    /// room (only this thread makes room), and queuing it would let a part that does not wait (an answer
    /// already in the socket is read synchronously) read page after page ahead of the consumer. So it is
    /// written now, after whatever the thread pool queued before it, at the consumer's pace, which is the
    /// bound. A stop downstream is kept for <see cref="Run{T}"/> to rethrow, and the work sees what it
    /// sees today when the pipeline stops: its token cancelled and the write throwing.
    /// </summary>
    private void WriteWhileStarting(Report report)
    {
        if (!_reports.AddWithoutWaiting(report))
        {
            throw new OperationCanceledException(_stop.Token);
        }

        if (_writingWhileStarting)
        {
            // A write from inside a write (a cancellation callback run on this thread): the outer one takes it.
            return;
        }

        _writingWhileStarting = true;
        try
        {
            WriteQueued();
        }
        catch (Exception stopped)
        {
            _stoppedWhileStarting = ExceptionDispatchInfo.Capture(stopped);
            _stop.Cancel();
            Close();
            throw new OperationCanceledException(_stop.Token);
        }
        finally
        {
            _writingWhileStarting = false;
        }
    }

    // Pipeline side: writes what is queued, making room every few reports rather than per report.
    private void WriteQueued()
    {
        const int RoomEvery = 16;
        var written = 0;
        try
        {
            while (_reports.TryTake(out var report))
            {
                Write(report);
                if (++written == RoomEvery)
                {
                    _reports.Taken(written);
                    written = 0;
                }
            }
        }
        finally
        {
            _reports.Taken(written);
        }
    }

    private void Close() => _reports.Close();

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
