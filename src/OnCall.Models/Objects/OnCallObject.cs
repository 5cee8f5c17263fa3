using System.Collections.Generic;

namespace OnCall;

/// <summary>What every object OnCall writes has: where it came from, and the vendor's own answer.</summary>
public abstract class OnCallObject
{
    /// <summary>The vendor that answered.</summary>
    public OnCallProvider Provider { get; set; }

    /// <summary>The name of the connection that answered; binds to -Connection down the pipeline.</summary>
    public string Connection { get; set; } = string.Empty;

    /// <summary>
    /// The vendor's raw answer for this object as plain dictionaries and lists (keys case-insensitive),
    /// so nothing the API said is lost. Hidden from the default views.
    /// </summary>
    public IDictionary<string, object?>? Raw { get; set; }
}
