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

        await RenderedSchedules.WriteShiftsAsync(OnCallProvider.Datadog, new IRenderedSchedule[] { bad, good }, Utc(2026, 2, 1), Utc(2026, 2, 4), new[] { "a*" }, Now, sink, CancellationToken.None);

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

        await RenderedSchedules.WriteShiftsAsync(OnCallProvider.ZStack, new IRenderedSchedule[] { schedule }, Utc(2026, 3, 1), Utc(2026, 3, 2), Array.Empty<string>(), Now, new RecordingSink(), CancellationToken.None);
        Assert.Equal(0, schedule.AskedNow);

        await RenderedSchedules.WriteShiftsAsync(OnCallProvider.ZStack, new IRenderedSchedule[] { schedule }, Now, Now.AddHours(1), Array.Empty<string>(), Now, new RecordingSink(), CancellationToken.None);
        Assert.Equal(1, schedule.AskedNow);
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
