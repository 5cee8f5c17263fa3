using System;
using System.Management.Automation;

namespace OnCall.Infrastructure;

/// <summary>Engine failures as PowerShell error records: category, stable id, target, advice.</summary>
internal static class ErrorRecords
{
    /// <summary>
    /// The record of an engine failure. <paramref name="advice"/> is the PowerShell advice the cmdlet layer
    /// adds (OnCallCmdlet.RecordOf): it follows the engine's words in the message a person reads, and in
    /// RecommendedAction after the engine's own hint.
    /// </summary>
    public static ErrorRecord From(OnCallException error, object? target = null, string? advice = null)
    {
        // The engine's own target is the precise one (the incident in a batch); the cmdlet's is a fallback.
        var record = new ErrorRecord(error, error.ErrorId, CategoryOf(error.Kind), error.Target ?? target);
        if (!string.IsNullOrEmpty(advice))
        {
            record.ErrorDetails = new ErrorDetails(error.Message + " " + advice)
            {
                RecommendedAction = string.IsNullOrEmpty(error.RecommendedAction) ? advice : error.RecommendedAction + " " + advice,
            };
        }
        else if (!string.IsNullOrEmpty(error.RecommendedAction))
        {
            record.ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = error.RecommendedAction };
        }

        return record;
    }

    /// <summary>Bad input caught by the cmdlet before any request.</summary>
    public static ErrorRecord InvalidArgument(string reason, string message, object? target, OnCallProvider? provider = null) =>
        From(new OnCallException(OnCallErrorKind.InvalidArgument, reason, message, provider, target));

    /// <summary>
    /// Whether an exception is a defect rather than an answer: not an engine failure, not PowerShell's
    /// own (a stop, a binding or script error, Select-Object -First ending the pipeline early).
    /// </summary>
    public static bool IsUnexpected(Exception error) =>
        error is not (OnCallException or RuntimeException or FlowControlException or HaltCommandException);

    /// <summary>
    /// An exception nobody expected, as OnCall.Module.Unexpected with the original as InnerException.
    /// The message names only its type: an exception's own text may hold a header value or a key.
    /// </summary>
    public static ErrorRecord Unexpected(Exception error, string command, object? target) =>
        From(new OnCallException(
            OnCallErrorKind.InvalidOperation,
            "Unexpected",
            $"{command} stopped on an unexpected {error.GetType().FullName}. This is a defect in OnCall; the original exception is this one's InnerException.",
            null,
            target,
            error)
        {
            RecommendedAction = "Report it with $Error[0].Exception.InnerException (check that it holds no key before you share it).",
        });

    public static ErrorCategory CategoryOf(OnCallErrorKind kind) => kind switch
    {
        OnCallErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        OnCallErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        OnCallErrorKind.Authentication => ErrorCategory.AuthenticationError,
        OnCallErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        OnCallErrorKind.Throttled => ErrorCategory.LimitsExceeded,
        OnCallErrorKind.Connection => ErrorCategory.ConnectionError,
        OnCallErrorKind.Timeout => ErrorCategory.OperationTimeout,
        OnCallErrorKind.InvalidData => ErrorCategory.InvalidData,
        OnCallErrorKind.NotSupported => ErrorCategory.NotImplemented,
        OnCallErrorKind.ServerError => ErrorCategory.ResourceUnavailable,
        OnCallErrorKind.Conflict => ErrorCategory.ResourceExists,
        _ => ErrorCategory.InvalidOperation,
    };

    public static ProgressRecord ToProgressRecord(OperationProgress progress)
    {
        var record = new ProgressRecord(progress.ActivityId, progress.Activity, string.IsNullOrEmpty(progress.Status) ? progress.Activity : progress.Status)
        {
            PercentComplete = Math.Min(100, progress.PercentComplete),
            SecondsRemaining = progress.SecondsRemaining,
            RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        if (!string.IsNullOrEmpty(progress.CurrentOperation))
        {
            record.CurrentOperation = progress.CurrentOperation;
        }

        return record;
    }
}
