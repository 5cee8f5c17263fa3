using OnCall.Engine.Operations;
using OnCall.Engine.Scheduling;
using OnCall.Engine.Tests.TestSupport;
using static OnCall.Engine.Tests.Scheduling.ScheduleTestTime;

namespace OnCall.Engine.Tests.Scheduling;

/// <summary>The one rendered-schedule path Datadog and ZStack feed, and "until the end of the current shift".</summary>
public sealed class RenderedSchedulesTests
{
    private static readonly DateTimeOffset Now = Utc(2026, 2, 1, 12);

    private static ScheduleDefinition Daily(params string[] members) =>
        ScheduleDefinition.FromRotation(new ShiftRotation(Utc(2026, 2, 1, 9), ShiftLength.Days(1), members, "UTC"));

    [Fact]
    public void The_current_shift_ends_at_the_next_hand_off_even_to_the_same_person()
    {
        var definition = Daily("alice", "bob");

        Assert.Equal(Utc(2026, 2, 2, 9), definition.CurrentShiftEnd(Now, TimeSpan.FromDays(400)));
        Assert.Null(definition.CurrentShiftEnd(Utc(2026, 1, 31), TimeSpan.FromDays(400)));
        Assert.Null(Daily("alice", ShiftRotation.EmptySlot).CurrentShiftEnd(Utc(2026, 2, 2, 12), TimeSpan.FromDays(400)));

        // Datadog ends a one-member turn at the next hand-off (recorded), not when the person changes.
        Assert.Equal(Utc(2026, 2, 2, 9), Daily("alice").CurrentShiftEnd(Now, TimeSpan.FromDays(400)));
        Assert.Equal(Utc(2026, 2, 1, 18), Daily("alice").CurrentShiftEnd(Now, TimeSpan.FromHours(6)));
    }

    [Fact]
    public void A_vendor_naming_someone_else_now_is_a_warning_and_a_running_override_goes_on_top()
    {
        var definition = Daily("alice", "bob");
        var sink = new RecordingSink();

        RenderedSchedules.Reconcile(OnCallProvider.Datadog, "Primary", definition, new VendorOnCall(new[] { "alice" }), Now, sink);
        Assert.Empty(sink.Warnings);

        RenderedSchedules.Reconcile(OnCallProvider.Datadog, "Primary", definition, new VendorOnCall(new[] { "carol" }), Now, sink);
        Assert.Equal("Datadog says carol is on call for 'Primary' now, but the schedule's definition gives alice; the rendered shifts may be off.", Assert.Single(sink.Warnings));

        var withOverride = RenderedSchedules.Reconcile(OnCallProvider.ZStack, "Primary", definition, new VendorOnCall(new[] { "carol" }, new ScheduleOverride("carol", Now.AddHours(-1), Now.AddHours(1))), Now, sink);
        Assert.Single(sink.Warnings);
        var covering = withOverride.WhoIsOnCall(Now)!;
        Assert.Equal(("carol", true, "alice"), (covering.User, covering.IsOverride, covering.OriginalUser));
    }

