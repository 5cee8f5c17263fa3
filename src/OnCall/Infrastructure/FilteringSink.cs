using System;

namespace OnCall.Infrastructure;

/// <summary>Passes through a sink, dropping the objects of one type that a filter rejects.</summary>
internal sealed class FilteringSink<T>
{
    private readonly Func<T, bool> _keep;

    public FilteringSink(Func<T, bool> keep)
    {
        _keep = keep;
    }

    public IOperationSink Over(IOperationSink inner) => new Filtered(inner, _keep);

    private sealed class Filtered : IOperationSink
    {
        private readonly IOperationSink _inner;
        private readonly Func<T, bool> _keep;

        public Filtered(IOperationSink inner, Func<T, bool> keep)
        {
            _inner = inner;
            _keep = keep;
        }

        public void WriteObject(object item)
        {
            if (item is not T typed || _keep(typed))
            {
                _inner.WriteObject(item);
            }
        }

        public void WriteError(OnCallException error) => _inner.WriteError(error);

        public void WriteWarning(string message) => _inner.WriteWarning(message);

        public void WriteVerbose(string message) => _inner.WriteVerbose(message);

        public void WriteDebug(string message) => _inner.WriteDebug(message);

        public void WriteProgress(OperationProgress progress) => _inner.WriteProgress(progress);
    }
}
