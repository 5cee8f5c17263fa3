using System.Collections.Generic;

namespace OnCall.Infrastructure;

/// <summary>A sink that keeps the objects of one type and drops the chatter; for completers and lookups.</summary>
internal sealed class CollectingSink<T> : IOperationSink
{
    private readonly List<T> _items = new();

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_items)
            {
                return _items.ToArray();
            }
        }
    }

    public void WriteObject(object item)
    {
        if (item is T typed)
        {
            lock (_items)
            {
                _items.Add(typed);
            }
        }
    }

    public void WriteError(OnCallException error) { }

    public void WriteWarning(string message) { }

    public void WriteVerbose(string message) { }

    public void WriteDebug(string message) { }

    public void WriteProgress(OperationProgress progress) { }
}
