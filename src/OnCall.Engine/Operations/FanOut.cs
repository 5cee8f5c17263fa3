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
    /// Starts <paramref name="read"/> for every item, at most <paramref name="inFlight"/> at a time, and
    /// calls <paramref name="take"/> on the calling flow, in item order, with each item and its finished
    /// task (faulted or not: <paramref name="take"/> decides what a failure means). When
    /// <paramref name="take"/> throws, or the command is cancelled, the calls still running are cancelled
    /// and awaited before the exception goes on, so nothing is sent after this returns.
    /// </summary>
    public static async Task InOrderAsync<TItem, TResult>(
        IReadOnlyList<TItem> items,
        int inFlight,
        Func<TItem, CancellationToken, Task<TResult>> read,
        Action<TItem, Task<TResult>> take,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(Math.Max(1, inFlight));
        var running = items.Select(item => RunAsync(item)).ToList();
        try
        {
            for (var i = 0; i < items.Count; i++)
            {
                try
                {
                    await running[i].ConfigureAwait(false);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // The failure is the item's: take reads it from the task.
                }

                cancellationToken.ThrowIfCancellationRequested();
                take(items[i], running[i]);
            }
        }
        finally
        {
            stop.Cancel();
            foreach (var task in running)
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
