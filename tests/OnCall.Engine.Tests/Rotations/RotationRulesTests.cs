using System.Globalization;
using OnCall.Engine.Rotations;

namespace OnCall.Engine.Tests.Rotations;

/// <summary>The vendor-neutral rules: checks, differences, edits, carry-over, rendering and hand-off comparison.</summary>
public sealed class RotationRulesTests
{
    private static readonly DateTimeOffset Monday = DateTimeOffset.Parse("2026-03-02T09:00:00-05:00", CultureInfo.InvariantCulture);

    [Fact]
    public void Times_are_compared_as_instants_so_a_round_trip_changes_nothing()
    {
        var before = Weekly(OnCallProvider.Datadog);
        var after = before.Clone();
        after.Layers[0].Start = Monday.ToUniversalTime();
        after.Layers[0].EffectiveDate = Monday.ToOffset(TimeSpan.FromHours(9));

        Assert.Empty(RotationDiff.Compare(before, after));

        after.Layers[0].Start = Monday.AddMinutes(1);
        var change = Assert.Single(RotationDiff.Compare(before, after));
        Assert.Equal(RotationFields.Start, change.Field);
    }

    [Fact]
    public void Edits_equal_to_the_definition_are_no_change_and_the_others_are_each_one_field()
    {
        var definition = Weekly(OnCallProvider.Datadog);
        var same = new RotationEdits
        {
            Name = "Weekly",
            Schedule = "Platform",
            TimeZone = "america/new_york",
            ShiftDuration = "168h",
            Members = ["Jane@example.com", "john@example.com"],
            Start = Monday.ToUniversalTime(),
            Restrictions = [],
        };
        Assert.True(same.ChangedFrom(definition, 0).IsEmpty);

        var changed = new RotationEdits { ShiftDuration = "24h", Members = ["john@example.com", "jane@example.com"] }.ChangedFrom(definition, 0);
        Assert.Equal([RotationFields.ShiftDuration, RotationFields.Members], changed.Given);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0s")]
    [InlineData("-1h")]
    [InlineData("a week")]
    [InlineData("7d")]
    public void A_shift_duration_of_zero_negative_or_no_duration_is_refused_before_any_request(string text)
    {
        var error = Assert.Throws<OnCallException>(() => RotationPlanner.CheckInput(new RotationEdits { ShiftDuration = text }, null));
        Assert.Equal("OnCall.Module.InvalidShiftDuration", error.ErrorId);
    }

    [Fact]
    public void Members_empty_or_repeated_an_unknown_zone_and_an_end_before_the_start_are_refused_before_any_request()
    {
        Assert.Equal("OnCall.Module.EmptyLayer", Assert.Throws<OnCallException>(() => RotationPlanner.CheckInput(new RotationEdits { Members = [] }, null)).ErrorId);
        Assert.Equal("OnCall.Module.DuplicateMember", Assert.Throws<OnCallException>(() => RotationPlanner.CheckInput(new RotationEdits { Members = ["a", "b", "A"] }, null)).ErrorId);
        Assert.Equal("OnCall.Module.UnknownTimeZone", Assert.Throws<OnCallException>(() => RotationPlanner.CheckInput(new RotationEdits { TimeZone = "Mars/Olympus" }, null)).ErrorId);
        Assert.Equal("OnCall.Module.InvalidWindow", Assert.Throws<OnCallException>(() => RotationPlanner.CheckInput(new RotationEdits { Start = Monday, End = Monday.AddHours(-1) }, null)).ErrorId);
    }

    [Fact]
    public void Input_messages_speak_of_the_data_and_leave_the_parameters_to_the_cmdlets()
    {
        var empty = Assert.Throws<OnCallException>(() => RotationPlanner.CheckInput(new RotationEdits { Members = [] }, null));
        var twice = Assert.Throws<OnCallException>(() => RotationPlanner.CheckInput(new RotationEdits { Members = ["a", "b", "A"] }, null));
        var missing = Assert.Throws<OnCallException>(() => RotationPlanner.Build(RotationCapabilities.Datadog, new RotationEdits { Name = "n", Members = ["a"] }));

        Assert.Equal("OnCall.Module.MissingField", missing.ErrorId);
        Assert.Equal(new[] { "ShiftDuration", "Start", "TimeZone" }, RotationPlanner.MissingFields(new RotationEdits { Name = "n", Members = ["a"] }));
        Assert.Contains("shift duration, start (the first hand-off), time zone", missing.Message, StringComparison.Ordinal);
        Assert.All(new[] { empty, twice, missing }, e => Assert.DoesNotMatch(@"(^|\W)-[A-Z][a-z]+", e.Message));
    }

    [Fact]
    public void Each_vendor_refuses_what_it_cannot_hold()
    {
        var hourly = Weekly(OnCallProvider.Datadog);
        hourly.Layers[0].ShiftLength = TimeSpan.FromMinutes(30);
        Assert.Contains(RotationCheck.Problems(hourly, RotationCapabilities.Datadog), p => p.Type == RotationCheck.ShortInterval);

        var vo = Weekly(OnCallProvider.VictorOps);
        vo.Layers[0].ShiftLength = TimeSpan.FromHours(36);
        Assert.Contains(RotationCheck.Problems(vo, RotationCapabilities.VictorOps), p => p.Type == RotationCheck.NotWholeDays);

        var zs = Weekly(OnCallProvider.ZStack);
        zs.Layers[0].Restrictions.Add(RotationRestriction.Parse("Monday 09:00 - Friday 17:00"));
        zs.Layers[0].End = Monday.AddDays(30);
        var problems = RotationCheck.Problems(zs, RotationCapabilities.ZStack);
        Assert.Equal(2, problems.Count(p => p.Type == RotationCheck.NotSupported));

        var empty = Weekly(OnCallProvider.Datadog);
        empty.Layers[0].Members.Clear();
        empty.Layers[0].Members.Add(new RotationMember { Display = "(nobody)" });
        Assert.Contains(RotationCheck.Problems(empty, RotationCapabilities.Datadog), p => p.Type == RotationCheck.EmptyLayer);
    }

    [Fact]
    public void ZStack_keeps_type_and_start_and_VictorOps_changes_only_who_holds_a_shift()
    {
        var zs = Weekly(OnCallProvider.ZStack);
        zs.Layers[0].RotationType = "weekly";
        var writer = new StubWriter(RotationCapabilities.ZStack, zs);
        var fixedError = Assert.Throws<OnCallException>(() => Plan(writer, zs, new RotationEdits { RotationType = "daily" }));
        Assert.Equal("OnCall.ZStack.FixedAfterCreate", fixedError.ErrorId);
        Assert.Contains("weekly -> daily", fixedError.Message, StringComparison.Ordinal);

        var vo = Weekly(OnCallProvider.VictorOps);
        var refused = Assert.Throws<OnCallException>(() => Plan(new StubWriter(RotationCapabilities.VictorOps, vo), vo, new RotationEdits { ShiftDuration = "24h", Members = ["john@example.com"] }));
        Assert.Equal("OnCall.VictorOps.ChangeNotSupported", refused.ErrorId);
        Assert.Contains("ShiftDuration, Members", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, writer.Reads);
    }

    [Fact]
    public void A_set_from_a_piped_definition_that_changes_nothing_makes_no_request()
    {
        var definition = Weekly(OnCallProvider.Datadog);
        var writer = new StubWriter(RotationCapabilities.Datadog, definition);

        var plan = Plan(writer, definition, new RotationEdits { Name = "Weekly", ShiftDuration = "7.00:00:00", Members = ["jane@example.com", "john@example.com"] });

        Assert.True(plan.ChangesNothing);
        Assert.Equal(0, writer.Reads);

        var change = Plan(writer, definition, new RotationEdits { ShiftDuration = "24h" });
        Assert.Equal(1, writer.Reads);
        Assert.Equal("Weekly: ShiftDuration: 168h (calendar days) -> 24h (calendar days)", Assert.Single(change.Changes).ToString());
    }

    [Fact]
    public void Datadog_restrictions_and_a_second_layer_are_not_carried_to_ZStack_but_ZStack_goes_to_Datadog_whole()
    {
        var dd = Weekly(OnCallProvider.Datadog);
        dd.Layers[0].Restrictions.Add(RotationRestriction.Parse("Monday 09:00 - Friday 17:00"));
        dd.Layers[0].ShiftLength = TimeSpan.FromDays(1) + TimeSpan.FromSeconds(300);
        dd.Layers[0].CalendarDays = false;
        var second = dd.Layers[0].Clone();
        second.Name = "Nights";
        dd.Layers.Add(second);

        var toZs = RotationCarryOver.Translate(dd, RotationCapabilities.ZStack, null, Identity(dd), Monday, Monday.AddDays(28));
        Assert.Contains(toZs.NotCarried, n => n.Contains("2 layers", StringComparison.Ordinal));
        Assert.Contains(toZs.NotCarried, n => n.Contains("weekly windows", StringComparison.Ordinal));
        Assert.Equal("24h5m", toZs.Definition.Layers.Single().ShiftDuration);
        Assert.Equal("custom", toZs.Definition.Layers.Single().RotationType);

        var zs = Weekly(OnCallProvider.ZStack);
        zs.Layers[0].RotationType = "weekly";
        var toDd = RotationCarryOver.Translate(zs, RotationCapabilities.Datadog, null, Identity(zs), Monday, Monday.AddDays(28));
        Assert.Empty(toDd.NotCarried);
        Assert.Equal(Monday, toDd.Definition.Layers[0].EffectiveDate);
        Assert.Empty(HandoffComparison.Compare(RotationRendering.ToSchedule(zs, m => m.Display), RotationRendering.ToSchedule(toDd.Definition, m => m.Display), Monday, Monday.AddDays(28)));
    }

    [Fact]
    public void A_VictorOps_partial_day_shift_handed_off_daily_is_named_as_not_carried_to_Datadog()
    {
        var vo = Weekly(OnCallProvider.VictorOps);
        vo.Layers[0].ShiftLength = TimeSpan.FromDays(1);
        foreach (var restriction in VictorOpsMasksFor("Monday 09:00 - Monday 17:00", "Tuesday 09:00 - Tuesday 17:00"))
        {
            vo.Layers[0].Restrictions.Add(restriction);
        }

        var toDd = RotationCarryOver.Translate(vo, RotationCapabilities.Datadog, null, Identity(vo), Monday, Monday.AddDays(28));

        Assert.Contains(toDd.NotCarried, n => n.Contains("counts only the days with a shift", StringComparison.Ordinal));
        Assert.Equal(2, toDd.Definition.Layers[0].Restrictions.Count);
    }

    [Fact]
    public void The_hand_off_comparison_finds_every_moment_the_two_sides_disagree()
    {
        var a = Weekly(OnCallProvider.Datadog);
        var b = a.Clone();
        b.Layers[0].Start = Monday.AddDays(1);
        b.Layers[0].EffectiveDate = Monday.AddDays(1);

        // 27 days: the hand-off of day 28 falls inside a window of 28 days of -05:00, as DST begins on 8 March.
        var same = HandoffComparison.Compare(RotationRendering.ToSchedule(a, m => m.Display), RotationRendering.ToSchedule(a.Clone(), m => m.Display), Monday, Monday.AddDays(27));
        var differences = HandoffComparison.Compare(RotationRendering.ToSchedule(a, m => m.Display), RotationRendering.ToSchedule(b, m => m.Display), Monday, Monday.AddDays(27));

        Assert.Empty(same);
        Assert.Equal(Monday, differences[0].At);
        Assert.Equal("jane@example.com", differences[0].Source);
        Assert.Equal(HandoffComparison.Nobody, differences[0].Copy);
        Assert.Equal(8, differences.Count);
    }

    [Fact]
    public void VictorOps_masks_become_weekly_windows_and_back()
    {
        var windows = VictorOpsMasksFor("Monday 22:00 - Tuesday 06:00", "Friday 22:00 - Saturday 06:00", "Saturday 10:00 - Saturday 12:00");
        var masks = VictorOpsMasks.FromRestrictions(windows)!;

        Assert.Equal(2, masks.Count);
        Assert.Equal(windows.OrderBy(w => w.ToString()), VictorOpsMasks.ToRestrictions(masks).OrderBy(w => w.ToString()));
        Assert.Null(VictorOpsMasks.FromRestrictions([RotationRestriction.Parse("Monday 09:00 - Friday 17:00")]));
    }

    [Fact]
    public void A_VictorOps_shift_whose_current_member_moved_is_lined_up_with_who_holds_it()
    {
        var vo = Weekly(OnCallProvider.VictorOps);
        vo.Layers[0].Members.Add(new RotationMember { Id = "alice", Display = "alice" });
        vo.Layers[0].CurrentMember = "alice";
        var at = Monday.AddDays(1);

        var aligned = RotationCarryOver.AlignToCurrent(vo, at);

        Assert.Equal("alice", RotationRendering.ToSchedule(aligned, m => m.Display)!.WhoIsOnCall(at)!.User);
        Assert.Equal(["alice", "jane@example.com", "john@example.com"], aligned.Layers[0].Members.Select(m => m.Display));
    }

    private static RotationRestriction[] VictorOpsMasksFor(params string[] texts) => texts.Select(RotationRestriction.Parse).ToArray();

    private static Dictionary<string, RotationMember> Identity(RotationDefinition definition) =>
        definition.Layers.SelectMany(l => l.Members).Where(m => !m.IsEmpty).GroupBy(m => m.Id!).ToDictionary(g => g.Key, g => g.First());

    private static RotationPlan Plan(StubWriter writer, RotationDefinition snapshot, RotationEdits edits) =>
        RotationPlanner.PlanSetAsync(writer, new OnCall.Engine.Providers.RotationAddress { Id = snapshot.Layers[0].Id ?? snapshot.Id! }, snapshot, edits, new TestSupport.RecordingSink(), CancellationToken.None).GetAwaiter().GetResult();

    private static RotationDefinition Weekly(OnCallProvider provider)
    {
        var definition = new RotationDefinition { Provider = provider, Id = "s1", Name = "Platform", TimeZone = provider == OnCallProvider.VictorOps ? null : "America/New_York" };
        var layer = new RotationLayer
        {
            Id = provider == OnCallProvider.ZStack ? null : "l1",
            Name = provider == OnCallProvider.ZStack ? "Platform" : "Weekly",
            TimeZone = provider == OnCallProvider.VictorOps ? "America/New_York" : null,
            Start = Monday,
            EffectiveDate = provider == OnCallProvider.Datadog ? Monday : null,
            ShiftLength = TimeSpan.FromDays(7),
            CalendarDays = true,
        };
        layer.Members.Add(new RotationMember { Id = "jane@example.com", Email = "jane@example.com", Display = "jane@example.com" });
        layer.Members.Add(new RotationMember { Id = "john@example.com", Email = "john@example.com", Display = "john@example.com" });
        definition.Layers.Add(layer);
        return definition;
    }

    private sealed class StubWriter(RotationCapabilities capabilities, RotationDefinition definition) : OnCall.Engine.Providers.IRotationWriter
    {
        public int Reads { get; private set; }

        public RotationCapabilities Capabilities => capabilities;

        public Task<RotationDefinition> GetDefinitionAsync(OnCall.Engine.Providers.RotationAddress address, IOperationSink sink, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult(definition.Clone());
        }

        public Task<IReadOnlyList<RotationMember?>> FindMembersAsync(IReadOnlyList<RotationMember> wanted, IOperationSink sink, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<RotationMember?>>(wanted.Select(w => (RotationMember?)null).ToList());

        public Task SetTeamsAsync(RotationDefinition definition, IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<RotationDefinition> CreateAsync(RotationDefinition definition, IOperationSink sink, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RotationDefinition> UpdateAsync(RotationDefinition current, RotationDefinition desired, IOperationSink sink, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RemoveAsync(RotationDefinition current, RotationLayer? layer, IOperationSink sink, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RotationValidation?> ValidateAsync(RotationDefinition definition, IOperationSink sink, CancellationToken cancellationToken) => Task.FromResult<RotationValidation?>(null);

        public IReadOnlyList<Rotation> ToRotations(RotationDefinition definition) => RotationView.ToRotations(definition, "stub");
    }
}
