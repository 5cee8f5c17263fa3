using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Providers;

// Each vendor client implements the capabilities its API has. A cmdlet asks the connection for the
// capability it needs (OnCallConnectedCmdlet.TryGetCapability), so "Datadog has no incident list" is one clear
// NotSupported error instead of a special case in every cmdlet. Results stream through the sink.

/// <summary>Every vendor client.</summary>
public interface IProviderClient
{
    OnCallProvider Provider { get; }

    /// <summary>One cheap authenticated call that proves the keys work (Connect-OnCall without -SkipValidation).</summary>
    Task ValidateAsync(IOperationSink sink, CancellationToken cancellationToken);
}
