using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Providers;

/// <summary>Incident notes.</summary>
public interface IIncidentNotes
{
    Task AddNoteAsync(string incidentId, string name, string text, IOperationSink sink, CancellationToken cancellationToken);
}
