using System;
using System.Collections.Generic;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator;

/// <summary>A change an endpoint made to the emulator's state.</summary>
public enum LedgerAction
{
    IncidentCreated,
    IncidentAcknowledged,
    IncidentResolved,
    IncidentRerouted,
    IncidentEscalated,
    OverrideSet,
    OverrideRemoved,
    OnCallTaken,
}

/// <summary>
/// One write the emulator applied. <see cref="RequestId"/> is the <see cref="RecordedRequest.Id"/> of the request that
/// made it, so a test can tell a write whose answer was lost (an after-apply fault on that request) from one that never
/// happened. <see cref="Subject"/> is what changed (an incident number, a page or override id); <see cref="Detail"/> is
/// what a client chose and can recognise again (an incident's title, an override's user and start).
/// </summary>
public sealed record LedgerEntry(long RequestId, string Vendor, LedgerAction Action, string Subject, string? Detail, DateTimeOffset Timestamp);

/// <summary>
/// Every state change the endpoints applied, in order. Only changes are written: an acknowledgement of an incident that
/// was already acknowledged, or a delete of something already gone, changes nothing and leaves no entry.
/// </summary>
public sealed class WriteLedger
{
    internal const string RequestIdItem = "emulator.request-id";

    private readonly List<LedgerEntry> entries = [];
    private readonly TimeProvider clock;

    internal WriteLedger(TimeProvider clock)
    {
        this.clock = clock;
    }

    public IReadOnlyList<LedgerEntry> Entries
    {
        get
        {
            lock (entries)
            {
                return entries.ToArray();
            }
        }
    }

    public void Clear()
    {
        lock (entries)
        {
            entries.Clear();
        }
    }

    internal void Applied(HttpContext context, LedgerAction action, string subject, string? detail = null)
    {
        var id = context.Items.TryGetValue(RequestIdItem, out var value) && value is long n ? n : 0;
        var entry = new LedgerEntry(id, Http.VendorOf(context.Request.Path).ToString(), action, subject, detail, clock.GetUtcNow());
        lock (entries)
        {
            entries.Add(entry);
        }
    }
}
