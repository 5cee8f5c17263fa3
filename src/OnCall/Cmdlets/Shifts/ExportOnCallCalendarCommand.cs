using System.IO;
using System.Linq;
using System.Management.Automation;
using OnCall.Engine.Scheduling;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Shifts;

/// <summary>
/// Export-OnCallCalendar: shifts as an iCalendar (RFC 5545) file, one event per shift, with stable
/// UIDs so importing it again updates the events instead of duplicating them.
/// </summary>
[Cmdlet(VerbsData.Export, "OnCallCalendar", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(string))]
public sealed class ExportOnCallCalendarCommand : ShiftPipelineCommand
{
    /// <summary>The .ics file to write; without it the calendar text is written to the pipeline.</summary>
    [Parameter(Position = 0)]
    public string? Path { get; set; }

    /// <summary>The calendar's display name (X-WR-CALNAME).</summary>
    [Parameter]
    [OnCallArgument(ArgumentKind.Label)]
    public string? CalendarName { get; set; }

    /// <summary>IANA time zone to express the events in; the shifts' own zone by default.</summary>
    [Parameter]
    [OnCallArgument(ArgumentKind.Label)]
    public string? TimeZone { get; set; }

    /// <summary>Write times in UTC instead of a time zone.</summary>
    [Parameter]
    public SwitchParameter Utc { get; set; }

    /// <summary>Also write the calendar text to the pipeline when writing a file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Do not overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    private string? _fullPath;

    // Everything about the file and the zone is checked before the shifts are gathered, so a bad -Path
    // stops the pipeline before Get-OnCallSchedule sends anything.
    private protected override void Prepare()
    {
        if (TimeZone is not null)
        {
            TimeZone = ScheduleTimeZones.Normalize(TimeZone);
        }

        if (IsTyped(nameof(Path)))
        {
            _fullPath = FileSystemPath(Path);
        }
    }

    private protected override void Complete()
    {
        // Nothing to write is an error, not an empty calendar: wrong objects piped in (each one a binding
        // error) must not overwrite a published calendar with an empty one.
        if (Shifts.Count == 0)
        {
            WriteInvalidArgument("NoShifts", "No shifts came down the pipeline, so no calendar was written.", _fullPath);
            return;
        }

        var options = new CalendarExportOptions { CalendarName = CalendarName, TimeZone = TimeZone, UseUtc = Utc };
        string text;
        try
        {
            text = IcsCalendarWriter.ToText(Shifts, options);
        }
        catch (OnCallException error)
        {
            ThrowOnCallError(error, TimeZone);
            return;
        }

        if (_fullPath is null)
        {
            WriteObject(text);
            return;
        }

        if (NoClobber && File.Exists(_fullPath))
        {
            WriteError(ErrorRecords.From(new OnCallException(OnCallErrorKind.Conflict, "FileExists", $"'{_fullPath}' exists and -NoClobber was given.", null, _fullPath)));
            return;
        }

        if (!ShouldProcess(_fullPath, $"Write {Shifts.Count} shift(s) as an iCalendar file"))
        {
            return;
        }

        try
        {
            // RFC 5545 text is UTF-8 with CRLF line ends; the writer already produced them.
            File.WriteAllText(_fullPath, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException or System.NotSupportedException or System.Security.SecurityException)
        {
            WriteError(new ErrorRecord(ex, "OnCall.Module.CalendarWriteFailed", ErrorCategory.WriteError, _fullPath));
            return;
        }

        WriteVerbose($"Wrote {Shifts.Count} shift(s) to {_fullPath}.");
        if (PassThru)
        {
            WriteObject(text);
        }
    }

    /// <summary>The file system path -Path names, or InvalidPath (nothing written, nothing sent).</summary>
    private string FileSystemPath(string? path)
    {
        OnCallException Invalid(string why, System.Exception? inner = null) =>
            new(OnCallErrorKind.InvalidArgument, "InvalidPath", $"-Path {ArgumentChecks.Shown(path)} {why}; nothing was written.", null, path, inner);

        if (string.IsNullOrWhiteSpace(path))
        {
            throw Invalid("is blank");
        }

        if (path!.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0 || path.Any(char.IsControl))
        {
            throw Invalid("holds a character no file name can hold (a control character)");
        }

        string fullPath;
        ProviderInfo provider;
        try
        {
            fullPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }
        catch (System.Exception ex) when (ex is SessionStateException or System.ArgumentException or System.NotSupportedException or IOException)
        {
            throw Invalid("is not a path this session can write to (" + ex.Message + ")", ex);
        }

        if (!string.Equals(provider.Name, "FileSystem", System.StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"is on the {provider.Name} provider, not a file system drive");
        }

        return fullPath;
    }
}
