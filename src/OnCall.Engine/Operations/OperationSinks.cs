namespace OnCall.Engine.Operations;

/// <summary>Whether a sink's verbose or debug stream has a reader (see <see cref="IOperationAudience"/>).</summary>
internal static class OperationSinks
{
    public static bool ShowsVerbose(this IOperationSink sink) => sink is not IOperationAudience audience || audience.ShowsVerbose;

    public static bool ShowsDebug(this IOperationSink sink) => sink is not IOperationAudience audience || audience.ShowsDebug;
}
