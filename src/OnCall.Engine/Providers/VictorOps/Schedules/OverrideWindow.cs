using System;

namespace OnCall.Engine.Providers.VictorOps.Schedules;

/// <summary>An override listed beside a policy's schedule: <see cref="User"/> covers for <see cref="OriginalUser"/>.</summary>
internal sealed record OverrideWindow(string? TeamSlug, string? PolicySlug, string OriginalUser, string User, DateTimeOffset Start, DateTimeOffset End);
