using System;
using System.Collections.Concurrent;
using System.Threading;

namespace OnCall.Engine.Operations;

/// <summary>
/// Items from any number of writer threads to one reader thread, at most <see cref="Capacity"/> ahead of
/// the reader: a writer that would go past it waits until the reader has taken some. The reader sleeps
/// while there is nothing to take.
/// </summary>
/// <remarks>
/// On the path every command takes, the engine's thread writes a page of objects in a burst while the
/// pipeline thread sleeps. The reader is woken from the thread pool, not from the writer's thread: on a
/// busy machine the woken thread took the waker's core and the writer, a page still to hand over, stood
/// still for the rest of its time slice. That took what a hosted Get-OnCallTeam costs over the engine's own
/// call from 158 to 83 µs (bench/README, phase 6). It is woken once per sleep (what is written before it
/// runs rides along), and the queue takes no lock, so the writer's burst costs no contention. The lock is
/// only for sleeping and waking. Each side changes its own flag (with Interlocked) before it reads the
/// other side's, so at least one of them sees that the other must be woken.
/// </remarks>
public sealed class HandOff<T>
{
    private const int Awake = 0;
    private const int Sleeping = 1;
    private const int WakeQueued = 2;

    private readonly ConcurrentQueue<T> _items = new();
    private readonly object _gate = new();
    private readonly Action<WaitCallback, object> _queueWake;

    // Items added and not yet reported taken: those queued and those the reader is handling.
    private int _outstanding;

    // Awake, Sleeping, or Sleeping with its wake-up queued (set only while the gate is held, then the reader waits on it).
    private int _reader;
    private int _writersWaiting;
    private int _wakeUps;
    private volatile bool _completed;
    private volatile bool _closed;

    /// <param name="capacity">How far writers may run ahead of the reader.</param>
    /// <param name="queueWake">Runs the reader's wake-up elsewhere; the thread pool unless a test says otherwise.</param>
    public HandOff(int capacity, Action<WaitCallback, object>? queueWake = null)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "At least one item must fit.");
        }

        Capacity = capacity;
        _queueWake = queueWake ?? QueueOnThreadPool;
    }

    public int Capacity { get; }

    /// <summary>How many times a writer has woken the sleeping reader.</summary>
    public int WakeUps => Volatile.Read(ref _wakeUps);

    /// <summary>Whether <see cref="Close"/> was called: writers are turned away.</summary>
    public bool IsClosed => _closed;

    /// <summary>Writer: adds the item, first waiting while the reader is <see cref="Capacity"/> behind. False, and nothing added, once closed.</summary>
    public bool Add(T item)
    {
        if (!TakeRoom())
        {
            return false;
        }

        _items.Enqueue(item);
        WakeReader();
        return true;
    }

    /// <summary>
    /// The reader's own thread adding an item (work it runs itself): never waits for room, which only
    /// this thread can make. False, and nothing added, once closed.
    /// </summary>
    public bool AddWithoutWaiting(T item)
    {
        if (_closed)
        {
            return false;
        }

        Interlocked.Increment(ref _outstanding);
        _items.Enqueue(item);
        return true;
    }

    /// <summary>Reader: the next item, if one is queued.</summary>
    public bool TryTake(out T item) => _items.TryDequeue(out item!);

    /// <summary>Reader: <paramref name="count"/> items taken are handled, so writers may add as many more.</summary>
    public void Taken(int count)
    {
        if (count <= 0)
        {
            return;
        }

        Interlocked.Add(ref _outstanding, -count);
        if (Volatile.Read(ref _writersWaiting) > 0)
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Reader: sleeps until an item is queued or the writers are done; false when they are done and nothing is left.</summary>
    public bool WaitForItems()
    {
        while (_items.IsEmpty)
        {
            if (_completed)
            {
                // An item added before Complete is queued before it, so this second look sees it.
                return !_items.IsEmpty;
            }

            lock (_gate)
            {
                Interlocked.Exchange(ref _reader, Sleeping);
                if (_items.IsEmpty && !_completed)
                {
                    Monitor.Wait(_gate);
                }

                Volatile.Write(ref _reader, Awake);
            }
        }

        return true;
    }

    /// <summary>Writers are done: the reader takes what is queued and then stops waiting.</summary>
    public void Complete()
    {
        _completed = true;
        WakeReader();
    }

    /// <summary>Turns writers away, those waiting for room included; the reader goes on until <see cref="Complete"/>.</summary>
    public void Close()
    {
        _closed = true;
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    private static void QueueOnThreadPool(WaitCallback callback, object state) => ThreadPool.UnsafeQueueUserWorkItem(callback, state);

    private static void Pulse(object state)
    {
        var handOff = (HandOff<T>)state;
        lock (handOff._gate)
        {
            Monitor.PulseAll(handOff._gate);
        }
    }

    private void WakeReader()
    {
        if (Interlocked.CompareExchange(ref _reader, WakeQueued, Sleeping) == Sleeping)
        {
            Interlocked.Increment(ref _wakeUps);
            _queueWake(Pulse, this);
        }
    }

    // False once closed; otherwise counts the item in, waiting first while Capacity are outstanding.
    private bool TakeRoom()
    {
        while (true)
        {
            if (_closed)
            {
                return false;
            }

            var outstanding = Volatile.Read(ref _outstanding);
            if (outstanding < Capacity)
            {
                if (Interlocked.CompareExchange(ref _outstanding, outstanding + 1, outstanding) == outstanding)
                {
                    return true;
                }

                continue;
            }

            lock (_gate)
            {
                Interlocked.Increment(ref _writersWaiting);
                if (Volatile.Read(ref _reader) != Awake)
                {
                    // About to block: wake the reader from here (holding the gate, it is surely waiting on it),
                    // even if a wake-up is queued, so that room never depends on a free pool thread.
                    Monitor.PulseAll(_gate);
                }

                while (Volatile.Read(ref _outstanding) >= Capacity && !_closed)
                {
                    Monitor.Wait(_gate);
                }

                Interlocked.Decrement(ref _writersWaiting);
            }
        }
    }
}
