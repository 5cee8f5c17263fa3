using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OnCall.Engine.Operations;

/// <summary>
/// Independent requests run concurrently, their results handed on in the order of the items: each
/// item's result as soon as it and every item before it are in. The pacer, not this, keeps the calls
/// inside the vendor's limit; this only bounds how many are in flight.
/// </summary>
internal static class FanOut
{
    /// <summary>The most calls one command keeps in flight: what a 500/s budget allows within a 25 ms round trip, and no more.</summary>
    public const int MaxInFlight = 16;

    /// <summary>
    /// The most calls one command keeps in flight where the pacer follows a budget the vendor announces
    /// (Datadog): the pacer lets the announced remaining start at once and the rest Period/Limit apart, so
    /// this is only a bound on sockets and held answers, above what a 500/s budget keeps in flight over a
    /// slow round trip (500/s x 40 ms = 20) plus the burst an answer allows.
    /// </summary>
    public const int BudgetedInFlight = 32;

    /// <summary>
    /// What one item's read gave, for the take step: true and its result; or false, after writing its failure as an
    /// error about <paramref name="target"/> (<paramref name="describe"/> may say it otherwise), so that the other
    /// items are still written. An authentication failure, and any failure that is not an
    /// <see cref="OnCallException"/>, goes on up: it ends the command, as it ends every other item too.
    /// </summary>
    public static bool Succeeded<TResult>(Task<TResult> read, IOperationSink sink, string target, out TResult result, Func<OnCallException, OnCallException>? describe = null)
    {
        if (read.Exception?.GetBaseException() is OnCallException ex && ex.Kind != OnCallErrorKind.Authentication)
        {
            sink.WriteError(describe?.Invoke(ex) ?? ex.WithTarget(target));
            result = default!;
            return false;
        }

        result = read.GetAwaiter().GetResult();
        return true;
    }

    /// <summary>
    /// Starts <paramref name="read"/> for every item, at most <paramref name="inFlight"/> at a time, and
    /// calls <paramref name="take"/> on the calling flow, in item order, with each item and its finished
    /// task (faulted or not: <paramref name="take"/> decides what a failure means). When
    /// <paramref name="take"/> throws, or the command is cancelled, the calls still running are cancelled
    /// and awaited before the exception goes on, so nothing is sent after this returns.
    /// </summary>
    public static Task InOrderAsync<TItem, TResult>(
        IReadOnlyList<TItem> items,
        int inFlight,
        Func<TItem, CancellationToken, Task<TResult>> read,
        Action<TItem, Task<TResult>> take,
        CancellationToken cancellationToken) =>
        InOrderAsync<TItem, TResult>(
            (add, _) =>
            {
                foreach (var item in items)
                {
                    add(item);
                }

                return Task.CompletedTask;
            },
            inFlight,
            read,
            take,
            cancellationToken);

    /// <summary>
    /// As the list form, for items that arrive over time: <paramref name="produce"/> hands each item to the
    /// action it is given as soon as it has it (a list's page as it comes in), and its read starts then, so the
    /// first page's reads run while the next page is asked for. Items are taken in the order they were handed
    /// over; a failure of <paramref name="produce"/> goes on after every item handed over before it was taken.
    /// </summary>
    public static async Task InOrderAsync<TItem, TResult>(
        Func<Action<TItem>, CancellationToken, Task> produce,
        int inFlight,
        Func<TItem, CancellationToken, Task<TResult>> read,
        Action<TItem, Task<TResult>> take,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(Math.Max(1, inFlight));
        using var arrived = new SemaphoreSlim(0);
        var running = new List<(TItem Item, Task<TResult> Read)>();
        var producing = Task.CompletedTask;
        try
        {
            producing = ProduceAsync();
            for (var i = 0; ; i++)
            {
                (TItem Item, Task<TResult> Read) next;
                while (true)
                {
                    // Whether the producer had finished is read before looking, so an item it handed over last is not missed.
                    var ended = producing.IsCompleted;
                    if (TryGet(i, out next))
                    {
                        break;
                    }

                    if (ended)
                    {
                        await producing.ConfigureAwait(false);
                        return;
                    }

                    await arrived.WaitAsync(stop.Token).ConfigureAwait(false);
                }

                try
                {
                    await next.Read.ConfigureAwait(false);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // The failure is the item's: take reads it from the task.
                }

                cancellationToken.ThrowIfCancellationRequested();
                take(next.Item, next.Read);
            }
        }
        finally
        {
            stop.Cancel();
            try
            {
                await producing.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Cancelled, or its failure has already gone on.
            }

            List<(TItem Item, Task<TResult> Read)> all;
            lock (running)
            {
                all = running.ToList();
            }

            foreach (var (_, task) in all)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Cancelled, or failed after nobody needed it any more.
                }
            }
        }

        bool TryGet(int index, out (TItem Item, Task<TResult> Read) entry)
        {
            lock (running)
            {
                entry = index < running.Count ? running[index] : default;
                return index < running.Count;
            }
        }

        void Add(TItem item)
        {
            var task = RunAsync(item);
            lock (running)
            {
                running.Add((item, task));
            }

            arrived.Release();
        }

        async Task ProduceAsync()
        {
            try
            {
                await produce(Add, stop.Token).ConfigureAwait(false);
            }
            finally
            {
                // Wakes the taker to see the end.
                arrived.Release();
            }
        }

        async Task<TResult> RunAsync(TItem item)
        {
            await slots.WaitAsync(stop.Token).ConfigureAwait(false);
            try
            {
                return await read(item, stop.Token).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
