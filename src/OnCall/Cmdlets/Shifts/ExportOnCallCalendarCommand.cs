using System.IO;
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
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The calendar's display name (X-WR-CALNAME).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CalendarName { get; set; }

    /// <summary>IANA time zone to express the events in; the shifts' own zone by default.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
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

    protected override void EndProcessing()
    {
        if (Shifts.Count == 0)
        {
            WriteWarning("No shifts came down the pipeline: the calendar has no events.");
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

        if (Path is null)
        {
            WriteObject(text);
            return;
        }

        var fullPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (NoClobber && File.Exists(fullPath))
        {
            WriteError(ErrorRecords.From(new OnCallException(OnCallErrorKind.Conflict, "FileExists", $"'{fullPath}' exists and -NoClobber was given.", null, fullPath)));
            return;
        }

        if (!ShouldProcess(fullPath, $"Write {Shifts.Count} shift(s) as an iCalendar file"))
        {
            return;
        }

        try
        {
            // RFC 5545 text is UTF-8 with CRLF line ends; the writer already produced them.
            File.WriteAllText(fullPath, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException or DirectoryNotFoundException)
        {
            WriteError(new ErrorRecord(ex, "OnCall.Module.CalendarWriteFailed", ErrorCategory.WriteError, fullPath));
            return;
        }

        WriteVerbose($"Wrote {Shifts.Count} shift(s) to {fullPath}.");
        if (PassThru)
        {
            WriteObject(text);
        }
    }
}
