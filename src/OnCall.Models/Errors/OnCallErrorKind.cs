namespace OnCall;

/// <summary>
/// What went wrong, in words the cmdlets map one to one onto PowerShell's ErrorCategory
/// (this assembly references no PowerShell).
/// </summary>
public enum OnCallErrorKind
{
    InvalidArgument,
    NotFound,
    Authentication,
    PermissionDenied,
    Throttled,
    Connection,
    Timeout,
    InvalidData,
    InvalidOperation,
    NotSupported,
    ServerError,
    Conflict,
}
