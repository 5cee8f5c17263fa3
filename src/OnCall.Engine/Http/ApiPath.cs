using System.Globalization;
using System.Text;

namespace OnCall.Engine.Http;

/// <summary>
/// Builds request paths from a template and variable segments, escaping each segment so that no
/// input can change which endpoint is called: a team named '../../v1/user' reaches the team endpoint.
/// </summary>
internal static class ApiPath
{
    /// <summary>Formats "/api-public/v1/team/{0}/members" with escaped segments.</summary>
    public static string Format(PathEscaping escaping, string template, params string[] segments)
    {
        var escaped = new object[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            escaped[i] = EscapeSegment(segments[i], escaping);
        }

        return string.Format(CultureInfo.InvariantCulture, template, escaped);
    }

    public static string EscapeSegment(string segment, PathEscaping escaping)
    {
        if (string.IsNullOrEmpty(segment))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidName", "A name used in a request path cannot be empty.", null, segment);
        }

        // System.Uri unescapes %2E and removes dot segments before a request leaves HttpClient, so
        // "." and ".." would walk up the path whatever the escaping: no vendor names a thing that way.
        if (IsDotSegment(segment))
        {
            throw new OnCallException(OnCallErrorKind.InvalidArgument, "InvalidName", $"'{segment}' is not a name that can be sent in a request path.", null, segment);
        }

        var builder = new StringBuilder(segment.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(segment))
        {
            var c = (char)b;
            var unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c is '-' or '_' or '~';

            // VictorOps will not process %40 in an email-style username: '@' must stay literal there.
            if (unreserved || (c == '@' && escaping == PathEscaping.KeepAt))
            {
                builder.Append(c);
            }
            else if (c == '.')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(((int)b).ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static bool IsDotSegment(string segment) => segment.Trim('.').Length == 0;
}

/// <summary>How a vendor wants path segments escaped.</summary>
internal enum PathEscaping
{
    /// <summary>Everything but unreserved characters percent-encoded.</summary>
    Strict,

    /// <summary>As strict, but '@' kept literal (VictorOps usernames).</summary>
    KeepAt,
}
