using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using OnCall.Engine.Http;
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
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
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

    protected override void ProcessRecord()
    {
        var path = Path!.Trim();
        // A full URL or a protocol-relative path would send the connection's keys to another host.
        if (!path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("//", StringComparison.Ordinal) || path.Contains("://"))
        {
            WriteInvalidArgument("InvalidPath", $"'{Path}' is not a path on the connection's host. Give a path that starts with a single '/', such as /api-public/v1/team.", Path);
            return;
        }

        var connection = ResolveConnection();
        var request = new ApiRequest(Method, path)
        {
            Body = Unwrap(Body),
            BaseUriOverride = PagingHost ? connection.Info.PagingUri : null,
        };
        if (Query is not null)
        {
            foreach (DictionaryEntry entry in Query)
            {
                request.WithQuery(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, Convert.ToString(Unwrap(entry.Value), CultureInfo.InvariantCulture));
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
            WriteError(ErrorRecords.From(error, Path));
            return;
        }

        if (Raw)
        {
            WriteObject(response.Content);
            return;
        }

        object? value;
        try
        {
            value = response.ReadPlain();
        }
        catch (OnCallException error)
        {
            WriteError(ErrorRecords.From(error, Path));
            return;
        }

        if (value is not null)
        {
            WriteObject(ToPSObject(value), enumerateCollection: true);
        }
    }

    // PowerShell values become plain ones the engine can serialise: a PSCustomObject becomes a
    // dictionary of its properties, at any depth (ConvertTo-Json's depth 2 would truncate them).
    private static object? Unwrap(object? value)
    {
        switch (value)
        {
            case PSObject { BaseObject: PSCustomObject } custom:
                var map = new Dictionary<string, object?>();
                foreach (var property in custom.Properties)
                {
                    map[property.Name] = Unwrap(property.Value);
                }

                return map;
            case PSObject wrapped:
                return Unwrap(wrapped.BaseObject);
            case string:
                return value;
            case IDictionary dictionary:
                var copy = new Dictionary<string, object?>();
                foreach (DictionaryEntry entry in dictionary)
                {
                    copy[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Unwrap(entry.Value);
                }

                return copy;
            case IEnumerable sequence:
                var list = new List<object?>();
                foreach (var item in sequence)
                {
                    list.Add(Unwrap(item));
                }

                return list;
            default:
                return value;
        }
    }

    private static object? ToPSObject(object? value)
    {
        switch (value)
        {
            case IDictionary<string, object?> map:
                var result = new PSObject();
                foreach (var pair in map)
                {
                    result.Properties.Add(new PSNoteProperty(pair.Key, ToPSObject(pair.Value)));
                }

                return result;
            case object?[] list:
                var items = new object?[list.Length];
                for (var i = 0; i < list.Length; i++)
                {
                    items[i] = ToPSObject(list[i]);
                }

                return items;
            default:
                return value;
        }
    }
}
