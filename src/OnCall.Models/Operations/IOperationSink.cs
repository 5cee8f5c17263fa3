namespace OnCall;

/// <summary>
/// How the engine talks back while it works. The engine may call it from any thread; the cmdlets
/// queue what arrives and write it on the pipeline thread, the only one PowerShell allows.
/// </summary>
public interface IOperationSink
{
    void WriteObject(object item);

    /// <summary>A failure about one item that does not stop the others.</summary>
    void WriteError(OnCallException error);

    void WriteWarning(string message);

    void WriteVerbose(string message);

    void WriteDebug(string message);

    void WriteProgress(OperationProgress progress);
}

/// <summary>
/// A sink that can say whether anyone reads its verbose and debug streams, so the engine builds text
/// nobody will see (a request's description, a line per attempt) only when someone will. A sink that
/// does not implement it is taken to read everything.
/// </summary>
public interface IOperationAudience
{
    bool ShowsVerbose { get; }

    bool ShowsDebug { get; }
}

/// <summary>Progress of a multi-request operation.</summary>
public sealed class OperationProgress
{
    public OperationProgress(int activityId, string activity, string status)
    {
        ActivityId = activityId;
        Activity = activity;
        Status = status;
    }

    public int ActivityId { get; }

    public string Activity { get; }

    public string Status { get; }

    /// <summary>0 to 100, or -1 when unknown.</summary>
    public int PercentComplete { get; init; } = -1;

    /// <summary>An honest estimate of the seconds left, or -1.</summary>
    public int SecondsRemaining { get; init; } = -1;

    public string? CurrentOperation { get; init; }

    public bool Completed { get; init; }
}

/// <summary>A sink that drops everything; for callers that want only the return value.</summary>
public sealed class NullOperationSink : IOperationSink, IOperationAudience
{
    public static readonly NullOperationSink Instance = new();

    public bool ShowsVerbose => false;

    public bool ShowsDebug => false;

    public void WriteObject(object item) { }

    public void WriteError(OnCallException error) { }

    public void WriteWarning(string message) { }

    public void WriteVerbose(string message) { }

    public void WriteDebug(string message) { }

    public void WriteProgress(OperationProgress progress) { }
}