    [Fact]
    public void An_empty_slot_is_nobody_when_checked_against_the_vendor()
    {
        var sink = new RecordingSink();
        var definition = Daily(ShiftRotation.EmptySlot, "bob");

        RenderedSchedules.Reconcile(OnCallProvider.Datadog, "Primary", definition, new VendorOnCall(Array.Empty<string>()), Now, sink);
        Assert.Empty(sink.Warnings);

        RenderedSchedules.Reconcile(OnCallProvider.Datadog, "Primary", definition, new VendorOnCall(new[] { "bob", "dave" }), Now, sink);
        Assert.Contains("says bob, dave are on call", Assert.Single(sink.Warnings), StringComparison.Ordinal);
        Assert.Contains("gives nobody", sink.Warnings.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shifts_are_rendered_checked_filtered_and_a_bad_schedule_is_an_error_about_it_alone()
    {
        var good = new FakeSchedule("Good", Daily(ShiftRotation.EmptySlot, "bob", "alice"), new VendorOnCall(new[] { "dave" }));
        var bad = new FakeSchedule("Bad", null, null) { Failure = new OnCallException(OnCallErrorKind.ServerError, "ServerError", "no answer") };
        var sink = new RecordingSink();

        await RenderedSchedules.WriteShiftsAsync(OnCallProvider.Datadog, new IRenderedSchedule[] { bad, good }, Utc(2026, 2, 1), Utc(2026, 2, 4), new[] { "a*" }, Now, FanOut.MaxInFlight, sink, CancellationToken.None);

        var error = Assert.Single(sink.Errors);
        Assert.Equal("Bad", error.Target);
        var shift = Assert.Single(sink.Of<Shift>());
        Assert.Equal(("alice", Utc(2026, 2, 3, 9), Utc(2026, 2, 4)), (shift.User, shift.Start, shift.End));
        Assert.Same(good.ShiftRaw, shift.Raw);
        Assert.Contains("Datadog says dave is on call for 'Good' now", Assert.Single(sink.Warnings), StringComparison.Ordinal);
        Assert.True(sink.Progress.Last().Completed);
    }

    [Fact]
    public async Task The_vendor_is_asked_about_now_only_when_the_window_holds_it()
    {
        var schedule = new FakeSchedule("Good", Daily("alice"), new VendorOnCall(new[] { "alice" }));

        await RenderedSchedules.WriteShiftsAsync(OnCallProvider.ZStack, new IRenderedSchedule[] { schedule }, Utc(2026, 3, 1), Utc(2026, 3, 2), Array.Empty<string>(), Now, FanOut.MaxInFlight, new RecordingSink(), CancellationToken.None);
        Assert.Equal(0, schedule.AskedNow);

        await RenderedSchedules.WriteShiftsAsync(OnCallProvider.ZStack, new IRenderedSchedule[] { schedule }, Now, Now.AddHours(1), Array.Empty<string>(), Now, FanOut.MaxInFlight, new RecordingSink(), CancellationToken.None);
        Assert.Equal(1, schedule.AskedNow);
    }

    [Fact]
    public async Task Schedules_are_read_together_and_written_in_the_order_asked_for_as_each_comes_in()
    {
        // Each read waits until every schedule's read has started (a sequential reader never gets there and
        // fails on the timeout), then they finish last-first: the shifts must still come out first-first.
        var gate = new Gate(3);
        var schedules = new[] { "First", "Second", "Third" }.Select((name, i) => new GatedSchedule(name, Daily(name.ToLowerInvariant()), gate, i)).ToArray();
        var sink = new RecordingSink();

        await RenderedSchedules.WriteShiftsAsync(OnCallProvider.Datadog, schedules, Utc(2026, 2, 1, 9), Utc(2026, 2, 2, 9), Array.Empty<string>(), Now, FanOut.MaxInFlight, sink, CancellationToken.None);

        Assert.Equal(3, gate.MostReadingTogether);
        Assert.Equal(new[] { 2, 1, 0 }, gate.Finished);
        Assert.Equal(new[] { "first", "second", "third" }, sink.Of<Shift>().Select(s => s.User));
        Assert.Equal(new[] { "First", "Second", "Third", "Done" }, sink.Progress.Select(p => p.Status));
        Assert.Empty(sink.Errors);
    }

    [Fact]
    public async Task Reads_in_flight_are_bounded()
    {
        var gate = new Gate(2);
        var schedules = Enumerable.Range(0, 5).Select(i => new GatedSchedule("S" + i, Daily("u" + i), gate, i, waitForAll: false)).ToArray();

        await RenderedSchedules.WriteShiftsAsync(OnCallProvider.ZStack, schedules, Utc(2026, 2, 1, 9), Utc(2026, 2, 2, 9), Array.Empty<string>(), Now, 2, new RecordingSink(), CancellationToken.None);

        Assert.Equal(2, gate.MostReadingTogether);
    }

    /// <summary>Counts reads in progress; releases them, last first, once <c>expected</c> have started.</summary>
    private sealed class Gate(int expected)
    {
        private readonly object _sync = new();
        private readonly TaskCompletionSource _allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _reading;
        private int _started;

        public int MostReadingTogether { get; private set; }

        public List<int> Finished { get; } = new();

        public async Task ReadAsync(int index, bool waitForAll)
        {
            lock (_sync)
            {
                _reading++;
                MostReadingTogether = Math.Max(MostReadingTogether, _reading);
                if (++_started == expected)
                {
                    _allStarted.SetResult();
                }
            }

            if (waitForAll)
            {
                await _allStarted.Task.WaitAsync(TimeSpan.FromSeconds(5));

                // Last first: each read waits until those after it have finished.
                while (true)
                {
                    lock (_sync)
                    {
                        if (Finished.Count == expected - 1 - index)
                        {
                            break;
                        }
                    }

                    await Task.Delay(1);
                }
            }
            else
            {
                await Task.Delay(20);
            }

            lock (_sync)
            {
                _reading--;
                Finished.Add(index);
            }
        }
    }

    private sealed class GatedSchedule(string name, ScheduleDefinition definition, Gate gate, int index, bool waitForAll = true) : IRenderedSchedule
    {
        public string Name => name;

        public IDictionary<string, object?>? ShiftRaw => null;

        public async Task<ScheduleDefinition?> DefinitionAsync(DateTimeOffset start, DateTimeOffset end, IOperationSink sink, CancellationToken cancellationToken)
        {
            await gate.ReadAsync(index, waitForAll);
            return definition;
        }

        public Task<VendorOnCall?> OnCallNowAsync(DateTimeOffset at, IOperationSink sink, CancellationToken cancellationToken) => Task.FromResult<VendorOnCall?>(null);

        public bool Names(string shown, string wanted) => OnCall.Engine.Text.Wildcard.IsMatch(shown, wanted);
    }

    private sealed class FakeSchedule(string name, ScheduleDefinition? definition, VendorOnCall? now) : IRenderedSchedule
    {
        public string Name => name;

        public IDictionary<string, object?>? ShiftRaw { get; } = new Dictionary<string, object?> { ["name"] = name };

        public OnCallException? Failure { get; init; }

        public int AskedNow { get; private set; }

        public Task<ScheduleDefinition?> DefinitionAsync(DateTimeOffset start, DateTimeOffset end, IOperationSink sink, CancellationToken cancellationToken) =>
            Failure is null ? Task.FromResult(definition) : throw Failure;

        public Task<VendorOnCall?> OnCallNowAsync(DateTimeOffset at, IOperationSink sink, CancellationToken cancellationToken)
        {
            AskedNow++;
            return Task.FromResult(now);
        }

        public bool Names(string shown, string wanted) => OnCall.Engine.Text.Wildcard.IsMatch(shown, wanted);
    }
}
