using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OnCall.Module.Tests.Infrastructure;

/// <summary>What the stand-in does with one request.</summary>
/// <param name="Forward">Pass the request on to the emulator first (so a write is applied there).</param>
/// <param name="Status">Answer with this status instead of the emulator's.</param>
/// <param name="Body">Answer with this body instead of the emulator's.</param>
/// <param name="Headers">Headers to add to the answer.</param>
/// <param name="Drop">Close the connection without an answer.</param>
public sealed record StandInAnswer(bool Forward = true, int? Status = null, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, bool Drop = false)
{
    public static StandInAnswer PassOn { get; } = new();

    /// <summary>An answer made up here; the emulator never sees the request.</summary>
    public static StandInAnswer Canned(int status, string body, IReadOnlyDictionary<string, string>? headers = null) => new(false, status, body, headers);

    /// <summary>The emulator applies the request; the client gets this instead of its answer.</summary>
    public static StandInAnswer AppliedThen(int status, string body) => new(true, status, body);

    /// <summary>The emulator applies the request; the client's connection is dropped before any answer.</summary>
    public static StandInAnswer AppliedThenDropped { get; } = new(true, Drop: true);
}

/// <summary>
/// A hostile stand-in for a vendor, on 127.0.0.1: by default it passes every request on to the
/// emulator, and a rule can replace the answer to chosen requests (a canned body, a header no server
/// should send, a 5xx or a dropped connection after the emulator applied the request). This is how a
/// test shows what a user sees when a gateway or the vendor misbehaves in a way the emulator's own
/// faults cannot. It listens on the port it bound (port 0, the system's choice), never on one it
/// picked earlier and let go of, which another test could take in between.
/// </summary>
public sealed class StandInServer : IDisposable
{
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase) { "Host", "Content-Length", "Content-Type", "Connection", "Expect", "Transfer-Encoding" };
    private static readonly HashSet<string> NotCopiedBack = new(StringComparer.OrdinalIgnoreCase) { "Transfer-Encoding", "Content-Length", "Date", "Server", "Connection" };

    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri _target;
    private readonly List<(string? Method, Regex Path, Func<int, StandInAnswer> Answer, int[] Hits)> _rules = new();
    private readonly WebApplication _app;

    public StandInServer(Uri emulator)
    {
        _target = emulator;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        _app = builder.Build();
        _app.Run(AnswerAsync);
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUri = new Uri(address.TrimEnd('/') + "/");
    }

    public Uri BaseUri { get; }

    /// <summary>Every request the stand-in received, as "METHOD /path".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>
    /// Answers requests whose path matches <paramref name="pathPattern"/> ('*' matches anything, '/'
    /// included) and, when given, whose method is <paramref name="method"/>. The function gets the
    /// number of the matching request (1 for the first). Later rules win over earlier ones.
    /// </summary>
    public StandInServer On(string? method, string pathPattern, Func<int, StandInAnswer> answer)
    {
        var regex = new Regex("^" + Regex.Escape(pathPattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase);
        lock (_rules)
        {
            _rules.Insert(0, (method, regex, answer, new int[1]));
        }

        return this;
    }

    public StandInServer On(string? method, string pathPattern, StandInAnswer answer) => On(method, pathPattern, _ => answer);

    /// <summary>A rule for as long as the returned handle is not disposed.</summary>
    public IDisposable Arm(string? method, string pathPattern, Func<int, StandInAnswer> answer)
    {
        On(method, pathPattern, answer);
        (string?, Regex, Func<int, StandInAnswer>, int[]) rule;
        lock (_rules)
        {
            rule = _rules[0];
        }

        return new Disarm(() =>
        {
            lock (_rules)
            {
                _rules.Remove(rule);
            }
        });
    }

    public IDisposable Arm(string? method, string pathPattern, StandInAnswer answer) => Arm(method, pathPattern, _ => answer);

    public int Count(string methodAndPathPrefix) => Requests.Count(r => r.StartsWith(methodAndPathPrefix, StringComparison.Ordinal));

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        ((IAsyncDisposable)_app).DisposeAsync().AsTask().GetAwaiter().GetResult();
        _upstream.Dispose();
    }

    private sealed class Disarm(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    // A failure here (the emulator gone, say) ends the connection as the HttpListener stand-in did, not in a made-up 500.
    private async Task AnswerAsync(HttpContext context)
    {
        try
        {
            await ServeAsync(context);
        }
        catch (Exception)
        {
            context.Abort();
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var rawUrl = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var path = rawUrl.Split('?')[0];
        Requests.Enqueue(request.Method + " " + path);

        StandInAnswer answer = StandInAnswer.PassOn;
        lock (_rules)
        {
            foreach (var rule in _rules)
            {
                if ((rule.Method is null || string.Equals(rule.Method, request.Method, StringComparison.OrdinalIgnoreCase)) && rule.Path.IsMatch(path))
                {
                    answer = rule.Answer(++rule.Hits[0]);
                    break;
                }
            }
        }

        var status = 200;
        var text = string.Empty;
        var contentType = "application/json";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (answer.Forward)
        {
            using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_target, rawUrl.TrimStart('/')));
            foreach (var header in request.Headers.Where(h => !NotForwarded.Contains(h.Key)))
            {
                forward.Headers.TryAddWithoutValidation(header.Key, header.Value.ToString());
            }

            if (body.Length > 0 || request.Method is "POST" or "PUT" or "PATCH")
            {
                forward.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            using var upstream = await _upstream.SendAsync(forward);
            status = (int)upstream.StatusCode;
            text = await upstream.Content.ReadAsStringAsync();
            contentType = upstream.Content.Headers.ContentType?.ToString() ?? contentType;
            foreach (var header in upstream.Headers)
            {
                headers[header.Key] = string.Join(",", header.Value);
            }
        }

        if (answer.Drop)
        {
            context.Abort();
            return;
        }

        status = answer.Status ?? status;
        text = answer.Body ?? text;
        foreach (var header in answer.Headers ?? new Dictionary<string, string>())
        {
            headers[header.Key] = header.Value;
        }

        var response = context.Response;
        response.StatusCode = status;
        foreach (var header in headers.Where(h => !NotCopiedBack.Contains(h.Key)))
        {
            response.Headers[header.Key] = header.Value;
        }

        if (status == 204)
        {
            return;
        }

        response.ContentType = text.TrimStart().StartsWith('<') ? "text/html" : contentType;
        var bytes = Encoding.UTF8.GetBytes(text);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes);
    }
}
