using System;
using System.Globalization;

namespace OnCall.Engine.Scheduling;

/// <summary>Someone on call in place of whoever is scheduled, over [Start, End).</summary>
internal sealed class ScheduleOverride
{
    public ScheduleOverride(string user, DateTimeOffset start, DateTimeOffset end, string? id = null)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            throw ScheduleErrors.Invalid(ScheduleErrors.InvalidOverride, "An override needs the person who takes over.");
        }

        if (end <= start)
        {
            throw ScheduleErrors.Invalid(
                ScheduleErrors.InvalidOverride,
                string.Format(CultureInfo.InvariantCulture, "The override for '{0}' ends ({1}) at or before it starts ({2}).", user, ScheduleErrors.Format(end), ScheduleErrors.Format(start)));
        }

        User = user;
        Start = start;
        End = end;
        Id = id;
    }

    public string User { get; }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    /// <summary>The vendor's id, where there is one.</summary>
    public string? Id { get; }
}
