using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace OnCall.Engine.Connections;

/// <summary>
/// The named connections of one PowerShell session (runspace). The most recent Connect-OnCall is the
/// default. Two runspaces in one process keep separate registries.
/// </summary>
public sealed class ConnectionRegistry
{
    private static readonly ConcurrentDictionary<Guid, ConnectionRegistry> Sessions = new();

    private readonly object _gate = new();
    private readonly List<ConnectionContext> _connections = new();
    private string? _defaultName;

    public static ConnectionRegistry ForSession(Guid sessionId) => Sessions.GetOrAdd(sessionId, _ => new ConnectionRegistry());

    /// <summary>Drops a session's connections (module removal, runspace close).</summary>
    public static void ForgetSession(Guid sessionId)
    {
        if (Sessions.TryRemove(sessionId, out var registry))
        {
            registry.Clear();
        }
    }

    /// <summary>Adds or replaces a connection by name and makes it the default.</summary>
    public void Add(ConnectionContext context)
    {
        lock (_gate)
        {
            var existing = _connections.FindIndex(c => string.Equals(c.Name, context.Name, StringComparison.OrdinalIgnoreCase));
            if (existing >= 0)
            {
                _connections[existing].Dispose();
                _connections.RemoveAt(existing);
            }

            _connections.Add(context);
            _defaultName = context.Name;
            RefreshDefaultFlags();
        }
    }

    public bool Remove(string name)
    {
        lock (_gate)
        {
            var index = _connections.FindIndex(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                return false;
            }

            _connections[index].Dispose();
            _connections.RemoveAt(index);
            if (string.Equals(_defaultName, name, StringComparison.OrdinalIgnoreCase))
            {
                // The previous connection becomes the default again, as a stack would.
                _defaultName = _connections.Count > 0 ? _connections[_connections.Count - 1].Name : null;
            }

            RefreshDefaultFlags();
            return true;
        }
    }

    public IReadOnlyList<ConnectionContext> All
    {
        get
        {
            lock (_gate)
            {
                return _connections.ToArray();
            }
        }
    }

    /// <summary>
    /// The named connection, or the default when name is null or empty. A clear error when there is none,
    /// naming the connections that exist.
    /// </summary>
    public ConnectionContext Resolve(string? name, OnCallProvider? provider = null)
    {
        lock (_gate)
        {
            if (string.IsNullOrEmpty(name))
            {
                var candidate = provider is null
                    ? _connections.FirstOrDefault(c => string.Equals(c.Name, _defaultName, StringComparison.OrdinalIgnoreCase))
                    : (_connections.LastOrDefault(c => c.Provider == provider && string.Equals(c.Name, _defaultName, StringComparison.OrdinalIgnoreCase))
                       ?? _connections.LastOrDefault(c => c.Provider == provider));
                return candidate ?? throw new OnCallException(
                    OnCallErrorKind.InvalidOperation,
                    "NotConnected",
                    provider is null
                        ? "There is no OnCall connection in this session."
                        : $"There is no {provider} connection in this session.",
                    provider);
            }

            var found = _connections.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
            if (found is null)
            {
                var known = _connections.Count == 0 ? "none" : string.Join(", ", _connections.Select(c => c.Name));
                throw new OnCallException(OnCallErrorKind.NotFound, "ConnectionNotFound", $"There is no OnCall connection named '{name}' (connections: {known}).", provider, name);
            }

            return found;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
            _defaultName = null;
        }
    }

    private void RefreshDefaultFlags()
    {
        foreach (var connection in _connections)
        {
            connection.Info.IsDefault = string.Equals(connection.Name, _defaultName, StringComparison.OrdinalIgnoreCase);
        }
    }
}
