using System.Collections.Concurrent;
using System.Collections.Generic;

namespace OnCall.Engine.Providers.VictorOps;

/// <summary>Keeps the objects an inner operation writes (to use them), and passes everything else on.</summary>
internal sealed class CollectingSink : IOperationSink
{
    private readonly IOperationSink _inner;
    private readonly ConcurrentQueue<object> _items = new();

    public CollectingSink(IOperationSink inner)
    {
        _inner = inner;
    }

    public IReadOnlyCollection<object> Items => _items.ToArray();

    public void WriteObject(object item) => _items.Enqueue(item);

    public void WriteError(OnCallException error) => _inner.WriteError(error);

    public void WriteWarning(string message) => _inner.WriteWarning(message);

    public void WriteVerbose(string message) => _inner.WriteVerbose(message);

    public void WriteDebug(string message) => _inner.WriteDebug(message);

    public void WriteProgress(OperationProgress progress) => _inner.WriteProgress(progress);
}
