using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Providers;

/// <summary>Teams, members, policies and rotations: lookups that also feed tab completion.</summary>
public interface IDirectorySource
{
    Task GetTeamsAsync(IReadOnlyList<string> names, IOperationSink sink, CancellationToken cancellationToken);

    Task GetTeamMembersAsync(IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken);
}
