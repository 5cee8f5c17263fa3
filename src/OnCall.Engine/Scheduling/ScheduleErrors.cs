using System;
using System.Globalization;

namespace OnCall.Engine.Scheduling;

/// <summary>The stable reasons the schedule engine reports, so cmdlets and tests can match on them.</summary>
internal static class ScheduleErrors
{
    public const string InvalidShiftLength = "InvalidShiftLength";
    public const string NoMembers = "NoMembers";
    public const string InvalidMember = "InvalidMember";
    public const string UnknownTimeZone = "UnknownTimeZone";
    public const string InvalidWindow = "InvalidWindow";
    public const string WindowTooLong = "WindowTooLong";
    public const string InvalidRestriction = "InvalidRestriction";
    public const string InvalidOverride = "InvalidOverride";
    public const string InvalidLayer = "InvalidLayer";
    public const string InvalidOption = "InvalidOption";

    internal static OnCallException Invalid(string reason, string message) =>
        new(OnCallErrorKind.InvalidArgument, reason, message);

    internal static string Format(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
