using OnCall.Emulator;
using OnCall.Engine.Connections;
using OnCall.Engine.Http;
using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Http;

/// <summary>How the pipeline reads an answer: from the stream, up to a limit, secrets masked, and what a lost write is.</summary>
public sealed class AnswerReadingTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string Key = "vo-answer-key-4f2a9c";

    private static ApiClient VictorOps(EmulatorServer server, long maxAnswer = 16L * 1024 * 1024, int retries = 2) =>
        new(new VictorOpsProfile("stub-id-" + Guid.NewGuid().ToString("N"), SecretText.FromString(Key)) { PacingEnabled = false }, server.BaseUri, new ApiClientOptions
        {
            MaxRetries = retries,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            Timeout = TimeSpan.FromSeconds(10),
            MaxAnswerBytes = maxAnswer,
        });

    [Fact]
    public async Task An_endless_answer_to_a_read_is_read_only_up_to_the_limit_and_is_MalformedResponse_without_a_retry()
    {
        var server = fixture.Fresh();
        using var armed = new Disarm(server, server.Faults.Hostile("/api-public/v1/team", HostileAnswer.HugeBody, count: 10, method: "GET"));
        using var client = VictorOps(server, maxAnswer: 256 * 1024);
        var sink = new RecordingSink();

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("GET", "/api-public/v1/team"), sink, CancellationToken.None));

        Assert.Equal("OnCall.VictorOps.MalformedResponse", error.ErrorId);
        Assert.False(error.MayHaveApplied);
        Assert.Contains("256 KB", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.Contains(sink.Verbose, line => line.Contains("not read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_announced_length_over_the_limit_is_not_read_and_after_a_write_it_may_have_applied()
    {
        var body = "{\"padding\":\"" + new string('x', 4096) + "\"}";
        var server = fixture.Fresh().On("GET", "/api-public/v1/team", body).On("POST", "/api-public/v1/incidents", body);
        using var client = VictorOps(server, maxAnswer: 1024);

        var read = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("GET", "/api-public/v1/team"), new RecordingSink(), CancellationToken.None));
        var write = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest("POST", "/api-public/v1/incidents") { Body = "{}" }, new RecordingSink(), CancellationToken.None));

        Assert.Equal("OnCall.VictorOps.MalformedResponse", read.ErrorId);
        Assert.Equal("OnCall.VictorOps.MayHaveApplied", write.ErrorId);
        Assert.True(write.MayHaveApplied);
    }

    [Fact]
    public async Task An_answer_of_exactly_the_limit_is_read_whole()
    {
        var body = "{\"padding\":\"" + new string('x', 1000) + "\"}";
        var server = fixture.Fresh().On("GET", "/api-public/v1/team", body);
        using var client = VictorOps(server, maxAnswer: body.Length);

        using var response = await client.SendAsync(new ApiRequest("GET", "/api-public/v1/team"), new RecordingSink(), CancellationToken.None);

        Assert.Equal(body, response.Content);
        Assert.Equal(1000, response.RootElement.GetProperty("padding").GetString()!.Length);
    }

    [Fact]
    public async Task A_success_that_echoes_the_key_back_carries_it_nowhere()
    {
        var server = fixture.Fresh().On("POST", "/api-public/v1/incidents", "{\"echo\":\"X-VO-Api-Key=" + Key + "\",\"id\":\"7\"}");
        using var client = VictorOps(server);

        using var response = await client.SendAsync(new ApiRequest("POST", "/api-public/v1/incidents") { Body = "{}" }, new RecordingSink(), CancellationToken.None);

        Assert.DoesNotContain(Key, response.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, OnCall.Engine.Json.RawJson.Serialize(response.ReadPlain()), StringComparison.Ordinal);
        Assert.Equal("7", response.RootElement.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("PUT")]
    public async Task An_idempotent_write_whose_every_answer_was_lost_may_have_applied(string method)
    {
        var server = fixture.Fresh();
        using var armed = new Disarm(server, server.Faults.DropConnection("/api-public/v1/overrides/*", count: 10, method: method));
        using var client = VictorOps(server, retries: 2);

        var error = await Assert.ThrowsAsync<OnCallException>(() => client.SendAsync(new ApiRequest(method, "/api-public/v1/overrides/abc") { Body = method == "PUT" ? "{}" : null }, new RecordingSink(), CancellationToken.None));

        Assert.Equal("OnCall.VictorOps.MayHaveApplied", error.ErrorId);
        Assert.True(error.MayHaveApplied);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Verbose_and_debug_text_is_built_only_for_a_sink_that_shows_it()
    {
        var server = fixture.Fresh().On("GET", "/api-public/v1/team", "[]");
        using var client = VictorOps(server);
        var quiet = new Audience(verbose: false, debug: false);
        var loud = new Audience(verbose: true, debug: true);

        using (await client.SendAsync(new ApiRequest("GET", "/api-public/v1/team"), quiet, CancellationToken.None))
        using (await client.SendAsync(new ApiRequest("GET", "/api-public/v1/team"), loud, CancellationToken.None))
        {
        }

        Assert.Equal((0, 0), (quiet.Verbose, quiet.Debug));
        Assert.Equal((1, 1), (loud.Verbose, loud.Debug));
    }

    private sealed class Audience(bool verbose, bool debug) : IOperationSink, IOperationAudience
    {
        public int Verbose;
        public int Debug;

        public bool ShowsVerbose => verbose;

        public bool ShowsDebug => debug;

        public void WriteObject(object item) { }

        public void WriteError(OnCallException error) { }

        public void WriteWarning(string message) { }

        public void WriteVerbose(string message) => Interlocked.Increment(ref Verbose);

        public void WriteDebug(string message) => Interlocked.Increment(ref Debug);

        public void WriteProgress(OperationProgress progress) { }
    }

    private sealed class Disarm(EmulatorServer server, FaultRule rule) : IDisposable
    {
        public void Dispose() => server.Faults.Remove(rule);
    }
}
