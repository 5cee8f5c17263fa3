using System;
using System.Management.Automation;

namespace OnCall.Infrastructure;

/// <summary>Engine failures as PowerShell error records: category, stable id, target, advice.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(OnCallException error, object? target = null)
    {
        // The engine's own target is the precise one (the incident in a batch); the cmdlet's is a fallback.
        var record = new ErrorRecord(error, error.ErrorId, CategoryOf(error.Kind), error.Target ?? target);
        if (!string.IsNullOrEmpty(error.RecommendedAction))
        {
            record.ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = error.RecommendedAction };
        }

        return record;
    }

    /// <summary>Bad input caught by the cmdlet before any request.</summary>
    public static ErrorRecord InvalidArgument(string reason, string message, object? target, OnCallProvider? provider = null) =>
        From(new OnCallException(OnCallErrorKind.InvalidArgument, reason, message, provider, target));

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
