using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Shifts;

/// <summary>
/// The cmdlets that work on shifts from any vendor: they gather what Get-OnCallSchedule sends down
/// the pipeline and work on the whole set at the end.
/// </summary>
public abstract class ShiftPipelineCommand : OnCallCmdlet
{
    private readonly List<Shift> _shifts = new();

    /// <summary>Shifts, usually from Get-OnCallSchedule.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    public Shift[]? InputObject { get; set; }

    private protected IReadOnlyList<Shift> Shifts => _shifts;

    private protected override void ProcessInput()
    {
        foreach (var shift in InputObject ?? Enumerable.Empty<Shift>())
        {
            if (shift is null)
            {
                continue;
            }

            if (shift.End <= shift.Start)
            {
                WriteInvalidArgument("InvalidShift", $"The shift of {shift.User} ends ({shift.End:u}) before it starts ({shift.Start:u}); it was left out.", shift);
                continue;
            }

            _shifts.Add(shift);
        }
    }
}
