using System;
using System.Collections.Generic;

namespace OnCall.Engine.Http;

/// <summary>One call to a vendor API, before auth, pacing and retries are applied.</summary>
public sealed class ApiRequest
{
    public ApiRequest(string method, string path)
    {
        Method = method.ToUpperInvariant();
        Path = path.StartsWith("/", StringComparison.Ordinal) ? path : "/" + path;
    }

    /// <summary>GET, POST, PUT, PATCH or DELETE.</summary>
    public string Method { get; }

    /// <summary>The path with every variable segment already escaped by <see cref="ApiPath"/>.</summary>
    public string Path { get; }

    public IList<KeyValuePair<string, string>> Query { get; } = new List<KeyValuePair<string, string>>();

    /// <summary>A JSON body: a string is sent as it is, anything else is serialised.</summary>
    public object? Body { get; set; }

    /// <summary>
    /// Whether sending it twice is harmless. Defaults from the method (GET, PUT, DELETE, HEAD);
    /// only idempotent calls are retried after a 5xx, a timeout or a dropped connection.
    /// </summary>
    public bool? Idempotent { get; set; }

    /// <summary>The pacing bucket; defaults to the vendor's choice for this path.</summary>
    public string? PaceKey { get; set; }

    /// <summary>Another host of the same connection (Datadog's paging host).</summary>
    public Uri? BaseUriOverride { get; set; }

    /// <summary>Statuses that are answers rather than failures for this call (e.g. 404 for a lookup).</summary>
    public ISet<int> AcceptedStatuses { get; } = new HashSet<int>();

    public TimeSpan? Timeout { get; set; }

    public bool IsIdempotent => Idempotent ?? Method is "GET" or "PUT" or "DELETE" or "HEAD" or "OPTIONS";

    /// <summary>Whether the request changes something on the server: every method but GET, HEAD and OPTIONS.</summary>
    internal bool IsWrite => Method is not ("GET" or "HEAD" or "OPTIONS");

    /// <summary>
    /// What a person should look at when this write may have been applied but its answer was lost or
    /// unreadable, in the vendor's and the data's words, as an imperative without the final stop: "check
    /// whether incident 4711 was acknowledged". The pipeline says something general when it is null; the
    /// cmdlet that sent it adds which command reads it back.
    /// </summary>
    internal string? WhatToCheck { get; set; }

    /// <summary>
    /// Whether a 404 on a retry, after an attempt that may have reached the server, means "already
    /// done" (the earlier attempt removed it). Defaults to true for DELETE.
    /// </summary>
    internal bool? GoneOnRetryIsDone { get; set; }

    internal bool TreatsGoneOnRetryAsDone => GoneOnRetryIsDone ?? Method == "DELETE";

    /// <summary>The sentence every "may have been applied" failure ends with: no retry advice, only what to check.</summary>
    internal string MayHaveAppliedAdvice =>
        "It may have been applied, so it was not sent again: " + (WhatToCheck ?? $"check whether {Method} {Path} took effect") + " before repeating it.";

    public ApiRequest WithQuery(string name, string? value)
    {
        if (value is not null)
        {
            Query.Add(new KeyValuePair<string, string>(name, value));
        }

        return this;
    }

    public override string ToString() => $"{Method} {Path}";
}
