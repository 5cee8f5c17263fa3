namespace OnCall.Engine.Json;

/// <summary>
/// Makes the objects of a JSON answer read by <see cref="RawJson.ToTree"/>, so a caller gets its own
/// kind of object (PowerShell's) in the same pass over the JSON, with no plain copy in between and no
/// System.Text.Json type handed out.
/// </summary>
public interface IJsonObjectBuilder
{
    /// <summary>A new object with no properties.</summary>
    object Create();

    /// <summary>Adds a property whose name (compared case-insensitively) the object does not have yet.</summary>
    void Add(object target, string name, object? value);

    /// <summary>
    /// JSON may repeat a name, in the same or another case: the later value replaces the earlier one,
    /// which keeps its place and the spelling it was added with (<paramref name="name"/>).
    /// </summary>
    void Replace(object target, string name, object? value);
}
