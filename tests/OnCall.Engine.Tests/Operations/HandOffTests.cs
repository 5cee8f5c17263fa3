using System.Collections.Concurrent;
using OnCall.Engine.Operations;

namespace OnCall.Engine.Tests.Operations;

/// <summary>
/// The hand-off between the engine's threads and the pipeline thread: bounded, one wake-up per sleep
/// made off the writer's thread, and no wake-up lost however the two sides interleave.
/// </summary>
public sealed class HandOffTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_burst_written_while_the_reader_sleeps_wakes_it_once_and_not_from_the_writers_thread()
    {
        var wakes = new ConcurrentQueue<(WaitCallback Callback, object State)>();
        var handOff = new HandOff<int>(64, (callback, state) => wakes.Enqueue((callback, state)));
        var taken = new List<int>();
        var reader = SleepingReader(handOff, taken);

        for (var i = 0; i < 20; i++)
        {
            Assert.True(handOff.Add(i));
        }

        // Nothing has run the wake-up yet: the writer only queued it, once for the whole burst.
        Assert.Equal(1, handOff.WakeUps);
        Assert.Single(wakes);
        Assert.Empty(taken);

        handOff.Complete();
        while (wakes.TryDequeue(out var wake))
        {
            wake.Callback(wake.State);
        }

        Assert.True(reader.Join(Patience));
        Assert.Equal(Enumerable.Range(0, 20), taken);
    }

    [Fact]
    public void A_writer_at_capacity_waits_until_the_reader_has_taken_and_wakes_a_sleeping_reader_itself()
    {
        // Wake-ups queued elsewhere never run here, as on a pool with no free thread: room must not depend on one.
        var handOff = new HandOff<int>(2, (_, _) => { });
        var taken = new List<int>();
        var mostAhead = 0;
        var reader = SleepingReader(handOff, taken, batch => mostAhead = Math.Max(mostAhead, batch));

        var added = 0;
        var writer = new Thread(() =>
        {
            for (var i = 0; i < 10 && handOff.Add(i); i++)
            {
                added++;
            }

            handOff.Complete();
        });
        writer.Start();

        Assert.True(writer.Join(Patience), "the writer never got room");
        Assert.Equal(10, added);

        // The end's wake-up went to the pool that never runs it; closing wakes the reader directly.
        handOff.Close();
        Assert.True(reader.Join(Patience));
        Assert.Equal(Enumerable.Range(0, 10), taken);
        Assert.True(mostAhead <= 2, $"the reader found {mostAhead} items queued at once; the capacity is 2");
    }

    [Fact]
    public void Closing_frees_a_writer_waiting_for_room_and_turns_later_writers_away()
    {
        var handOff = new HandOff<int>(1);
        Assert.True(handOff.Add(1));
        bool? second = null;
        var waiting = new Thread(() => second = handOff.Add(2));
        waiting.Start();
        Thread.Sleep(50);
        Assert.Null(second);

        handOff.Close();

        Assert.True(waiting.Join(Patience));
        Assert.False(second);
        Assert.False(handOff.Add(3));
        Assert.False(handOff.AddWithoutWaiting(4));
        Assert.True(handOff.IsClosed);
    }

    [Fact]
    public void What_was_queued_before_complete_is_still_taken()
    {
        var handOff = new HandOff<string>(8);
        handOff.AddWithoutWaiting("a");
        handOff.Add("b");
        handOff.Complete();

        Assert.True(handOff.WaitForItems());
        Assert.True(handOff.TryTake(out var first));
        Assert.True(handOff.TryTake(out var second));
        Assert.Equal(("a", "b"), (first, second));
        Assert.False(handOff.WaitForItems());
    }

    [Fact]
    public void Many_writers_and_a_reader_that_sleeps_and_wakes_lose_nothing_and_keep_each_writers_order()
    {
        const int Writers = 4;
        const int PerWriter = 20_000;
        var handOff = new HandOff<(int Writer, int Index)>(16);
        var next = new int[Writers];
        var count = 0;
        var problems = new ConcurrentQueue<string>();
        var reader = new Thread(() =>
        {
            var random = new Random(7);
            while (handOff.WaitForItems())
            {
                var batch = 0;
                while (handOff.TryTake(out var item))
                {
                    if (item.Index != next[item.Writer])
                    {
                        problems.Enqueue($"writer {item.Writer}: {item.Index} after {next[item.Writer] - 1}");
                    }

                    next[item.Writer] = item.Index + 1;
                    batch++;
                    count++;
                }

                handOff.Taken(batch);
                if (random.Next(8) == 0)
                {
                    // Let the writers fill the queue, or find the reader asleep.
                    Thread.Sleep(0);
                }
            }
        });
        reader.Start();

        var writers = Enumerable.Range(0, Writers).Select(w => new Thread(() =>
        {
            var random = new Random(w);
            for (var i = 0; i < PerWriter; i++)
            {
                handOff.Add((w, i));
                if (random.Next(64) == 0)
                {
                    Thread.Sleep(0);
                }
            }
        })).ToArray();
        foreach (var writer in writers)
        {
            writer.Start();
        }

        Assert.All(writers, writer => Assert.True(writer.Join(TimeSpan.FromSeconds(60)), "a writer never got room: a wake-up was lost"));
        handOff.Complete();
        Assert.True(reader.Join(TimeSpan.FromSeconds(60)), "the reader never woke for the end: a wake-up was lost");
        Assert.Empty(problems);
        Assert.Equal(Writers * PerWriter, count);
    }

    [Fact]
    public void A_capacity_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HandOff<int>(0));
    }

    // A reader on its own thread that takes what is queued into taken, batch by batch; returned once it sleeps.
    private static Thread SleepingReader(HandOff<int> handOff, List<int> taken, Action<int>? onBatch = null)
    {
        var reader = new Thread(() =>
        {
            while (handOff.WaitForItems())
            {
                var batch = 0;
                while (handOff.TryTake(out var item))
                {
                    taken.Add(item);
                    batch++;
                }

                onBatch?.Invoke(batch);
                handOff.Taken(batch);
            }
        });
        reader.Start();
        WaitUntil(() => IsSleeping(reader));
        return reader;
    }

    private static bool IsSleeping(Thread thread) => (thread.ThreadState & ThreadState.WaitSleepJoin) != 0;

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            Thread.Sleep(1);
        }
    }
}
