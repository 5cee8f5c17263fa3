using OnCall.Emulator;

namespace OnCall.Module.Tests.Infrastructure;

/// <summary>One emulator for a test class, started on 127.0.0.1 with a free port.</summary>
public class EmulatorFixture : IAsyncLifetime
{
    public EmulatorServer Server { get; private set; } = null!;

    public Uri BaseUri => Server.BaseUri;

    public virtual async Task InitializeAsync() => Server = await EmulatorServer.StartAsync(Options());

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Connect-OnCall to the emulator's VictorOps with the demo keys and one retry.</summary>
    public string ConnectVictorOps(string name = "vo", string extra = "") => ConnectCommands.ConnectVictorOps(BaseUri, name, "-MaximumRetryCount 1 " + extra);

    /// <summary>Connect-OnCall to the emulator's Datadog with the demo keys.</summary>
    public string ConnectDatadog(string name = "dd", string extra = "") => ConnectCommands.ConnectDatadog(BaseUri, name, extra);

    /// <summary>Connect-OnCall to the emulator's ZStack with the demo token.</summary>
    public string ConnectZStack(string name = "zs", string extra = "") => ConnectCommands.ConnectZStack(BaseUri, name, extra);

    /// <summary>How the emulator starts: VictorOps' reporting API allows a call every 300 ms instead of a minute.</summary>
    protected virtual EmulatorOptions Options() => new() { ReportingInterval = TimeSpan.FromMilliseconds(300) };
}

/// <summary>
/// One emulator and one runspace for a test class: the module is imported once, not per test. The tests of a class run
/// one after another in that runspace; each takes it through <see cref="Fresh"/>, which makes the class's connections
/// anew, so nothing the test before read or cached (VictorOps' directory, say) stands in for a request, and leaves
/// the host's text empty. What a test arms on the emulator it removes in a finally.
/// </summary>
public class SessionFixture : EmulatorFixture
{
    public PowerShellSession Session { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Session = new PowerShellSession();
    }

    public override async Task DisposeAsync()
    {
        Session?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>The runspace with only the class's connections, made anew, and no text in its host.</summary>
    public PowerShellSession Fresh()
    {
        Session.RunOk("Disconnect-OnCall -All");
        foreach (var connect in Connections())
        {
            Session.RunOk(connect + " | Out-Null");
        }

        Session.Host.ClearText();
        return Session;
    }

    /// <summary>The connections each test starts with; the last one is the default.</summary>
    protected virtual IEnumerable<string> Connections() => [ConnectVictorOps("vo", "-NoClientPacing")];
}

/// <summary>A <see cref="SessionFixture"/> whose tests start with no connection: tests of connecting.</summary>
public sealed class UnconnectedSessionFixture : SessionFixture
{
    protected override IEnumerable<string> Connections() => [];
}
