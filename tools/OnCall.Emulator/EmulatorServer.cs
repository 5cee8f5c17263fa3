using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator;

/// <summary>
/// The three vendors' APIs on one loopback port. Start one per test class (or per test: start-up takes a few tens of
/// milliseconds), point a connection at <see cref="BaseUri"/>, and inspect <see cref="Requests"/> afterwards.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly Queue<RecordedRequest> requests = new();
    private readonly Queue<ArrivedRequest> arrivals = new();
    private readonly List<(Func<ArrivedRequest, bool> Match, TaskCompletionSource<ArrivedRequest> Done)> arrivalWaiters = [];
    private readonly object requestsSync = new();
    private long lastRequestId;
    private WebApplication? app;

    private EmulatorServer(EmulatorOptions options)
    {
        Options = options;
        State = new EmulatorState(options);
        Faults = new FaultInjector();
        RateLimits = new RateLimits(options.TimeProvider, options.ReportingInterval);
    }

    public EmulatorOptions Options { get; }

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public EmulatorState State { get; }

    public FaultInjector Faults { get; }

    public RateLimits RateLimits { get; }

    /// <summary>Answers tests arm in place of the vendor model (see <see cref="CannedAnswers"/>).</summary>
    public CannedAnswers Canned { get; } = new();

    /// <summary>Every write the emulator applied, with the request that applied it.</summary>
    public WriteLedger Ledger => State.Ledger;

    /// <summary>The <see cref="RecordedRequest.Id"/> of the latest request to arrive (0 before the first).</summary>
    public long LastRequestId => Interlocked.Read(ref lastRequestId);

    /// <summary>Requests as they arrived, oldest first, including those still being answered (slow, or waiting on a fault).</summary>
    public IReadOnlyList<ArrivedRequest> Arrivals
    {
        get
        {
            lock (requestsSync)
            {
                return arrivals.ToArray();
            }
        }
    }

    /// <summary>A snapshot of every request received so far, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (requestsSync)
            {
                return requests.ToArray();
            }
        }
    }

    public void ClearRequests()
    {
        lock (requestsSync)
        {
            requests.Clear();
            arrivals.Clear();
        }
    }

    /// <summary>
    /// Completes when a request matching <paramref name="match"/> has arrived (at once if one already has), so a test
    /// can act while a call is in flight instead of sleeping and hoping; fails with a TimeoutException after
    /// <paramref name="timeout"/>.
    /// </summary>
    public async Task<ArrivedRequest> WaitForArrivalAsync(Func<ArrivedRequest, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var done = new TaskCompletionSource<ArrivedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (requestsSync)
        {
            var already = arrivals.FirstOrDefault(match);
            if (already is not null)
            {
                return already;
            }

            arrivalWaiters.Add((match, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        finally
        {
            lock (requestsSync)
            {
                arrivalWaiters.RemoveAll(w => w.Done == done);
            }
        }
    }

    internal long NextRequestId() => Interlocked.Increment(ref lastRequestId);

    internal void NoteArrival(ArrivedRequest arrived)
    {
        List<TaskCompletionSource<ArrivedRequest>> matched;
        lock (requestsSync)
        {
            arrivals.Enqueue(arrived);
            while (arrivals.Count > Math.Max(1, Options.MaxRecordedRequests))
            {
                arrivals.Dequeue();
            }

            matched = arrivalWaiters.Where(w => w.Match(arrived)).Select(w => w.Done).ToList();
        }

        foreach (var done in matched)
        {
            done.TrySetResult(arrived);
        }
    }

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions? options = null)
    {
        var server = new EmulatorServer(options ?? new EmulatorOptions());
        await server.StartCoreAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Runs until the host is stopped (Ctrl+C); used by Program.Main.</summary>
    public async Task WaitForShutdownAsync()
    {
        if (app is not null)
        {
            await Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(app).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            app = null;
        }
    }

    internal void Record(RecordedRequest request)
    {
        lock (requestsSync)
        {
            requests.Enqueue(request);
            while (requests.Count > Math.Max(1, Options.MaxRecordedRequests))
            {
                requests.Dequeue();
            }
        }

        Options.RequestObserver?.Invoke(request);
    }

    private async Task StartCoreAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Options.Port));
        builder.Services.AddRouting();

        // A test that armed a long Slow fault must not wait the default 30 s for it when disposing the server.
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.Services.AddSingleton(this);

        var web = builder.Build();
        var pipeline = new Pipeline(this);
        web.Use(pipeline.Record);
        web.Use(Pipeline.ExactPath);
        web.Use(pipeline.Faults);
        web.Use(Canned.Serve);
        web.Use(pipeline.Authenticate);
        web.UseRouting();
        web.Use(pipeline.Limit);
        Endpoints.Map(web, this);

        await web.StartAsync().ConfigureAwait(false);
        var address = web.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        app = web;
    }
}
