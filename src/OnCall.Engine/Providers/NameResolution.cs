using System;
using System.Collections.Generic;

namespace OnCall.Engine.Providers;

/// <summary>
/// What a list of names the user gave (teams, schedules; wildcards allowed) resolved to: what they
/// name, and one NotFound error for each plain name that names nothing. The caller decides what an
/// unknown name means: a non-terminating error beside the others' results (<see cref="ReportUnknown"/>),
/// or the failure of a command that needs that one thing (<see cref="OrThrow"/>).
/// </summary>
internal sealed class NameResolution<T>
{
    public NameResolution(IReadOnlyList<T> found, IReadOnlyList<OnCallException> unknown)
    {
        Found = found ?? throw new ArgumentNullException(nameof(found));
        Unknown = unknown ?? throw new ArgumentNullException(nameof(unknown));
    }

    /// <summary>What the names resolved to, each once, in the order the names were given.</summary>
    public IReadOnlyList<T> Found { get; }

    /// <summary>The NotFound error of each name (without wildcards) that matched nothing, naming it.</summary>
    public IReadOnlyList<OnCallException> Unknown { get; }

    /// <summary>Writes each unknown name's error to the sink and returns what was found: the other names still run.</summary>
    public IReadOnlyList<T> ReportUnknown(IOperationSink sink)
    {
        foreach (var error in Unknown)
        {
            sink.WriteError(error);
        }

        return Found;
    }

    /// <summary>What was found; the first unknown name's error when there is one.</summary>
    public IReadOnlyList<T> OrThrow() => Unknown.Count > 0 ? throw Unknown[0] : Found;
}
