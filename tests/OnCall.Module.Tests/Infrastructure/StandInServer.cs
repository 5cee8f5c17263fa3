using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

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
/// faults (which fire before applying) cannot.
/// </summary>
public sealed class StandInServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri _target;
    private readonly List<(string? Method, Regex Path, Func<int, StandInAnswer> Answer, int[] Hits)> _rules = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public StandInServer(Uri emulator)
    {
        _target = emulator;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
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
        _stop.Cancel();
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (ObjectDisposedException)
        {
        }

        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        _upstream.Dispose();
        _stop.Dispose();
    }

    private sealed class Disarm(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            var request = context.Request;
            string body;
            using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            var rawUrl = request.RawUrl ?? "/";
            var path = rawUrl.Split('?')[0];
            Requests.Enqueue(request.HttpMethod + " " + path);

            StandInAnswer answer = StandInAnswer.PassOn;
            lock (_rules)
            {
                foreach (var rule in _rules)
                {
                    if ((rule.Method is null || string.Equals(rule.Method, request.HttpMethod, StringComparison.OrdinalIgnoreCase)) && rule.Path.IsMatch(path))
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
                using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(_target, rawUrl.TrimStart('/')));
                foreach (var name in request.Headers.AllKeys.Where(k => k is not null))
                {
                    if (name is "Host" or "Content-Length" or "Content-Type" or "Connection" or "Expect" or "Transfer-Encoding")
                    {
                        continue;
                    }

                    forward.Headers.TryAddWithoutValidation(name!, request.Headers[name]);
                }

                if (body.Length > 0 || request.HttpMethod is "POST" or "PUT" or "PATCH")
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
                context.Response.Abort();
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
            response.ContentType = text.TrimStart().StartsWith('<') ? "text/html" : contentType;
            foreach (var header in headers)
            {
                if (header.Key is "Transfer-Encoding" or "Content-Length" or "Date" or "Server" or "Connection")
                {
                    continue;
                }

                response.Headers[header.Key] = header.Value;
            }

            var bytes = Encoding.UTF8.GetBytes(text);
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
            response.OutputStream.Close();
        }
        catch (Exception)
        {
            try
            {
                context.Response.Abort();
            }
            catch (Exception)
            {
            }
        }
    }
}
