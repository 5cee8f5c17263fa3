using OnCall.Engine.Connections;
using OnCall.Engine.Http;
using OnCall.Engine.Tests.TestSupport;

namespace OnCall.Engine.Tests.Http;

/// <summary>Client-side pacing on a fake clock: when a call may go is stated exactly, not measured on a busy machine.</summary>
public sealed class PacerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = VictorOpsProfile.EndpointInterval;
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private static Pacer NewPacer(FakeClock clock) => Pacer.ForAccount("test|" + Guid.NewGuid().ToString("N"), clock);

    [Fact]
    public async Task A_call_to_one_endpoint_waits_the_interval_after_the_last_answer_and_another_endpoint_does_not()
    {
        var clock = new FakeClock(T0);
        var pacer = NewPacer(clock);
        using (var first = await pacer.WaitTurnAsync("GET /api-public/v1/team", Interval, MaxWait, CancellationToken.None))
        {
            Assert.Equal(TimeSpan.Zero, first.Waited);
        }

        var second = pacer.WaitTurnAsync("GET /api-public/v1/team", Interval, MaxWait, CancellationToken.None);
        var elsewhere = pacer.WaitTurnAsync("GET /api-public/v1/incidents", Interval, MaxWait, CancellationToken.None);

        Assert.True(elsewhere.IsCompletedSuccessfully);
        (await elsewhere).Dispose();
        Assert.False(second.IsCompleted);
        Assert.Equal(Interval, pacer.EstimateWait("GET /api-public/v1/team"));

        clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.False(second.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        using var turn = await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Interval, turn.Waited);
    }

    [Fact]
    public async Task Seven_calls_to_one_endpoint_start_exactly_one_interval_apart()
    {
        var clock = new FakeClock(T0);
        var pacer = NewPacer(clock);
        var starts = new List<TimeSpan>();
        for (var i = 0; i < 7; i++)
        {
            var turn = pacer.WaitTurnAsync("GET /api-public/v1/team", Interval, MaxWait, CancellationToken.None);
            while (!turn.IsCompleted)
            {
                clock.Advance(TimeSpan.FromMilliseconds(10));
                await Task.Yield();
            }

            using (await turn)
            {
                starts.Add(clock.GetUtcNow() - T0);
            }
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => TimeSpan.FromMilliseconds(510 * i)), starts);
    }

    [Fact]
    public async Task A_reset_the_server_announced_holds_the_bucket_until_then_and_a_longer_one_is_refused()
    {
        var clock = new FakeClock(T0);
        var pacer = NewPacer(clock);
        pacer.Observe("GET /api/v2/team", name => name switch { "X-RateLimit-Remaining" => "0", "X-RateLimit-Reset" => "3", _ => null });

        var held = pacer.WaitTurnAsync("GET /api/v2/team", TimeSpan.Zero, MaxWait, CancellationToken.None);
        Assert.False(held.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(3));
        (await held.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();

        pacer.Observe("GET /api/v2/team", name => name switch { "X-RateLimit-Remaining" => "0", "X-RateLimit-Reset" => "3600", _ => null });
        using var refused = await pacer.WaitTurnAsync("GET /api/v2/team", TimeSpan.Zero, MaxWait, CancellationToken.None);
        Assert.Equal(TimeSpan.FromHours(1), refused.Refused);
    }

    [Fact]
    public async Task Calls_in_a_bucket_without_an_interval_overlap_and_start_Period_over_Limit_apart_once_the_announced_remaining_is_spent()
    {
        var clock = new FakeClock(T0);
        var pacer = NewPacer(clock);
        const string Bucket = "/api/v2/on-call/teams/*/on-call";

        // Nothing announced yet: two calls at once, the first still running.
        using var first = await pacer.WaitTurnAsync(Bucket, TimeSpan.Zero, MaxWait, CancellationToken.None);
        using var second = await pacer.WaitTurnAsync(Bucket, TimeSpan.Zero, MaxWait, CancellationToken.None);
        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero), (first.Waited, second.Waited));

        // 400 of 500 a second left, two calls out: plenty proven, no spacing.
        pacer.Observe(Bucket, Budget("400"));
        using var third = await pacer.WaitTurnAsync(Bucket, TimeSpan.Zero, MaxWait, CancellationToken.None);
        Assert.Equal(TimeSpan.Zero, third.Waited);

        // 14 left, but three calls still out that the server may not have counted: one more may start at once
        // (ten are kept back), the next ones 2 ms apart (1 s / 500), the third of three waits 4 ms.
        pacer.Observe(Bucket, Budget("14"));
        var turns = Enumerable.Range(0, 3).Select(_ => pacer.WaitTurnAsync(Bucket, TimeSpan.Zero, MaxWait, CancellationToken.None)).ToList();
        Assert.True(turns[0].IsCompleted);
        Assert.False(turns[1].IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.False(turns[2].IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(2));
        foreach (var turn in turns)
        {
            (await turn.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        }

        static Func<string, string?> Budget(string remaining) => name => name switch
        {
            "X-RateLimit-Limit" => "500",
            "X-RateLimit-Period" => "1",
            "X-RateLimit-Remaining" => remaining,
            _ => null,
        };
    }

    [Fact]
    public async Task An_answer_lets_its_remaining_start_at_once_less_our_calls_it_may_not_have_counted_and_the_rest_Period_over_Limit_apart()
    {
        var clock = new FakeClock(T0);
        var pacer = NewPacer(clock);
        const string Key = "/api/v2/on-call/teams/*/on-call";

        // Nothing announced yet: three calls overlap.
        var a = await pacer.WaitTurnAsync(Key, TimeSpan.Zero, MaxWait, CancellationToken.None);
        using var b = await pacer.WaitTurnAsync(Key, TimeSpan.Zero, MaxWait, CancellationToken.None);
        using var c = await pacer.WaitTurnAsync(Key, TimeSpan.Zero, MaxWait, CancellationToken.None);

        // a's answer: 16 left of 500 a second. b and c went out before it came back, so the server may not have
        // counted them: 14 are proven, and 10 of those are kept back (a budget spent to its last call says Remaining 0
        // and holds the bucket until the reset). Four start now, the next ones 2 ms apart (1 s / 500).
        pacer.Observe(Key, Budget("16", "on-call"), a);
        a.Dispose();
        var next = Enumerable.Range(0, 6).Select(_ => pacer.WaitTurnAsync(Key, TimeSpan.Zero, MaxWait, CancellationToken.None)).ToList();
        Assert.Equal(new[] { true, true, true, true, false, false }, next.Select(t => t.IsCompleted));
        clock.Advance(TimeSpan.FromMilliseconds(2));
        (await next[4].WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        Assert.False(next[5].IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(2));
        foreach (var turn in next)
        {
            (await turn.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        }
    }

    [Fact]
    public async Task Answers_naming_one_budget_share_it_whatever_the_path_and_an_endpoint_not_yet_answered_takes_its_turns_from_the_last_one_announced()
    {
        var clock = new FakeClock(T0);
        var pacer = NewPacer(clock);
        const string List = "/api/v2/team";
        const string OnCall = "/api/v2/on-call/teams/*/on-call";

        var list = await pacer.WaitTurnAsync(List, TimeSpan.Zero, MaxWait, CancellationToken.None);
        pacer.Observe(List, Budget("11", "oncall"), list);
        list.Dispose();

        // The on-call endpoint has never answered: its calls take their turns from the list's budget, so only one
        // of two starts at once (11 proven, 10 kept back); on a budget of its own both would.
        var first = await pacer.WaitTurnAsync(OnCall, TimeSpan.Zero, MaxWait, CancellationToken.None);
        var second = pacer.WaitTurnAsync(OnCall, TimeSpan.Zero, MaxWait, CancellationToken.None);
        Assert.False(second.IsCompleted);

        // Its answer names a budget of its own with plenty left: the endpoint's calls now follow that one, while
        // the list's budget still spaces its own calls.
        pacer.Observe(OnCall, Budget("100", "on-call"), first);
        first.Dispose();
        var third = pacer.WaitTurnAsync(OnCall, TimeSpan.Zero, MaxWait, CancellationToken.None);
        var listAgain = pacer.WaitTurnAsync(List, TimeSpan.Zero, MaxWait, CancellationToken.None);
        Assert.True(third.IsCompleted);
        Assert.False(listAgain.IsCompleted);

        // A third endpoint whose answer names the list's budget joins it: its next call waits its slot behind the list's.
        const string Policies = "/api/v2/on-call/escalation-policies/*";
        var policy = await pacer.WaitTurnAsync(Policies, TimeSpan.Zero, MaxWait, CancellationToken.None);
        pacer.Observe(Policies, Budget("5", "oncall"), policy);
        policy.Dispose();
        var policyAgain = pacer.WaitTurnAsync(Policies, TimeSpan.Zero, MaxWait, CancellationToken.None);
        Assert.False(policyAgain.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(6));
        foreach (var turn in new[] { second, third, listAgain, policyAgain })
        {
            (await turn.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        }
    }

    [Fact]
    public async Task Paced_calls_leave_a_slot_free_when_little_remains_and_calls_woken_late_go_a_slot_apart_again()
    {
        var clock = new FakeClock(T0);
        var pacer = NewPacer(clock);
        const string Key = "/api/v2/on-call/schedules/*/responders";

        // 2 left: less than a busy machine may bunch, so the next call waits a slot it would not otherwise wait.
        var first = await pacer.WaitTurnAsync(Key, TimeSpan.Zero, MaxWait, CancellationToken.None);
        pacer.Observe(Key, Budget("2", "schedules"), first);
        first.Dispose();
        var turns = Enumerable.Range(0, 4).Select(_ => pacer.WaitTurnAsync(Key, TimeSpan.Zero, MaxWait, CancellationToken.None)).ToList();
        Assert.False(turns[0].IsCompleted);

        // The process stalls 20 ms: the four calls slotted 2 ms apart all wake late, and go out a slot apart
        // from the first one's wake-up, not all at once.
        clock.Jump(TimeSpan.FromMilliseconds(20));
        for (var gone = 1; gone <= 4; gone++)
        {
            // Which of the four wakes first is the thread pool's choice; how many have gone is not.
            for (var waited = 0; waited < 300 && turns.Count(t => t.IsCompleted) < gone; waited++)
            {
                await Task.Delay(100);
            }

            await Task.Delay(100);
            Assert.Equal(gone, turns.Count(t => t.IsCompleted));
            clock.Advance(TimeSpan.FromMilliseconds(2));
        }

        foreach (var turn in turns)
        {
            (await turn).Dispose();
        }
    }

    [Fact]
    public async Task A_call_woken_late_takes_a_slot_behind_the_queue_never_one_another_call_holds()
    {
        var clock = new FakeClock(T0);
        var pacer = NewPacer(clock);
        const string Key = "/api/v2/on-call/teams/*/on-call";

        // 5 left and nothing learnt yet: ten kept back, so the calls are paced 2 ms apart: one now, six at 2 to 12 ms.
        await PacedFromNowAsync(pacer, Key, Budget("5", "on-call"));
        var turns = Enumerable.Range(0, 6).Select(_ => pacer.WaitTurnAsync(Key, TimeSpan.Zero, MaxWait, CancellationToken.None)).ToList();
        Assert.DoesNotContain(turns, t => t.IsCompleted);

        // A 7 ms stall: the call due at 2 ms wakes 5 ms late (more than two slots); the ones due at 4 and 6 ms go.
        clock.Jump(TimeSpan.FromMilliseconds(7));
        await SettleAsync();
        Assert.True(turns[1].IsCompleted && turns[2].IsCompleted);
        Assert.False(turns[0].IsCompleted);

        // The queue keeps its slots (8, 10, 12 ms), and the late call does not squeeze in between them: the slot after
        // the last call let go is the next waiting call's, and two calls in one slot overrun the budget.
        clock.Advance(TimeSpan.FromMilliseconds(5));
        await SettleAsync();
        Assert.True(turns[3].IsCompleted && turns[4].IsCompleted && turns[5].IsCompleted);
        Assert.False(turns[0].IsCompleted, "the late call should wait for the slot behind the queue (14 ms)");

        clock.Advance(TimeSpan.FromMilliseconds(2));
        await SettleAsync();
        Assert.True(turns[0].IsCompleted);
        foreach (var turn in turns)
        {
            (await turn).Dispose();
        }
    }

    private static async Task PacedFromNowAsync(Pacer pacer, string key, Func<string, string?> budget)
    {
        var first = await pacer.WaitTurnAsync(key, TimeSpan.Zero, MaxWait, CancellationToken.None);
        pacer.Observe(key, budget, first);
        first.Dispose();
        (await pacer.WaitTurnAsync(key, TimeSpan.Zero, MaxWait, CancellationToken.None)).Dispose();
    }

    // Lets continuations a timer released run on the thread pool.
    private static async Task SettleAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(100);
        }
    }

    private static Func<string, string?> Budget(string remaining, string name) => header => header switch
    {
        "X-RateLimit-Limit" => "500",
        "X-RateLimit-Period" => "1",
        "X-RateLimit-Remaining" => remaining,
        "X-RateLimit-Reset" => "1",
        "X-RateLimit-Name" => name,
        _ => null,
    };

    [Fact]
    public async Task The_client_estimates_a_wait_from_the_request_without_reaching_into_the_pacer()
    {
        var clock = new FakeClock(T0);
        var profile = new VictorOpsProfile("estimate-" + Guid.NewGuid().ToString("N"), SecretText.FromString("k-0123"));
        using var api = new ApiClient(profile, new Uri("http://127.0.0.1:9/"), new ApiClientOptions(), clock);
        var history = new ApiRequest("GET", "/api-reporting/v2/incidents");

        Assert.Equal(TimeSpan.Zero, api.EstimateWait(history));
        Assert.Equal(VictorOpsProfile.ReportingInterval, api.PaceInterval(history));

        using (await api.Pacer.WaitTurnAsync("GET /api-reporting/v2/incidents", VictorOpsProfile.ReportingInterval, MaxWait, CancellationToken.None))
        {
        }

        Assert.Equal(VictorOpsProfile.ReportingInterval, api.EstimateWait(history));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(VictorOpsProfile.ReportingInterval - TimeSpan.FromSeconds(30), api.EstimateWait(history));

        profile.PacingEnabled = false;
        Assert.Null(api.PaceInterval(history));
        Assert.Equal(TimeSpan.Zero, api.EstimateWait(history));
    }
}
