using OnCall.Engine.Operations;

namespace OnCall.Engine.Tests.Operations;

public sealed class FanOutTests
{
    [Fact]
    public async Task Results_are_taken_in_item_order_however_they_finish_and_no_more_than_the_bound_run_at_once()
    {
        var items = Enumerable.Range(0, 12).ToList();
        var gates = items.Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        var running = 0;
        var most = 0;
        var taken = new List<int>();

        var fanOut = FanOut.InOrderAsync(
            items,
            4,
            async (item, token) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                try
                {
                    return await gates[item].Task.WaitAsync(token);
                }
                finally
                {
                    Interlocked.Decrement(ref running);
                }
            },
            (item, answer) => taken.Add(answer.Result),
            CancellationToken.None);

        // Finish them back to front: nothing can be taken until item 0 is in.
        for (var i = items.Count - 1; i >= 0; i--)
        {
            gates[i].SetResult(i);
            await Task.Delay(1);
        }

        await fanOut.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(items, taken);
        Assert.InRange(most, 1, 4);
    }

    [Fact]
    public async Task A_failure_taken_as_fatal_cancels_the_calls_still_running()
    {
        var cancelled = 0;
        var fanOut = FanOut.InOrderAsync(
            Enumerable.Range(0, 5).ToList(),
            5,
            async (item, token) =>
            {
                if (item == 0)
                {
                    throw new InvalidOperationException("first");
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelled);
                    throw;
                }

                return item;
            },
            (item, answer) => _ = answer.Result,
            CancellationToken.None);

        await Assert.ThrowsAsync<AggregateException>(() => fanOut.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(4, cancelled);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
