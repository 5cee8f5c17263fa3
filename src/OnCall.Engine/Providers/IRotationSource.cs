using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Providers;

/// <summary>Rotation (schedule definition) reads and writes.</summary>
public interface IRotationSource
{
    Task GetRotationsAsync(IReadOnlyList<string> teams, IReadOnlyList<string> ids, IOperationSink sink, CancellationToken cancellationToken);
}
