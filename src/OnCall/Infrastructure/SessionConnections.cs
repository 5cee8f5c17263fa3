using System;
using System.Management.Automation.Runspaces;
using OnCall.Engine.Connections;

namespace OnCall.Infrastructure;

/// <summary>The connection registry of the runspace the calling pipeline runs in.</summary>
internal static class SessionConnections
{
    public static ConnectionRegistry Current => ConnectionRegistry.ForSession(SessionId);

    public static void ForgetCurrentSession() => ConnectionRegistry.ForgetSession(SessionId);

    private static Guid SessionId => Runspace.DefaultRunspace?.InstanceId ?? Guid.Empty;
}
