using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using OnCall.Engine.Http;
using OnCall.Engine.Json;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Api;

/// <summary>
/// Invoke-OnCallApi: any endpoint of a connection, with its auth, pacing, retries and JSON, so
/// nothing in a vendor's API is out of reach.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "OnCallApi", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PSObject), typeof(string))]
public sealed class InvokeOnCallApiCommand : OnCallConnectedCmdlet
{
    /// <summary>The path on the connection's host, e.g. /api-public/v1/maintenancemode.</summary>
    private string _path = string.Empty;

    [Parameter(Mandatory = true, Position = 0)]
    [AllowNull]
    [AllowEmptyString]
    public string? Path { get; set; }

    [Parameter(Position = 1)]
    [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE")]
    public string Method { get; set; } = "GET";

    /// <summary>Query parameters; values are escaped.</summary>
    [Parameter]
    public IDictionary? Query { get; set; }

    /// <summary>A JSON string, or an object (hashtable, PSCustomObject) serialised at any depth.</summary>
    [Parameter(ValueFromPipeline = true)]
    public object? Body { get; set; }

    /// <summary>Send to the connection's paging host (Datadog pages).</summary>
    [Parameter]
    public SwitchParameter PagingHost { get; set; }

    /// <summary>Write the body as text instead of objects.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    private protected override void Prepare()
    {
        // Spaces around a pasted path go; a control character anywhere (a trailing newline too) is refused.
        _path = (Path ?? string.Empty).Trim(' ');
        if (PathProblem(_path) is { } problem)
        {
            throw new OnCallException(
                OnCallErrorKind.InvalidArgument,
                "InvalidPath",
                $"-Path {ArgumentChecks.Shown(Path)} {problem}. Give a path on the connection's host that starts with a single '/', such as /api-public/v1/team; nothing was sent.",
                null,
                Path);
        }
    }

    private protected override void ProcessInput()
    {
        // Serialised here, before any request: a body that cannot be sent fails now, not mid-call.
        var body = Body is null ? null : RawJson.ToRequestBody(Body, FromPowerShell);
        var connection = ResolveConnection();
        var request = new ApiRequest(Method, _path)
        {
            Body = body,
            BaseUriOverride = PagingHost ? connection.Info.PagingUri : null,
        };
        if (Query is not null)
        {
            foreach (DictionaryEntry entry in Query)
            {
                request.WithQuery(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, Convert.ToString(entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value, CultureInfo.InvariantCulture));
            }
        }

        if (request.Method != "GET" && !ShouldProcess(connection.Describe(request.ToString()), "Send"))
        {
            return;
        }

        ApiResponse response;
        try
        {
            response = Run((sink, token) => connection.Client.SendAsync(request, sink, token));
        }
        catch (OnCallException error)
        {
            WriteError(RecordOf(error, Path));
            return;
        }

        using (response)
        {
            if (Raw)
            {
                WriteObject(response.Content);
                return;
            }

            object? value;
            try
            {
                value = response.ReadTree(PSObjects.Instance);
            }
            catch (OnCallException error)
            {
                WriteError(RecordOf(error, Path));
                return;
            }

            if (value is not null)
            {
                WriteObject(value, enumerateCollection: true);
            }
        }
    }

    /// <summary>
    /// Why a path cannot be sent to the connection's host, or null. A full URL or a protocol-relative
    /// path would send the connection's keys to another host; a dot segment, plain or percent-encoded,
    /// walks to another path than the one written (System.Uri and servers both resolve them).
    /// </summary>
    internal static string? PathProblem(string path)
    {
        if (path.Length == 0)
        {
            return "is blank";
        }

        if (path.Length > 4096)
        {
            return "is longer than 4,096 characters";
        }

        if (!path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal) || path.Contains("://"))
        {
            return "is not a path on the connection's host (a full URL, or one that starts with // or without /)";
        }

        if (path.IndexOf('\\') >= 0 || path.IndexOf('#') >= 0)
        {
            return "holds a backslash or a '#'";
        }

        var question = path.IndexOf('?');
        var decoded = question < 0 ? path : path.Substring(0, question);
        for (var round = 0; round < 3; round++)
        {
            if (decoded.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
            {
                return "holds a control character";
            }

            foreach (var segment in decoded.Split('/', '\\'))
            {
                var name = segment.Split(';')[0];
                if (name is "." or "..")
                {
                    return "holds a dot segment ('.' or '..', plain or percent-encoded)";
                }
            }

            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
            }

            decoded = next;
        }

        return path.Any(c => char.IsControl(c)) ? "holds a control character" : null;
    }

    // A PowerShell value as one the engine serialises, one level at a time (RawJson walks the rest,
    // with its depth and cycle checks): a PSCustomObject becomes a dictionary of its properties.
    private static object? FromPowerShell(object value)
    {
        switch (value)
        {
            case PSObject { BaseObject: PSCustomObject } custom:
                var map = new Dictionary<string, object?>();
                foreach (var property in custom.Properties)
                {
                    map[property.Name] = property.Value;
                }

                return map;
            case PSObject wrapped:
                return wrapped.BaseObject;
            default:
                return value;
        }
    }

    /// <summary>
    /// The answer's objects as PowerShell objects with a note property per key, built as the JSON is
    /// read: dotting, Get-Member and ConvertTo-Json see what they would see in a parsed answer.
    /// </summary>
    private sealed class PSObjects : IJsonObjectBuilder
    {
        public static readonly PSObjects Instance = new();

        // PowerShell 7's PSObject(int instanceMemberCapacity), which ConvertFrom-Json uses, keeps the note
        // properties in the object itself; new PSObject() files them in a process-wide weak table (a
        // dependent handle and a sync block per object), which cost more than the JSON. Windows PowerShell
        // 5.1 has no such constructor.
        private static readonly ConstructorInfo? WithMembers = HostConstructor.Taking(typeof(PSObject), typeof(int));

        public object Create() => WithMembers is null ? new PSObject() : WithMembers.Invoke(new object[] { 4 });

        // RawJson.ToTree hands each name once (a repeat, in any case, comes to Replace), so the checks an
        // unvalidated Add makes (the type table, the members already there) are skipped; they were most of
        // what an object cost. A name PowerShell reserves (psobject, psbase...) still goes through them.
        public void Add(object target, string name, object? value) =>
            ((PSObject)target).Properties.Add(new PSNoteProperty(name, value), preValidated: !IsReserved(name));

        private static bool IsReserved(string name) =>
            name.Length >= 6 && name.StartsWith("ps", StringComparison.OrdinalIgnoreCase) &&
            (name.Equals("psbase", StringComparison.OrdinalIgnoreCase) || name.Equals("psadapted", StringComparison.OrdinalIgnoreCase) ||
             name.Equals("psextended", StringComparison.OrdinalIgnoreCase) || name.Equals("psobject", StringComparison.OrdinalIgnoreCase) ||
             name.Equals("pstypenames", StringComparison.OrdinalIgnoreCase));

        public void Replace(object target, string name, object? value) =>
            ((PSObject)target).Properties[name].Value = value;
    }
}
