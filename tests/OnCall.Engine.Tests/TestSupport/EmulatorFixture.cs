using OnCall.Emulator;

namespace OnCall.Engine.Tests.TestSupport;

/// <summary>
/// One emulator for a test class (xunit runs a class's tests one at a time). Each test takes it
/// <see cref="Fresh"/>: no canned answer, fault, limit or record left by the test before.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await EmulatorServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public EmulatorServer Fresh()
    {
        Server.Canned.Clear();
        Server.Faults.Clear();
        Server.RateLimits.Reset();
        Server.RateLimits.VictorOps = false;
        Server.RateLimits.VictorOpsReporting = false;
        Server.RateLimits.Datadog = false;
        Server.ClearRequests();
        return Server;
    }
}

/// <summary>Canned answers and the record of requests, as the client tests read them.</summary>
public static class EmulatorTestExtensions
{
    /// <summary>Answers METHOD PATH ('*' one segment, '**' the rest) with a JSON body; the latest route wins.</summary>
    public static EmulatorServer On(this EmulatorServer server, string method, string pattern, string json, int status = 200)
    {
        server.Canned.Answer(method, pattern, status, json);
        return server;
    }

    /// <summary>Answers METHOD PATH with what <paramref name="answer"/> makes of each request.</summary>
    public static EmulatorServer On(this EmulatorServer server, string method, string pattern, Func<CannedRequest, CannedAnswer> answer)
    {
        server.Canned.Answer(method, pattern, answer);
        return server;
    }

    /// <summary>The requests of one method whose path starts with a prefix, oldest first.</summary>
    public static List<RecordedRequest> Calls(this EmulatorServer server, string method, string pathPrefix) =>
        server.Requests.Where(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    /// <summary>A query parameter of a recorded request, decoded; null when it was not sent.</summary>
    public static string? Q(this RecordedRequest request, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.QueryString).TryGetValue(name, out var value) ? value.ToString() : null;
}
