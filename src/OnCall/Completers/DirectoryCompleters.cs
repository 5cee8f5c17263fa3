using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Connections;
using OnCall.Engine.Operations;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Completers;

/// <summary>Completes -Team from the connection's team list.</summary>
public sealed class TeamCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        DirectoryLookup.Complete<IDirectorySource, Team>(wordToComplete, fakeBoundParameters, "teams", (source, sink, token) => source.GetTeamsAsync(Array.Empty<string>(), sink, token), t => (t.Name, t.Id));
}

/// <summary>Completes -Policy from the connection's escalation policies.</summary>
public sealed class PolicyCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        DirectoryLookup.Complete<IEscalationPolicySource, EscalationPolicy>(wordToComplete, fakeBoundParameters, "policies", (source, sink, token) => source.GetEscalationPoliciesAsync(new EscalationPolicyQuery(), sink, token), p => (p.Id, p.Name));
}

/// <summary>Completes -User from the members of the connection's teams.</summary>
public sealed class UserCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        DirectoryLookup.Complete<IDirectorySource, TeamMember>(wordToComplete, fakeBoundParameters, "users", (source, sink, token) => source.GetTeamMembersAsync(Array.Empty<string>(), sink, token), m => (m.User, string.Join(" ", new[] { m.FirstName, m.LastName }.Where(n => !string.IsNullOrEmpty(n)))));
}

/// <summary>
/// Directory lookups for completion: quick (a few seconds at most, a completer must not hang the
/// prompt), quiet (no errors at a Tab press) and cached per connection for a minute.
/// </summary>
internal static class DirectoryLookup
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);
    private static readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyList<(string Value, string Tip)> Items)> Cache = new(StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<CompletionResult> Complete<TSource, T>(
        string wordToComplete,
        IDictionary fakeBoundParameters,
        string kind,
        Func<TSource, IOperationSink, CancellationToken, Task> fetch,
        Func<T, (string Value, string Tip)> describe)
        where TSource : class
    {
        var items = Lookup(fakeBoundParameters, kind, fetch, describe);
        var pattern = WildcardPattern.Get((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return items
            .Where(i => pattern.IsMatch(i.Value))
            .OrderBy(i => i.Value, StringComparer.OrdinalIgnoreCase)
            .Select(i => new CompletionResult(ConnectionNameCompleter.Quote(i.Value), i.Value, CompletionResultType.ParameterValue, string.IsNullOrEmpty(i.Tip) ? i.Value : i.Tip))
            .ToList();
    }

    private static IReadOnlyList<(string Value, string Tip)> Lookup<TSource, T>(
        IDictionary fakeBoundParameters,
        string kind,
        Func<TSource, IOperationSink, CancellationToken, Task> fetch,
        Func<T, (string Value, string Tip)> describe)
        where TSource : class
    {
        ConnectionContext connection;
        try
        {
            connection = SessionConnections.Current.Resolve(fakeBoundParameters?["Connection"] as string);
        }
        catch (OnCallException)
        {
            return Array.Empty<(string, string)>();
        }

        if (connection.ProviderClient is not TSource source)
        {
            return Array.Empty<(string, string)>();
        }

        var key = connection.Name + "|" + kind;
        if (Cache.TryGetValue(key, out var cached) && DateTimeOffset.UtcNow - cached.At < CacheLifetime)
        {
            return cached.Items;
        }

        var sink = new CollectingSink();
        try
        {
            using var cancellation = new CancellationTokenSource(Budget);
            Task.Run(() => fetch(source, sink, cancellation.Token), cancellation.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is OnCallException or OperationCanceledException)
        {
            return Array.Empty<(string, string)>();
        }

        var items = sink.Of<T>().Select(describe).Where(i => !string.IsNullOrEmpty(i.Value)).Distinct().ToList();
        Cache[key] = (DateTimeOffset.UtcNow, items);
        return items;
    }
}
