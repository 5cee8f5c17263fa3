using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Rotations;

namespace OnCall.Engine.Providers;

/// <summary>
/// Writing rotations: the whole definition a rotation belongs to is read, changed and written back. The
/// checks, the field-by-field differences and the copy between vendors are the engine's
/// (<see cref="RotationPlanner"/>); a vendor client reads, finds people, and sends.
/// </summary>
public interface IRotationWriter
{
    RotationCapabilities Capabilities { get; }

    /// <summary>The definition that holds the rotation; a NotFound error when there is none.</summary>
    Task<RotationDefinition> GetDefinitionAsync(RotationAddress address, IOperationSink sink, CancellationToken cancellationToken);

    /// <summary>
    /// Each wanted member as this vendor knows them (by id, e-mail or name, whichever the hint has), or null
    /// where nobody matches: the caller names every unknown person at once.
    /// </summary>
    Task<IReadOnlyList<RotationMember?>> FindMembersAsync(IReadOnlyList<RotationMember> wanted, IOperationSink sink, CancellationToken cancellationToken);

    /// <summary>Makes the named teams the owners of a definition about to be created (Datadog team ids, the VictorOps team).</summary>
    Task SetTeamsAsync(RotationDefinition definition, IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken);

    /// <summary>Creates it and answers with the definition as the vendor now has it.</summary>
    Task<RotationDefinition> CreateAsync(RotationDefinition definition, IOperationSink sink, CancellationToken cancellationToken);

    /// <summary>Sends what differs between the two and answers with the definition as the vendor now has it.</summary>
    Task<RotationDefinition> UpdateAsync(RotationDefinition current, RotationDefinition desired, IOperationSink sink, CancellationToken cancellationToken);

    /// <summary>Removes one layer (the rest is kept) or, with <paramref name="layer"/> null, the whole definition.</summary>
    Task RemoveAsync(RotationDefinition current, RotationLayer? layer, IOperationSink sink, CancellationToken cancellationToken);

    /// <summary>The vendor's own check of a definition (ZStack ValidateOnCallSchedule); null where the vendor has none.</summary>
    Task<RotationValidation?> ValidateAsync(RotationDefinition definition, IOperationSink sink, CancellationToken cancellationToken);

    /// <summary>The definition as Get-OnCallRotation writes it: one object per layer or shift.</summary>
    IReadOnlyList<Rotation> ToRotations(RotationDefinition definition);
}

/// <summary>Where a rotation is: its id (a Datadog layer or schedule, a ZStack uuid or name, a VictorOps shift), the container's id, the team.</summary>
public sealed class RotationAddress
{
    public string Id { get; set; } = string.Empty;

    /// <summary>The Datadog schedule, the VictorOps rotation group (slug, numeric id or label).</summary>
    public string? ScheduleId { get; set; }

    /// <summary>VictorOps: the team the group belongs to.</summary>
    public string? Team { get; set; }

    public override string ToString() => string.IsNullOrEmpty(ScheduleId) || ScheduleId == Id ? Id : ScheduleId + "/" + Id;
}
