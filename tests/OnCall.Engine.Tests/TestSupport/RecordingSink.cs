using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace OnCall.Engine.Tests.TestSupport;

/// <summary>An IOperationSink that keeps everything for assertions.</summary>
public sealed class RecordingSink : IOperationSink
{
    private readonly System.Func<int>? _probe;

    public RecordingSink(System.Func<int>? probe = null)
    {
        _probe = probe;
    }

    public ConcurrentQueue<object> Objects { get; } = new();

    /// <summary>The probe's value (e.g. requests the server had seen) when each object was written.</summary>
    public ConcurrentQueue<int> ProbeAtWrite { get; } = new();

    public ConcurrentQueue<OnCallException> Errors { get; } = new();

    public ConcurrentQueue<string> Warnings { get; } = new();

    public ConcurrentQueue<string> Verbose { get; } = new();

    public ConcurrentQueue<string> Debug { get; } = new();

    public ConcurrentQueue<OperationProgress> Progress { get; } = new();

    public List<T> Of<T>() => Objects.OfType<T>().ToList();

    public void WriteObject(object item)
    {
        Objects.Enqueue(item);
        if (_probe is not null)
        {
            ProbeAtWrite.Enqueue(_probe());
        }
    }

    public void WriteError(OnCallException error) => Errors.Enqueue(error);

    public void WriteWarning(string message) => Warnings.Enqueue(message);

    public void WriteVerbose(string message) => Verbose.Enqueue(message);

    public void WriteDebug(string message) => Debug.Enqueue(message);

    public void WriteProgress(OperationProgress progress) => Progress.Enqueue(progress);
}
