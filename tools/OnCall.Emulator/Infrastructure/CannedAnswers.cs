using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator;

/// <summary>A request as a canned answer sees it: method, path (percent-escapes intact), query and body.</summary>
public sealed record CannedRequest(string Method, string Path, string RawTarget, IReadOnlyDictionary<string, string> Query, string Body)
{
    /// <summary>A query parameter's value, decoded; null when it was not sent.</summary>
    public string? Q(string name) => Query.TryGetValue(name, out var value) ? value : null;
}

/// <summary>What a canned answer sends: a status, a body (sent as it is, as application/json) and extra headers.</summary>
public sealed record CannedAnswer(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>One armed canned answer; it stays until removed or cleared.</summary>
public sealed class CannedRule
{
    private readonly string[] _pattern;
    private int _hits;

    internal CannedRule(string method, string pathPattern, Func<CannedRequest, CannedAnswer> answer)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(pathPattern);
        Method = method.ToUpperInvariant();
        PathPattern = pathPattern;
        Answer = answer ?? throw new ArgumentNullException(nameof(answer));
        _pattern = pathPattern.Trim('/').Split('/');
    }

    public string Method { get; }

    /// <summary>The path it answers: '*' stands for one segment, a final '**' for the rest.</summary>
    public string PathPattern { get; }

    /// <summary>How many requests it answered.</summary>
    public int Hits => Volatile.Read(ref _hits);

    internal Func<CannedRequest, CannedAnswer> Answer { get; }

    internal void Hit() => Interlocked.Increment(ref _hits);

    // Segments are compared decoded, so a pattern names a user as "jdoe@example.com" whatever the client escaped.
    internal bool Matches(string method, string rawPath)
    {
        if (!string.Equals(method, Method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var have = rawPath.Trim('/').Split('/');
        for (var i = 0; i < _pattern.Length; i++)
        {
            if (_pattern[i] == "**")
            {
                return true;
            }

            if (i >= have.Length || (_pattern[i] != "*" && !string.Equals(_pattern[i], Uri.UnescapeDataString(have[i]), StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return _pattern.Length == have.Length;
    }
}

/// <summary>
/// Answers METHOD PATH with a given status, headers and body instead of the emulator's own model of the
/// vendor: for a client test that needs an answer the demo organisation does not give (a recorded sample,
/// an odd shape, a refusal). Canned answers come after the armed faults (a fault can still slow or drop a
/// canned route) and before authentication (they stand in for the whole vendor). The rule armed last wins.
/// Every request stays on record as any other.
/// </summary>
public sealed class CannedAnswers
{
    private readonly Lock _sync = new();
    private readonly List<CannedRule> _rules = [];

    public IReadOnlyList<CannedRule> Rules
    {
        get
        {
            lock (_sync)
            {
                return _rules.ToArray();
            }
        }
    }

    /// <summary>Answers every matching request with this status and body (and headers).</summary>
    public CannedRule Answer(string method, string pathPattern, int status, string body, IReadOnlyDictionary<string, string>? headers = null) =>
        Answer(method, pathPattern, _ => new CannedAnswer(status, body, headers));

    /// <summary>Answers every matching request with what <paramref name="answer"/> makes of it.</summary>
    public CannedRule Answer(string method, string pathPattern, Func<CannedRequest, CannedAnswer> answer)
    {
        var rule = new CannedRule(method, pathPattern, answer);
        lock (_sync)
        {
            _rules.Add(rule);
        }

        return rule;
    }

    public void Remove(CannedRule rule)
    {
        lock (_sync)
        {
            _rules.Remove(rule);
        }
    }

    public void Clear()
    {
        lock (_sync)
        {
            _rules.Clear();
        }
    }

    internal async Task Serve(HttpContext context, RequestDelegate next)
    {
        var path = Http.RawPath(context);
        CannedRule? rule;
        lock (_sync)
        {
            rule = _rules.LastOrDefault(r => r.Matches(context.Request.Method, path));
        }

        if (rule is null)
        {
            await next(context);
            return;
        }

        rule.Hit();
        var query = QueryHelpers.ParseQuery(context.Request.QueryString.Value).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var body = context.Items.TryGetValue(Http.BodyItem, out var read) ? read as string ?? string.Empty : string.Empty;
        var answer = rule.Answer(new CannedRequest(context.Request.Method, path, Http.RawTarget(context), query, body));
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        foreach (var header in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }
}
