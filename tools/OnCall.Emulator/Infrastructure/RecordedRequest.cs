using System;
using System.Collections.Generic;

namespace OnCall.Emulator;

/// <summary>One request as the emulator received it, with secrets masked, and what it answered.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string QueryString,
    string Body,
    IReadOnlyDictionary<string, string> Headers,
    int StatusCode,
    DateTimeOffset Timestamp)
{
    /// <summary>The request's number on this emulator, from 1; <see cref="LedgerEntry.RequestId"/> refers to it.</summary>
    public long Id { get; init; }

    /// <summary>The raw request target (path and query exactly as sent, percent-escapes intact).</summary>
    public string RawTarget { get; init; } = string.Empty;

    /// <summary>Name of the injected fault that shaped the answer, if any (e.g. "DropConnection").</summary>
    public string? Fault { get; init; }

    /// <summary>True when the emulator aborted the connection instead of answering.</summary>
    public bool Aborted { get; init; }

    /// <summary>Case-insensitive header lookup; null when the header was not sent.</summary>
    public string? Header(string name)
    {
        foreach (var pair in Headers)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }
}

/// <summary>A request as it arrived, before any fault, delay or answer: proof that a client's call is in flight.</summary>
public sealed record ArrivedRequest(long Id, string Method, string Path, DateTimeOffset Timestamp);
