using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Tests.VictorOps;

/// <summary>A request as the stub server received it.</summary>
public sealed record RecordedRequest(string Method, string RawUrl, string Path, IReadOnlyDictionary<string, string> Query, string Body, IReadOnlyDictionary<string, string> Headers, DateTime ReceivedAt)
{
    public string Q(string name) => Query.TryGetValue(name, out var v) ? v : null!;
}

/// <summary>What a route answers.</summary>
public sealed record StubResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// A tiny HTTP server on 127.0.0.1 (HttpListener) standing in for the VictorOps API in these tests:
/// routes by method and path ('*' matches one segment, '**' the rest), canned JSON, and a record of
/// every request with its raw URL (to check that '@' stays literal).
/// </summary>
public sealed class StubVictorOpsServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Method, string Pattern, Func<RecordedRequest, StubResponse> Handler)> _routes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public StubVictorOpsServer()
    {
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

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IReadOnlyList<RecordedRequest> Calls(string method, string pathPrefix) =>
        Requests.Where(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    /// <summary>Adds a route; later routes win over earlier ones.</summary>
    public StubVictorOpsServer On(string method, string pattern, Func<RecordedRequest, StubResponse> handler)
    {
        lock (_routes)
        {
            _routes.Insert(0, (method, pattern, handler));
        }

        return this;
    }

    public StubVictorOpsServer On(string method, string pattern, string json, int status = 200) =>
        On(method, pattern, _ => new StubResponse(status, json));

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

        _stop.Dispose();
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

            _ = Task.Run(() => Serve(context));
        }
    }

    private void Serve(HttpListenerContext context)
    {
        try
        {
            var request = context.Request;
            string body;
            using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
            {
                body = reader.ReadToEnd();
            }

            var rawUrl = request.RawUrl ?? "/";
            var question = rawUrl.IndexOf('?');
            var path = question >= 0 ? rawUrl.Substring(0, question) : rawUrl;
            var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (question >= 0)
            {
                foreach (var pair in rawUrl.Substring(question + 1).Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=');
                    var key = Uri.UnescapeDataString(eq >= 0 ? pair.Substring(0, eq) : pair);
                    query[key] = eq >= 0 ? Uri.UnescapeDataString(pair.AsSpan(eq + 1)) : string.Empty;
                }
            }

            var headers = request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
            var recorded = new RecordedRequest(request.HttpMethod, rawUrl, path, query, body, headers, DateTime.UtcNow);
            Requests.Enqueue(recorded);

            Func<RecordedRequest, StubResponse>? handler;
            lock (_routes)
            {
                handler = _routes.FirstOrDefault(r => r.Method == request.HttpMethod && Matches(r.Pattern, path)).Handler;
            }

            var answer = handler?.Invoke(recorded) ?? new StubResponse(404, "{\"message\":\"no stub route for " + request.HttpMethod + " " + path + "\"}");
            var response = context.Response;
            response.StatusCode = answer.Status;
            response.ContentType = "application/json";
            foreach (var header in answer.Headers ?? new Dictionary<string, string>())
            {
                response.Headers[header.Key] = header.Value;
            }

            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            response.ContentLength64 = bytes.Length;
            response.OutputStream.Write(bytes, 0, bytes.Length);
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

    private static bool Matches(string pattern, string path)
    {
        var want = pattern.Trim('/').Split('/');
        var have = path.Trim('/').Split('/');
        for (var i = 0; i < want.Length; i++)
        {
            if (want[i] == "**")
            {
                return true;
            }

            if (i >= have.Length || (want[i] != "*" && !string.Equals(want[i], Uri.UnescapeDataString(have[i]), StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return want.Length == have.Length;
    }
}
