using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace OnCall.Engine.Operations;

/// <summary>
/// Keeps the objects an operation writes, to use them rather than show them (a lookup inside a
/// larger operation, a completer), and passes everything else on to an inner sink, or drops it.
/// </summary>
public sealed class CollectingSink : IOperationSink, IOperationAudience
{
    private readonly IOperationSink _inner;
    private readonly ConcurrentQueue<object> _items = new();

    public CollectingSink(IOperationSink? inner = null)
    {
        _inner = inner ?? NullOperationSink.Instance;
    }

    public IReadOnlyCollection<object> Items => _items.ToArray();

    public bool ShowsVerbose => _inner.ShowsVerbose();

    public bool ShowsDebug => _inner.ShowsDebug();

    public IReadOnlyList<T> Of<T>() => _items.OfType<T>().ToList();

    public void WriteObject(object item) => _items.Enqueue(item);

    public void WriteError(OnCallException error) => _inner.WriteError(error);

    public void WriteWarning(string message) => _inner.WriteWarning(message);

    public void WriteVerbose(string message) => _inner.WriteVerbose(message);

    public void WriteDebug(string message) => _inner.WriteDebug(message);

    public void WriteProgress(OperationProgress progress) => _inner.WriteProgress(progress);
}
